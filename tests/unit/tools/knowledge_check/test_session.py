"""The knowledge-check engine, without a kernel."""

from __future__ import annotations

import pytest

from kosguide.core.data_loader import load_course_data
from kosguide.tools.knowledge_check.models import KnowledgeCheck, Option, Question
from kosguide.tools.knowledge_check.session import CheckSession, grade

SINGLE = Question("q-single", "single", "题？", (Option("对", True, "好"), Option("错", False, "不好")), "因为。")
MULTI = Question(
    "q-multi", "multiple", "多选？",
    (Option("甲", True), Option("乙", True), Option("丙", False, "丙不对")), "甲乙都对。",
)
CHECK = KnowledgeCheck("demo", "ch01", "演示", (SINGLE, MULTI))


def test_single_right_and_wrong() -> None:
    right = grade(SINGLE, [0])
    assert right.correct and right.message == "回答正确！" and right.explanation == "因为。"
    wrong = grade(SINGLE, [1])
    assert not wrong.correct and wrong.wrong == {1} and wrong.missed == {0}
    assert wrong.option_feedback == ((1, "不好"),)


def test_multiple_partial_answers_say_what_is_off() -> None:
    assert "漏了 1 个" in grade(MULTI, [0]).message
    assert "多选了 1 个" in grade(MULTI, [0, 1, 2]).message
    assert grade(MULTI, [1, 0]).correct


def test_empty_answer_is_a_hint_not_a_grade() -> None:
    result = grade(SINGLE, [])
    assert not result.correct and "还没有选择" in result.message and result.explanation == ""


def test_out_of_range_option_is_refused() -> None:
    with pytest.raises(ValueError, match="超出范围"):
        grade(SINGLE, [5])


def test_session_counts_first_tries_and_allows_retries() -> None:
    session = CheckSession(CHECK)
    session.answer("q-single", [1])
    session.answer("q-single", [0])
    session.answer("q-multi", [])  # not an attempt
    assert session.answered == 1
    assert "已作答 1/2 题" in session.summary()
    session.answer("q-multi", [0, 1])
    assert session.correct_now == 2 and session.correct_first_try == 1
    assert "第一次就答对 1 题" in session.summary()
    assert session.results() == {"check": "demo", "total": 2, "correct_first_try": 1,
                                 "missed_first_try": ["q-single"]}


def test_every_packaged_question_has_a_right_answer_that_grades_correct() -> None:
    for check in load_course_data([]).knowledge_checks.values():
        for question in check.questions:
            assert grade(question, question.correct_indexes).correct
            wrong = [i for i in range(len(question.options)) if i not in question.correct_indexes]
            if wrong:
                assert not grade(question, wrong[:1]).correct
