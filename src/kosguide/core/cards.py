"""Shared look and feel for kosguide's widgets: one place for colours, cards and messages."""

from __future__ import annotations

from ..core import palette
from .text import escape_multiline

COLORS = {
    "ok": palette.OK,
    "bad": palette.BAD,
    "info": palette.BLUE,
    "muted": palette.MUTED,
    "card": palette.CARD,
    "border": palette.BORDER,
}


def message_html(text: str, tone: str = "info") -> str:
    """A one-line status message. ``text`` is escaped here, so callers pass plain text."""
    color = COLORS.get(tone, COLORS["info"])
    return f'<div role="status" style="color:{color};margin:4px 0">{escape_multiline(text)}</div>'


def card_html(title: str, body_html: str) -> str:
    """A bordered card. ``title`` is plain text (escaped here); ``body_html`` must already be safe."""
    return (
        f'<div style="border:1px solid {COLORS["border"]};background:{COLORS["card"]};'
        f'border-radius:8px;padding:10px 14px;margin:6px 0">'
        f'<div style="font-weight:600;margin-bottom:6px">{escape_multiline(title)}</div>{body_html}</div>'
    )


PRIVACY_BANNER = "隐私：你在这里输入的内容只保存在你自己的电脑或浏览器里，不会上传到任何地方。"
