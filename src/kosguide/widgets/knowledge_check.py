"""ipywidgets view of a chapter's knowledge check (choose, check, see why)."""

from __future__ import annotations

import ipywidgets as w

from ..data_loader import default_course_data
from ..escaping import escape_html, escape_multiline
from ..knowledge_check import CheckSession, Grade
from ..models import KnowledgeCheck, Question
from .common import COLORS, message_html


def _feedback_html(question: Question, result: Grade) -> str:
    if not result.selected:
        return message_html(result.message, "info")
    parts = [message_html(result.message, "ok" if result.correct else "bad")]
    for index, text in result.option_feedback:
        label = escape_html(question.options[index].text)
        parts.append(f'<div style="margin:2px 0"><b>「{label}」</b>:{escape_multiline(text)}</div>')
    parts.append(
        f'<div style="color:{COLORS["muted"]};margin-top:4px"><b>讲解</b>:'
        f"{escape_multiline(result.explanation)}</div>"
    )
    return "".join(parts)


class KnowledgeCheckView:
    """One box per question; every control is a native, keyboard-reachable input or button."""

    def __init__(self, check: KnowledgeCheck) -> None:
        self.session = CheckSession(check)
        self.summary = w.HTML(message_html(self.session.summary()))
        boxes = [w.HTML(f"<h3>{escape_html(check.title)}</h3>")]
        boxes += [self._question_box(n, q) for n, q in enumerate(check.questions, start=1)]
        boxes.append(self.summary)
        self.widget = w.VBox(boxes)

    def _question_box(self, number: int, question: Question) -> w.VBox:
        kind = "多选" if question.kind == "multiple" else "单选"
        header = w.HTML(f"<b>{number}.({kind})</b> {escape_multiline(question.prompt)}")
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
            result = self.session.answer(question.id, selected())
            feedback.value = _feedback_html(question, result)
            self.summary.value = message_html(self.session.summary())

        button.on_click(on_check)
        return w.VBox([header, choice_widget, button, feedback],
                      layout=w.Layout(border=f"1px solid {COLORS['border']}", padding="8px",
                                      margin="6px 0"))


def show_knowledge_check(check_id: str) -> w.VBox:
    """Display the knowledge check ``check_id`` (e.g. ``"ch01"``) and return its widget."""
    check = default_course_data().knowledge_check(check_id)
    view = KnowledgeCheckView(check)
    return view.widget
