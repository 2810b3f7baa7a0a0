"""The thin widget views, driven without a kernel: clicking a button updates what the learner sees."""

from __future__ import annotations

import ipywidgets as w

from kosguide.tools.knowledge_check.models import KnowledgeCheck, Option, Question
from kosguide.tools.knowledge_check.widget import KnowledgeCheckView, show_knowledge_check
from kosguide.tools.reflection.cards import reflection_card

EVIL = "<script>alert('x')</script>"
CHECK = KnowledgeCheck(
    "demo", "ch01", f"演示{EVIL}",
    (Question("q1", "single", f"题{EVIL}", (Option(f"对{EVIL}", True, f"好{EVIL}"), Option("错", False)), "讲解"),
     Question("q2", "multiple", "多选", (Option("甲", True), Option("乙", True), Option("丙", False)), "甲乙")),
)


def parts(view: KnowledgeCheckView, index: int) -> list[w.Widget]:
    return list(view.widget.children[index].children)


def test_single_question_check_shows_result_and_explanation() -> None:
    view = KnowledgeCheckView(CHECK)
    _, radios, button, feedback = parts(view, 1)
    button.click()
    assert "还没有选择答案" in feedback.value
    radios.value = 0
    button.click()
    assert "回答正确" in feedback.value and "讲解" in feedback.value
    assert "已作答 1/2 题" in view.summary.value


def test_multiple_question_uses_checkboxes() -> None:
    view = KnowledgeCheckView(CHECK)
    _, boxes, button, feedback = parts(view, 2)
    boxes.children[0].value = True
    button.click()
    assert "漏了 1 个" in feedback.value
    boxes.children[1].value = True
    button.click()
    assert "回答正确" in feedback.value


def test_learner_visible_html_is_escaped() -> None:
    view = KnowledgeCheckView(CHECK)
    _, radios, button, feedback = parts(view, 1)
    radios.value = 0
    button.click()
    html = view.widget.children[0].value + parts(view, 1)[0].value + feedback.value
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_show_knowledge_check_for_chapter_one() -> None:
    widget = show_knowledge_check("ch01")
    assert isinstance(widget, w.VBox) and len(widget.children) >= 3


def test_reflection_card_escapes_and_counts() -> None:
    card = reflection_card({"问题一": EVIL, "问题二": "", "问题三": "x" * 3000})._repr_html_()
    assert "<script>" not in card and "已填写 2/3 项" in card and "（未填写）" in card and "共 3000 字" in card
    assert "字典" in reflection_card(["not", "a", "dict"])._repr_html_()  # type: ignore[arg-type]


def test_save_reflection_writes_locally_and_reports_errors(tmp_path) -> None:
    from kosguide.core.storage import load_json
    from kosguide.tools.reflection.cards import save_reflection

    target = tmp_path / "r.kosguide.json"
    shown = save_reflection({"问题": f"答案{EVIL}"}, str(target))._repr_html_()
    assert "已保存到本机文件" in shown and "<script>" not in shown
    assert load_json(target).data["answers"] == {"问题": f"答案{EVIL}"}
    failed = save_reflection({"问题": "x"}, "/proc/no-such-dir/r.json")._repr_html_()
    assert "无法保存到" in failed
