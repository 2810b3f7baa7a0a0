"""One term per concept (TEACHING-DECISIONS.md, book/style-guide.md): banned variants never reach a learner.

Scans book/*.md, workbooks/*.ipynb, every file under src/kosguide/data/ and the string literals of
src/kosguide/**/*.py, and prints ``file:line`` for each hit so the fix is quick.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# banned variant -> the course's term to use instead
BANNED = {
    "期望管理": "预期管理（来源 000 的原词“期望值管理”只在引用时出现）",
    "预期差": "期望差",
    "预期值": "期望值",
    "信任的四个因素": "信任四要素",
    "信任的四个来源": "信任四要素",
    "四个信任因素": "信任四要素",
    "账户计划": "客户经营计划",
}
# 续签 is the source's word: it may appear only on a line that also says 续约.
SOURCE_WORD_BESIDE = {"续签": "续约"}
# The style guide lists the banned variants on purpose.
EXEMPT = {"book/style-guide.md"}


def _md_lines(path: Path) -> list[tuple[str, str]]:
    return [(str(n), line) for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)]


def _notebook_lines(path: Path) -> list[tuple[str, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(f"单元格 {c}, 第 {n} 行", line)
            for c, cell in enumerate(cells, start=1)
            for n, line in enumerate("".join(cell["source"]).split("\n"), start=1)]


def _python_string_lines(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for offset, line in enumerate(node.value.split("\n")):
                out.append((str(node.lineno + offset), line))
    return out


def _files() -> list[Path]:
    data = [p for p in (ROOT / "src" / "kosguide" / "data").rglob("*") if p.is_file() and p.suffix in
            {".toml", ".json", ".txt", ".md", ".csv", ".yml", ".yaml"}]
    return sorted([*ROOT.glob("book/*.md"), *ROOT.glob("workbooks/*.ipynb"), *data,
                   *(ROOT / "src" / "kosguide").rglob("*.py")])


def _lines(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".ipynb":
        return _notebook_lines(path)
    if path.suffix == ".py":
        return _python_string_lines(path)
    return _md_lines(path)


def _hits(path: Path, root: Path = ROOT) -> list[str]:
    rel = path.relative_to(root).as_posix()
    if rel in EXEMPT:
        return []
    hits = []
    for where, line in _lines(path):
        for word, use in BANNED.items():
            if word in line:
                hits.append(f"{rel}:{where}: 「{word}」→ 请改用「{use}」")
        for word, partner in SOURCE_WORD_BESIDE.items():
            if word in line and partner not in line:
                hits.append(f"{rel}:{where}: 「{word}」只能作为来源原词出现在「{partner}」旁边")
    return hits


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_banned_term_variants(path: Path) -> None:
    hits = _hits(path)
    for hit in hits:
        print(hit)
    assert hits == [], "出现了统一术语之外的写法：\n" + "\n".join(hits)


def test_the_scan_finds_a_planted_variant(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("第一行\n做好期望管理和账户计划\n续签\n续签（即续约）\n", encoding="utf-8")
    hits = _hits(page, tmp_path)
    assert [h.split(":")[1] for h in hits] == ["2", "2", "3"]
    assert "期望管理" in hits[0] and "账户计划" in hits[1] and "续约" in hits[2]
