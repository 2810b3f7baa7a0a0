"""ipywidgets view of a chapter's knowledge check (choose, check, see why)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ...core.cards import COLORS, message_html
from ...core.data_loader import default_course_data
from ...core.storage import StorageError
from ...core.text import escape_html, escape_multiline
from ..results.results import KNOWLEDGE_FILE, record_first_tries
from .models import KnowledgeCheck, Question
from .session import CheckSession, Grade


def _feedback_html(question: Question, result: Grade) -> str:
    if not result.selected:
        return message_html(result.message, "info")
    parts = [message_html(result.message, "ok" if result.correct else "bad")]
    for index, text in result.option_feedback:
        label = escape_html(question.options[index].text)
        parts.append(f'<div style="margin:2px 0"><b>「{label}」</b>：{escape_multiline(text)}</div>')
    parts.append(
        f'<div style="color:{COLORS["muted"]};margin-top:4px"><b>讲解</b>：'
        f"{escape_multiline(result.explanation)}</div>"
    )
    return "".join(parts)


class KnowledgeCheckView:
    """One box per question; every control is a native, keyboard-reachable input or button.

    With ``results_path`` set, each question's first-try result (question id and right/wrong only) is
    merged into that local file, which the learner may later export (:mod:`kosguide.class_results`).
    """

    def __init__(self, check: KnowledgeCheck, results_path: str | Path | None = None) -> None:
        self.session = CheckSession(check)
        self.results_path = Path(results_path) if results_path is not None else None
        self.summary = w.HTML(message_html(self.session.summary()))
        self.record_status = w.HTML()
        boxes = [w.HTML(f"<h3>{escape_html(check.title)}</h3>")]
        boxes += [self._question_box(n, q) for n, q in enumerate(check.questions, start=1)]
        boxes += [self.summary, self.record_status]
        self.widget = w.VBox(boxes)

    def _question_box(self, number: int, question: Question) -> w.VBox:
        kind = "多选" if question.kind == "multiple" else "单选"
        header = w.HTML(f"<b>{number}.（{kind}）</b> {escape_multiline(question.prompt)}")
        labels = [o.text for o in question.options]
        if question.kind == "single":
            chooser = w.RadioButtons(options=[(label, i) for i, label in enumerate(labels)],
                                     value=None, layout=w.Layout(width="auto"))

            def selected() -> list[int]:
                return [] if chooser.value is None else [chooser.value]

            choice_widget: w.Widget = chooser
        else:
            boxes = [w.Checkbox(value=False, description=label, indent=False,
                                layout=w.Layout(width="auto")) for label in labels]

            def selected() -> list[int]:
                return [i for i, box in enumerate(boxes) if box.value]

            choice_widget = w.VBox(boxes)
        button = w.Button(description="检查答案", button_style="primary", icon="check",
                          tooltip="检查这道题的答案")
        feedback = w.HTML()

        def on_check(_: object) -> None:
            first = question.id not in self.session.first_tries
            result = self.session.answer(question.id, selected())
            feedback.value = _feedback_html(question, result)
            self.summary.value = message_html(self.session.summary())
            if first and question.id in self.session.first_tries:
                self.record()

        button.on_click(on_check)
        return w.VBox([header, choice_widget, button, feedback],
                      layout=w.Layout(border=f"1px solid {COLORS['border']}", padding="8px",
                                      margin="6px 0"))


    def record(self) -> None:
        """Merge the first tries so far into the local results file (nothing when no file is set)."""
        if self.results_path is None:
            return
        try:
            record_first_tries(self.session.check.id, len(self.session.check.questions),
                               self.session.first_tries, self.results_path)
        except StorageError as exc:
            self.record_status.value = message_html(f"第一次作答的结果没能记到本机：{exc}", "bad")
            return
        self.record_status.value = message_html(
            f"第一次作答的对错已记在本机文件 {self.results_path.name}（只记题号和对错）。", "muted")


def show_knowledge_check(check_id: str, results_path: str | Path | None = KNOWLEDGE_FILE) -> w.VBox:
    """Display the knowledge check ``check_id`` (e.g. ``"ch01"``) and return its widget.

    First-try results are recorded in ``results_path`` (``None``: not recorded).
    """
    check = default_course_data().knowledge_check(check_id)
    view = KnowledgeCheckView(check, results_path)
    return view.widget
