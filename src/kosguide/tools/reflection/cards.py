"""Self-reflection cards for the workbooks' "now you try" sections."""

from __future__ import annotations

from collections.abc import Mapping

from ...core import palette
from ...core.display import Html
from ...core.storage import StorageError, save_json
from ...core.text import escape_multiline

MAX_ANSWER_CHARS = 2000
EMPTY = "（未填写）"


def reflection_card(answers: Mapping[str, object], title: str = "我的反思") -> Html:
    """Render a learner's answers (question → text) as a card; every string is escaped.

    Empty answers show as "（未填写）"; very long ones are shortened for display (never saved here).
    """
    if not isinstance(answers, Mapping):
        return Html('<div role="alert">请把反思写成一个字典，例如 {"问题": "我的回答"}。</div>')
    rows = []
    filled = 0
    for question, answer in answers.items():
        text = "" if answer is None else str(answer).strip()
        if text:
            filled += 1
        if len(text) > MAX_ANSWER_CHARS:
            text = text[:MAX_ANSWER_CHARS] + f"……（共 {len(text)} 字，此处只显示前 {MAX_ANSWER_CHARS} 字）"
        shown = escape_multiline(text) if text else f'<span style="color:{palette.MUTED}">{EMPTY}</span>'
        rows.append(
            f'<tr><th style="text-align:left;vertical-align:top;padding:4px 10px 4px 0">'
            f"{escape_multiline(question)}</th><td style=\"padding:4px 0\">{shown}</td></tr>"
        )
    total = len(rows)
    status = f"已填写 {filled}/{total} 项" if total else "还没有任何问题"
    return Html(
        f'<div style="border:1px solid {palette.BORDER};border-radius:8px;padding:10px 14px;background:{palette.CARD}">'
        f'<div style="font-weight:600">{escape_multiline(title)} · {status}</div>'
        f'<table style="border-collapse:collapse;margin-top:6px">{"".join(rows)}</table>'
        f'<div style="color:{palette.MUTED};font-size:90%;margin-top:6px">'
        "这些内容只在你的电脑上，不会上传。</div></div>"
    )


def save_reflection(answers: Mapping[str, object], path: str = "ch01-reflection.kosguide.json") -> Html:
    """Save the answers to a local JSON file (atomically) and say where, in Chinese."""
    if not isinstance(answers, Mapping):
        return Html('<div role="alert">请把反思写成一个字典，例如 {"问题": "我的回答"}。</div>')
    clean = {str(k): "" if v is None else str(v) for k, v in answers.items()}
    try:
        saved = save_json(path, {"kind": "reflection", "version": 1, "answers": clean})
    except StorageError as exc:
        return Html(f'<div role="alert" style="color:{palette.BAD}">{escape_multiline(str(exc))}</div>')
    return Html(
        f'<div role="status" style="color:{palette.OK}">已保存到本机文件 {escape_multiline(saved.name)}。'
        "它只在你的电脑上；请不要把它提交到 git 或发到群里。</div>"
    )
