"""CJK-friendly Markdown (book/_ext/kos_cjk_markdown.py) and the Chinese typography rules
(tools/typography.py), without building the book."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docutils import nodes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import kos_cjk_markdown  # noqa: E402
from typography import CODE_MARK, check_line, fix_markdown, font_charset  # noqa: E402


def test_emphasis_after_full_width_punctuation_renders_strong() -> None:
    kos_cjk_markdown.install()
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers import mdit

    md = mdit.create_md_parser(MdParserConfig(), RendererHTML)
    html = md.render("关系要稳。**这是课程的解读，不是讲义原话。**，然后继续\n下一行")
    assert "<strong>这是课程的解读，不是讲义原话。</strong>" in html
    assert "**" not in html
    assert "继续下一行" in html  # no stray space at a soft break between Chinese characters


def test_literal_markers_are_found_outside_code_only() -> None:
    para = nodes.paragraph("", "", nodes.Text("结果。**这是"), nodes.literal("", "a__b**c"))
    assert kos_cjk_markdown.literal_markers(para) == ["结果。**这是"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("第1章讲客情", "缺空格"),
        ("引用了TNS 中国的研究", "缺空格"),
        ("客户满意度。 关系好的客户", "多了空格"),
        ("信任很重要, 对吧", "半角标点"),
        ("这是**强调", "Markdown"),
    ],
)
def test_each_rule_is_reported(line: str, rule: str) -> None:
    problems = check_line(line, "p")
    assert any(rule in p.rule for p in problems), problems


def test_good_text_and_code_pass() -> None:
    assert check_line(f"第 1 章讲 KOS 的客情，运行{CODE_MARK}即可。", "p") == []


def test_missing_glyphs_are_reported() -> None:
    charset = font_charset()
    if charset is None:
        pytest.skip("Noto Sans CJK SC 未安装（make system-deps 会安装）")
    assert check_line("客情关系 ✓", "p", charset) == []
    problems = check_line("客情关系 📌", "p", charset)
    assert [p.text for p in problems] == ["📌"]


def test_fixer_applies_the_rules_and_leaves_code_alone() -> None:
    source = "\n".join([
        "(ch01)=",
        "# 第1章 客情",
        "**拓宽人脉。** 一位客户用了3年,很满意。见{ref}`ch01`和`make serve`。",
        "```python",
        "x = 1  # 第1章",
        "```",
    ])
    fixed = fix_markdown(source).split("\n")
    assert fixed[0] == "(ch01)="
    assert fixed[1] == "# 第 1 章 客情"
    assert fixed[2] == "**拓宽人脉。**一位客户用了 3 年，很满意。见{ref}`ch01`和`make serve`。"
    assert fixed[4] == "x = 1  # 第1章"
    assert fix_markdown("\n".join(fixed)) == "\n".join(fixed)
