"""The static knowledge check HTML written by the ``kos-quiz`` Sphinx directive."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.tools.knowledge_check.models import KnowledgeCheck, Option, Question

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "book" / "_ext"))

from kos_quiz import render_quiz_html  # importable thanks to the sys.path entry above


class Collector(HTMLParser):
    """Start tags with their attributes, and all text, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_class(self, cls: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.tags if cls in (a.get("class") or "").split()]


def parse(markup: str) -> Collector:
    parser = Collector()
    parser.feed(markup)
    parser.close()
    return parser


# Tags the renderer itself writes; data can never add another one.
OWN_TAGS = {"section", "p", "ol", "ul", "li", "div", "span", "button", "details", "summary", "b"}


def make_check(prompt: str = "下面哪一项正确?", option_text: str = "选项", explanation: str = "讲解",
               feedback: str = "反馈", title: str = "第 1 章 知识检查") -> KnowledgeCheck:
    return KnowledgeCheck(
        id="ch99",
        chapter="ch99",
        title=title,
        questions=(
            Question(
                id="q-single",
                kind="single",
                prompt=prompt,
                options=(
                    Option(option_text + "甲", True, feedback),
                    Option(option_text + "乙", False, feedback + "!"),
                    Option(option_text + "丙", False, ""),
                ),
                explanation=explanation,
                source="003",
            ),
            Question(
                id="q-multiple",
                kind="multiple",
                prompt="多选:" + prompt,
                options=(
                    Option("对的一", True, "是的"),
                    Option("对的二", True, ""),
                    Option("错的", False, "不是"),
                ),
                explanation="多选讲解",
            ),
        ),
    )


def test_every_question_and_option_is_present() -> None:
    check = make_check()
    doc = parse(render_quiz_html(check))
    text = "".join(doc.text)
    assert check.title in text
    sections = [a for tag, a in doc.tags if tag == "section"]
    assert sections[0]["data-check-id"] == "ch99"
    assert sections[0]["data-total"] == "2"
    questions = doc.with_class("kos-quiz-question")
    assert [q["data-question-id"] for q in questions] == ["q-single", "q-multiple"]
    assert [q["data-kind"] for q in questions] == ["single", "multiple"]
    buttons = doc.with_class("kos-quiz-option")
    assert len(buttons) == sum(len(q.options) for q in check.questions)
    for question in check.questions:
        assert question.prompt in text
        assert question.explanation in text
        for option in question.options:
            assert option.text in text
    # one 检查答案 button, for the multiple-choice question only; one 重做 and a score line
    assert len(doc.with_class("kos-quiz-check")) == 1
    assert len(doc.with_class("kos-quiz-reset")) == 1
    assert "已答对 0/2 题" in text


def test_correct_answers_are_marked_with_data_attributes() -> None:
    check = make_check()
    doc = parse(render_quiz_html(check))
    buttons = doc.with_class("kos-quiz-option")
    expected = [o.correct for q in check.questions for o in q.options]
    assert [b["data-correct"] == "true" for b in buttons] == expected
    assert {b["data-correct"] for b in buttons} == {"true", "false"}
    assert [b["data-feedback"] for b in buttons][:3] == ["反馈", "反馈!", ""]
    assert all(b["aria-pressed"] == "false" for b in buttons)
    assert all(b["type"] == "button" for b in buttons)


def test_works_without_javascript() -> None:
    doc = parse(render_quiz_html(make_check()))
    # Buttons do nothing until kos-quiz.js enables them; the answer key is in <details>.
    assert all("disabled" in b for b in doc.with_class("kos-quiz-option"))
    assert all("hidden" in b for b in doc.with_class("kos-quiz-check"))
    assert all("hidden" in b for b in doc.with_class("kos-quiz-footer"))
    assert len([t for t, _ in doc.tags if t == "details"]) == 2
    assert "正确答案:A" in "".join(doc.text).replace("：", ":")
    feedback = doc.with_class("kos-quiz-feedback")
    assert len(feedback) == 2
    assert all(f["aria-live"] == "polite" for f in feedback)


def test_html_in_data_is_escaped() -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    check = make_check(prompt=evil, option_text=evil, explanation=evil, feedback=evil,
                       title=evil)
    markup = render_quiz_html(check)
    assert "<script" not in markup.lower()
    assert "<img" not in markup.lower()
    doc = parse(markup)
    assert {tag for tag, _ in doc.tags} <= OWN_TAGS
    assert evil in "".join(doc.text)  # shown to the learner as text, not run
    assert doc.with_class("kos-quiz-option")[0]["data-feedback"] == evil
    assert all("onerror" not in attrs for _, attrs in doc.tags)


def test_quote_in_attribute_cannot_break_out() -> None:
    check = make_check(feedback='" onclick="alert(1)" data-x="')
    doc = parse(render_quiz_html(check))
    assert all("onclick" not in attrs for _, attrs in doc.tags)


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None)
@given(prompt=text_strategy, option=text_strategy, explanation=text_strategy, feedback=st.text(max_size=40),
       title=text_strategy)
def test_arbitrary_text_never_becomes_markup(prompt: str, option: str, explanation: str,
                                             feedback: str, title: str) -> None:
    markup = render_quiz_html(make_check(prompt, option, explanation, feedback, title))
    assert "<script" not in markup.lower()
    doc = parse(markup)
    assert {tag for tag, _ in doc.tags} <= OWN_TAGS
    # every "<" in the output starts one of the renderer's own tags
    skeleton = render_quiz_html(make_check("P", "O", "E", "F", "T"))
    assert markup.count("<") == skeleton.count("<")


CHECK_TOML = """
id = "zz-test"
chapter = "ch99"
title = "临时知识检查"

[[questions]]
id = "q1"
kind = "single"
prompt = "哪一项 <b>正确</b>?"
explanation = "因为如此。"
options = [
  { text = "这一项", correct = true, feedback = "对。" },
  { text = "那一项", correct = false },
]
"""


def build_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> tuple[Path, str]:
    """Build a one-page Sphinx project using the extension; return (out dir, warnings)."""
    from io import StringIO

    from sphinx.application import Sphinx

    data = tmp_path / "data"
    (data / "knowledge_checks").mkdir(parents=True)
    (data / "knowledge_checks" / "zz-test.toml").write_text(CHECK_TOML, encoding="utf-8")
    monkeypatch.setenv("KOSGUIDE_DATA_DIR", str(data))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['kos_quiz']\n", encoding="utf-8")
    (src / "index.rst").write_text("测试\n====\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "out"
    warnings = StringIO()
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return out, warnings.getvalue()


def test_directive_renders_and_tracks_the_data_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out, warnings = build_page(tmp_path, monkeypatch, ".. kos-quiz:: zz-test")
    assert warnings == ""
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'data-check-id="zz-test"' in page
    assert "哪一项 &lt;b&gt;正确&lt;/b&gt;?" in page
    env_deps = (tmp_path / "doctrees" / "environment.pickle").read_bytes()
    assert b"zz-test.toml" in env_deps  # env.note_dependency: editing the TOML rebuilds the page


def test_unknown_check_id_is_a_build_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _, warnings = build_page(tmp_path, monkeypatch, ".. kos-quiz:: no-such-check")
    assert "ERROR" in warnings
    assert "no-such-check" in warnings
    assert "zz-test" in warnings  # the message lists the ids that do exist
