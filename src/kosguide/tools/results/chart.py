"""Class-dashboard charts: horizontal bars with Chinese labels, as SVG (pure Python, no pandas)."""

from __future__ import annotations

from collections.abc import Sequence

from ...charts.svg import SvgCanvas
from ...core import palette
from ...core.display import Svg

BLUE = palette.BLUE
RED = palette.BAD
LIGHT = palette.GRID
MUTED = palette.MUTED
MAX_ROWS = 20
MAX_LABEL = 24


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(title: str, rows: Sequence[tuple[str, float, str]], *, max_value: float | None = None,
              color: str = BLUE, empty: str = "还没有数据。") -> Svg:
    """One horizontal bar per ``(label, value, annotation)``; ``annotation`` is written after the bar.

    Labels longer than 24 characters are shortened; at most 20 rows are drawn. Values below 0 are
    drawn as 0. ``max_value`` fixes the scale (e.g. 1.0 for rates); otherwise the largest value.
    """
    rows = list(rows)[:MAX_ROWS]
    label_w, bar_w, row_h, top = 230, 300, 30, 40
    height = top + max(1, len(rows)) * row_h + 16
    canvas = SvgCanvas(label_w + bar_w + 140, height, title)
    canvas.text(10, 24, title, size=16, weight="bold")
    if not rows:
        canvas.text(10, top + 20, empty, size=13, fill=MUTED)
        return Svg(canvas.to_svg())
    scale = max_value if max_value else max((max(0.0, v) for _, v, _ in rows), default=0.0)
    for n, (label, value, note) in enumerate(rows):
        y = top + n * row_h
        canvas.text(label_w - 8, y + 18, _short(label), size=13, anchor="end")
        canvas.rect(label_w, y + 4, bar_w, row_h - 10, LIGHT, rx=3)
        width = bar_w * (max(0.0, value) / scale) if scale > 0 else 0
        if width > 0:
            canvas.rect(label_w, y + 4, min(width, bar_w), row_h - 10, color, rx=3)
        canvas.text(label_w + bar_w + 8, y + 18, note, size=12, fill=MUTED)
    return Svg(canvas.to_svg())


def count_chart(title: str, rows: Sequence[tuple[str, int]]) -> Svg:
    """Bars for counts; the annotation is the count and its share of the total."""
    total = sum(max(0, c) for _, c in rows)
    return bar_chart(title, [(label, float(c), f"{c}（{c / total:.0%}）" if total else f"{c}")
                             for label, c in rows])


def rate_chart(title: str, rows: Sequence[tuple[str, int, int]], *, color: str = RED) -> Svg:
    """Bars for rates ``count / out_of`` on a 0–100 % scale; the annotation is ``count/out_of``."""
    return bar_chart(title, [(label, (c / n) if n else 0.0, f"{c}/{n}（{(c / n) if n else 0:.0%}）")
                             for label, c, n in rows], max_value=1.0, color=color)
