#!/usr/bin/env python3
"""Chinese typography of what a learner reads: check the built pages, fix the Markdown sources.

Rules (the course's own; written down in DEVELOPERS.md, section "中文排版"):

1. Full-width punctuation inside Chinese text (``tools/fullwidth.py`` decides what counts).
2. One half-width space between a Chinese character and an Arabic numeral or a Latin letter
   (e.g. "第 1 章" and "引用了 TNS 中国的研究"); no space between a full-width punctuation mark and what stands next
   to it (“，”“。”“（”… carry their own spacing).
3. No literal Markdown emphasis markers (``**``, ``__``) in visible text outside code.
4. Every character is in the fonts the site declares for Chinese (``--kos-font-cjk`` in
   ``book/_static/kosguide.css``; Noto Sans CJK SC is the reference font checked here): no emoji or
   symbol that would show as an empty box.

``--check [SITE]`` reads the built pages (default ``_build/html``) and lists each problem with its
page; exit status 1 when there is any. ``--fix FILE...`` applies rules 1 and 2 to Markdown sources,
leaving code, MyST roles and labels, URLs and directive lines alone.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fullwidth import fix_line
from site_text import prose_lines, site_pages

ROOT = Path(__file__).resolve().parents[1]
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH_PUNCT = "，。、；：？！（）“”‘’《》「」『』【】〔〕…—～"
MISSING_SPACE = re.compile(rf"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")
# A space between a full-width mark and a Chinese character or another full-width mark (after "A." it is fine).
SPACE_BY_PUNCT = re.compile(rf"(?<=[{FULLWIDTH_PUNCT}]) +(?=[{HAN}{FULLWIDTH_PUNCT}])"
                            rf"|(?<=[{HAN}{FULLWIDTH_PUNCT}]) +(?=[{FULLWIDTH_PUNCT}])")
MARKERS = re.compile(r"\*\*|__")
REFERENCE_FONT = "Noto Sans CJK SC"
CODE_MARK = "\u2063"  # site_text puts this where code stood


@dataclass(frozen=True)
class Problem:
    page: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}：「{self.text}」"


def _around(line: str, start: int, end: int) -> str:
    return line[max(0, start - 10):end + 10].replace(CODE_MARK, "…")


@functools.cache
def font_charset(family: str = REFERENCE_FONT) -> frozenset[int] | None:
    """Code points covered by ``family`` (via fontconfig), or None when it is not installed."""
    if not shutil.which("fc-list"):
        return None
    out = subprocess.run(["fc-list", f"{family}:style=Regular", "--format", "%{charset}\n"],
                         capture_output=True, text=True, check=False).stdout.strip()
    if not out:
        return None
    points: set[int] = set()
    for part in out.splitlines()[0].split():
        low, _, high = part.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(points)


def check_line(line: str, page: str, charset: frozenset[int] | None = None) -> list[Problem]:
    """Problems of one line of visible prose (code already replaced by ``CODE_MARK``)."""
    problems: list[Problem] = []
    for segment in line.split(CODE_MARK):
        if fix_line(segment) != segment:
            problems.append(Problem(page, "中文里用了半角标点", segment[:40]))
        for m in MISSING_SPACE.finditer(segment):
            problems.append(Problem(page, "中文与数字或拉丁字母之间缺空格", _around(segment, m.start(), m.end())))
        for m in SPACE_BY_PUNCT.finditer(segment):
            problems.append(Problem(page, "全角标点旁多了空格", _around(segment, m.start(), m.end())))
        for m in MARKERS.finditer(segment):
            problems.append(Problem(page, "正文里出现了 Markdown 标记", _around(segment, m.start(), m.end())))
    if charset is not None:
        missing = sorted({ch for ch in line if ord(ch) > 0x7F and ch != CODE_MARK and ord(ch) not in charset})
        for ch in missing:
            problems.append(Problem(page, f"字体里没有的字符 U+{ord(ch):04X}，会显示成方框", ch))
    return problems


def check_site(site: Path) -> list[Problem]:
    charset = font_charset()
    problems: list[Problem] = []
    for doc, path in site_pages(site).items():
        for line in prose_lines(path.read_text(encoding="utf-8")):
            problems += check_line(line, doc, charset)
    return problems


# --- fixer for Markdown sources -------------------------------------------------------------------

_PROTECTED = re.compile(
    r"`[^`\n]*`"                 # inline code and the target of a MyST role
    r"|\{[a-z:-]+\}"             # a role name such as {ref}
    r"|\]\([^)\n]*\)"            # a link target
    r"|https?://\S+"             # a bare URL
    r"|<[^>\n]+>"                # inline HTML
    r"|\$[^$\n]+\$"              # inline math
)


def fix_text(line: str) -> str:
    """Rules 1 and 2 on one line of Markdown prose, leaving code, roles, links and HTML alone."""
    out: list[str] = []
    last = 0
    for m in _PROTECTED.finditer(line):
        out.append(_fix_plain(line[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_fix_plain(line[last:]))
    return "".join(out)


def _fix_plain(text: str) -> str:
    text = fix_line(text)
    text = MISSING_SPACE.sub(" ", text)
    # A space after "。**" (a bold lead-in) or before a mark goes too: CJK-friendly emphasis parses without it.
    text = re.sub(rf"([{FULLWIDTH_PUNCT}](?:\*\*|\*|__)?) +(?=(?:\*\*|\*|__)?[{HAN}{FULLWIDTH_PUNCT}])", r"\1", text)
    return re.sub(rf"(?<=[{HAN}{FULLWIDTH_PUNCT}]) +((?:\*\*|\*|__)?[{FULLWIDTH_PUNCT}])", r"\1", text)


def fix_markdown(source: str) -> str:
    """The whole Markdown file with :func:`fix_text` applied to its prose lines only."""
    lines = source.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        opener = re.match(r"(`{3,}|~{3,}|:{3,})", stripped)
        if fence is None and opener:
            marker = opener.group(1)
            # Directive fences whose body is prose (admonitions, glossary) stay fixable.
            if marker.startswith("`") and not re.match(r"`{3,}\{(glossary|admonition|note|tip|important|warning)",
                                                       stripped):
                fence = marker
            continue
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        if (opener or stripped.startswith((":", "(", "---", "<!--", "|")) or re.match(r"^\(\w[\w-]*\)=", stripped)
                or line.startswith("    ")):
            continue
        lines[i] = fix_text(line)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fix"]:
        changed = 0
        for name in argv[1:]:
            path = Path(name)
            old = path.read_text(encoding="utf-8")
            new = fix_markdown(old)
            if new != old:
                path.write_text(new, encoding="utf-8")
                changed += 1
                print(f"已修正 {path}")
        print(f"{changed} 个文件有改动。")
        return 0
    site = Path(argv[1]) if argv[:1] == ["--check"] and len(argv) > 1 else ROOT / "_build" / "html"
    problems = check_site(site)
    for problem in problems:
        print(problem)
    if font_charset() is None:
        print(f"（没有安装 {REFERENCE_FONT}，跳过了字形检查。）")
    print(f"{len(problems)} 处排版问题。" if problems else "排版检查通过。")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
