"""Sphinx extension: the ``kos-quiz`` directive renders a chapter's knowledge check as static HTML.

Usage in a MyST page::

    ```{kos-quiz} ch01
    ```

The questions come from the same TOML file the notebook widget reads
(``kosguide/data/knowledge_checks/<id>.toml``, merged with ``KOSGUIDE_DATA_DIR``). The output is
plain HTML that works without JavaScript (a numbered list, the answer and explanation in
``<details>``); ``book/_static/kos-quiz.js`` turns it into an interactive check (buttons with
``aria-pressed``, feedback in an ``aria-live`` region, a score line and a reset button). No kernel and
no network request is needed.

Why not jupyterquiz: it needs a kernel-executed cell and its own JSON format, and the course keeps
one source of truth for its questions (the TOML files also used by ``kosguide.widgets``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import only
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

try:
    from kosguide.core.data_loader import DataError, load_course_data, packaged_data_dir, user_data_dirs
    from kosguide.core.text import escape_html
    from kosguide.tools.knowledge_check.models import KnowledgeCheck, Question
except ImportError:  # building from a checkout where the package is not installed yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from kosguide.core.data_loader import DataError, load_course_data, packaged_data_dir, user_data_dirs
    from kosguide.core.text import escape_html
    from kosguide.tools.knowledge_check.models import KnowledgeCheck, Question

__all__ = ["KosQuizDirective", "render_quiz_html", "setup"]

logger = logging.getLogger(__name__)

KIND_LABELS = {"single": "单选", "multiple": "多选"}
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letter(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def _text(value: str) -> str:
    """Escape data text for element content; line breaks are kept by CSS (white-space: pre-line)."""
    return escape_html(value)


def _attr(value: str) -> str:
    return escape_html(value)


def _question_html(check: KnowledgeCheck, question: Question) -> str:
    qid = f"kos-quiz-{check.id}-{question.id}"
    kind_label = KIND_LABELS.get(question.kind, question.kind)
    correct_letters = "、".join(_letter(i) for i in sorted(question.correct_indexes))
    options = []
    for index, option in enumerate(question.options):
        options.append(
            '<li class="kos-quiz-option-item">'
            f'<button type="button" class="kos-quiz-option" disabled aria-pressed="false"'
            f' data-index="{index}" data-correct="{"true" if option.correct else "false"}"'
            f' data-feedback="{_attr(option.feedback)}">'
            f'<span class="kos-quiz-letter">{_letter(index)}.</span> '
            f'<span class="kos-quiz-option-text">{_text(option.text)}</span>'
            "</button></li>"
        )
    feedback_items = [
        f"<li><b>{_letter(i)}.</b> {_text(o.text)}"
        + ("（正确）" if o.correct else "")
        + (f"：{_text(o.feedback)}" if o.feedback else "")
        + "</li>"
        for i, o in enumerate(question.options)
    ]
    source = (
        f'<p class="kos-quiz-source">出处：{_text(question.source)}</p>' if question.source else ""
    )
    check_button = (
        '<button type="button" class="kos-quiz-check" hidden>检查答案</button>'
        if question.kind == "multiple"
        else ""
    )
    hint = "可多选，选好后点“检查答案”。" if question.kind == "multiple" else "只有一个正确答案。"
    return (
        f'<li class="kos-quiz-question" id="{_attr(qid)}" data-question-id="{_attr(question.id)}"'
        f' data-kind="{_attr(question.kind)}">'
        f'<div class="kos-quiz-prompt" id="{_attr(qid)}-prompt">'
        f'<span class="kos-quiz-kind">（{_text(kind_label)}）</span>{_text(question.prompt)}</div>'
        f'<p class="kos-quiz-hint">{hint}</p>'
        f'<ul class="kos-quiz-options" role="group" aria-labelledby="{_attr(qid)}-prompt">'
        + "".join(options)
        + "</ul>"
        + check_button
        + f'<div class="kos-quiz-feedback" role="status" aria-live="polite" id="{_attr(qid)}-fb">'
        "</div>"
        '<details class="kos-quiz-answer">'
        "<summary>查看答案与讲解</summary>"
        f'<p class="kos-quiz-correct-answer"><b>正确答案：</b>{correct_letters}</p>'
        f'<ul class="kos-quiz-option-feedback">{"".join(feedback_items)}</ul>'
        f'<div class="kos-quiz-explanation"><b>讲解：</b>'
        f'<span class="kos-quiz-explanation-text">{_text(question.explanation)}</span></div>'
        + source
        + "</details></li>"
    )


def render_quiz_html(check: KnowledgeCheck) -> str:
    """Return the self-contained HTML of ``check``. Every string from the data is escaped."""
    total = len(check.questions)
    questions = "".join(_question_html(check, q) for q in check.questions)
    return (
        f'<section class="kos-quiz" data-check-id="{_attr(check.id)}" data-total="{total}"'
        f' aria-label="{_attr(check.title)}">'
        f'<p class="kos-quiz-title">{_text(check.title)}</p>'
        f'<p class="kos-quiz-intro">共 {total} 题。点选你认为正确的选项，马上就能看到对错和讲解；'
        "答案只在你的浏览器里判断，不会上传。</p>"
        f'<ol class="kos-quiz-questions">{questions}</ol>'
        '<div class="kos-quiz-footer" hidden>'
        f'<p class="kos-quiz-score" role="status" aria-live="polite">已答对 0/{total} 题</p>'
        '<button type="button" class="kos-quiz-reset">重做</button>'
        "</div>"
        "</section>"
    )


def _fallback_nodes(check: KnowledgeCheck) -> list[nodes.Node]:
    """A plain docutils version for non-HTML builders (LaTeX/PDF, text)."""
    container = nodes.container(classes=["kos-quiz-print"])
    container += nodes.paragraph(text=check.title)
    questions = nodes.enumerated_list()
    for question in check.questions:
        item = nodes.list_item()
        item += nodes.paragraph(text=f"（{KIND_LABELS.get(question.kind, question.kind)}）{question.prompt}")
        opts = nodes.bullet_list()
        for index, option in enumerate(question.options):
            opts += nodes.list_item("", nodes.paragraph(text=f"{_letter(index)}. {option.text}"))
        item += opts
        answer = "、".join(_letter(i) for i in sorted(question.correct_indexes))
        item += nodes.paragraph(text=f"正确答案：{answer}。讲解：{question.explanation}")
        questions += item
    container += questions
    return [container]


class KosQuizDirective(SphinxDirective):
    """``{kos-quiz} <check-id>``: the knowledge check with that id, rendered statically."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def _note_data_folders(self) -> None:
        # A new or renamed data file changes its folder's mtime, so the page is re-read.
        for root in [packaged_data_dir(), *user_data_dirs()]:
            folder = root / "knowledge_checks"
            if folder.is_dir():
                self.env.note_dependency(str(folder.resolve()))

    def run(self) -> list[nodes.Node]:
        check_id = self.arguments[0].strip()
        self._note_data_folders()
        try:
            check = load_course_data().knowledge_check(check_id)
        except KeyError as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise self.error(f"kos-quiz: unknown knowledge check id {check_id!r}. {message}") from None
        except DataError as exc:
            raise self.error(f"kos-quiz {check_id!r}: {exc}") from None
        if check.file is not None:
            self.env.note_dependency(str(Path(check.file).resolve()))
        html_node = nodes.raw("", render_quiz_html(check), format="html")
        other = only(expr="not html")
        other.extend(_fallback_nodes(check))
        return [html_node, other]


def _drop_duplicate_inline_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Work around a Sphinx 7.4 bug that writes some inline ``<script>`` blocks twice.

    An inline script added with ``app.add_js_file(None, body=...)`` after the builder started
    (sphinx-thebe does this at ``env-before-read-docs``) goes to the builder as ``None`` and again
    from the registry as ``""``; the two compare unequal, so every page declared
    ``const THEBE_JS_URL`` twice and the browser reported an uncaught SyntaxError. Keep the first.
    """
    files = context.get("script_files")
    if not isinstance(files, list):
        return
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for script in files:
        filename = getattr(script, "filename", script) or ""
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(filename), getattr(script, "priority", None), *sorted(attributes.items()))
        if not filename and key in seen:
            continue
        seen.add(key)
        kept.append(script)
    files[:] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("kos-quiz", KosQuizDirective)
    app.connect("html-page-context", _drop_duplicate_inline_scripts)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
