"""Knowledge-check engine: grading and a session score, with no widget import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import KnowledgeCheck, Question


@dataclass(frozen=True)
class Grade:
    """The result of one answer to one question."""

    question_id: str
    correct: bool
    selected: frozenset[int]
    missed: frozenset[int]  # correct options the learner did not choose
    wrong: frozenset[int]  # options chosen that are not correct
    message: str
    explanation: str
    option_feedback: tuple[tuple[int, str], ...]


def grade(question: Question, selected: Iterable[int]) -> Grade:
    """Grade a selection of option indexes. An empty selection is graded with a hint, not a crash."""
    chosen = frozenset(int(i) for i in selected)
    out_of_range = [i for i in chosen if not 0 <= i < len(question.options)]
    if out_of_range:
        raise ValueError(f"选项编号超出范围：{sorted(out_of_range)}")
    correct = question.correct_indexes
    missed = correct - chosen
    wrong = chosen - correct
    ok = bool(chosen) and not missed and not wrong
    if not chosen:
        hint = "请先选一个选项。" if question.kind == "single" else "请勾选你认为正确的所有选项。"
        message = f"还没有选择答案。{hint}"
    elif ok:
        message = "回答正确！"
    elif question.kind == "multiple" and not wrong:
        message = f"方向对了，但还漏了 {len(missed)} 个正确选项。"
    elif question.kind == "multiple" and not missed:
        message = f"正确选项都选到了，但多选了 {len(wrong)} 个不正确的选项。"
    else:
        message = "还不对，看看下面的讲解再试一次。"
    feedback = tuple((i, question.options[i].feedback) for i in sorted(chosen) if question.options[i].feedback)
    return Grade(question.id, ok, chosen, missed, wrong, message,
                 question.explanation if chosen else "", feedback)


@dataclass
class CheckSession:
    """A learner working through one knowledge check. Retries are allowed; the first try counts."""

    check: KnowledgeCheck
    first_tries: dict[str, bool] = field(default_factory=dict)
    latest: dict[str, Grade] = field(default_factory=dict)

    def answer(self, question_id: str, selected: Iterable[int]) -> Grade:
        question = self.question(question_id)
        result = grade(question, selected)
        if result.selected:
            self.first_tries.setdefault(question_id, result.correct)
            self.latest[question_id] = result
        return result

    def question(self, question_id: str) -> Question:
        for question in self.check.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"本知识检查中没有编号为「{question_id}」的题目。")

    @property
    def answered(self) -> int:
        return len(self.latest)

    @property
    def correct_now(self) -> int:
        return sum(g.correct for g in self.latest.values())

    @property
    def correct_first_try(self) -> int:
        return sum(self.first_tries.values())

    def summary(self) -> str:
        total = len(self.check.questions)
        if self.answered < total:
            return f"已作答 {self.answered}/{total} 题，目前答对 {self.correct_now} 题。"
        return (f"全部 {total} 题已作答：现在答对 {self.correct_now} 题，"
                f"其中第一次就答对 {self.correct_first_try} 题。")

    def results(self) -> dict[str, object]:
        """An anonymous summary a learner may choose to export (question ids and scores only)."""
        return {
            "check": self.check.id,
            "total": len(self.check.questions),
            "correct_first_try": self.correct_first_try,
            "missed_first_try": sorted(q for q, ok in self.first_tries.items() if not ok),
        }
