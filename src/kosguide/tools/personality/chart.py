"""The temperament chart: two axes, four labelled quadrants, the "between types" band, and points.

Horizontal axis: style, 感性 (left, -100) ↔ 理性 (right, +100).
Vertical axis: action, 率直 (top, +100) ↔ 优柔 (bottom, -100).
So 活泼型 （感性 + 率直） is top-left, 力量型 （理性 + 率直） top-right, 完美型 （理性 + 优柔） bottom-right
and 和平型 （感性 + 优柔） bottom-left. The quadrant labels come from the types data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...charts.svg import SvgCanvas, _num
from ...core import palette
from ...core.display import Svg
from ...core.text import escape_html
from .data import TemperamentType

LEFT, TOP, SIZE = 80, 56, 420
WIDTH, HEIGHT = LEFT + SIZE + 190, TOP + SIZE + 70
CENTER_X, CENTER_Y = LEFT + SIZE / 2, TOP + SIZE / 2
QUADRANT_FILL = {("感性", "率直"): palette.WARN_BG, ("理性", "率直"): palette.BAD_BG,
                 ("理性", "优柔"): palette.BLUE_BG, ("感性", "优柔"): palette.OK_BG}
POINT_COLORS = (palette.BLUE, palette.BAD, palette.OK, palette.PURPLE, palette.ORANGE, palette.TEAL, palette.MUTED,
                palette.PLUM)
BAND_FILL = palette.GREY_LINE


@dataclass(frozen=True)
class ChartPoint:
    name: str
    style: float  # -100 … +100
    action: float  # -100 … +100
    mode: str = "self"
    conclusive: bool = True


def to_xy(style: float, action: float) -> tuple[float, float]:
    """SVG coordinates of a pair of scores (clamped to the plot)."""
    style = max(-100.0, min(100.0, float(style)))
    action = max(-100.0, min(100.0, float(action)))
    return CENTER_X + style / 100 * SIZE / 2, CENTER_Y - action / 100 * SIZE / 2


def as_point(obj: object) -> ChartPoint:
    """A :class:`ChartPoint` from a ``personality.Result`` or ``SavedResult`` (or a ChartPoint)."""
    if isinstance(obj, ChartPoint):
        return obj
    style = getattr(obj, "style", 0.0)
    action = getattr(obj, "action", 0.0)
    style = getattr(style, "score", style)
    action = getattr(action, "score", action)
    status = getattr(obj, "status", "clear")
    return ChartPoint(str(getattr(obj, "name", "")), float(style), float(action),
                      str(getattr(obj, "mode", "self")), status in ("clear", "between"))


def temperament_svg(points: Iterable[object], types: Sequence[TemperamentType], band: float = 20,
                    title: str = "性格坐标图") -> Svg:
    """Draw the chart with every point labelled by its (escaped) code name."""
    pts = [as_point(p) for p in points]
    desc = "；".join(f"{p.name}：风格 {p.style:+.0f}，行动 {p.action:+.0f}" for p in pts) or "还没有结果"
    canvas = SvgCanvas(WIDTH, HEIGHT, f"{title}（{desc}）")
    canvas.text(LEFT, 28, title, size=18, weight="bold")
    half = SIZE / 2
    for t in types:
        x = LEFT if t.style == "感性" else CENTER_X
        y = TOP if t.action == "率直" else CENTER_Y
        canvas.rect(x, y, half, half, QUADRANT_FILL.get((t.style, t.action), palette.GREY_BG), css_class="kos-quadrant")
    # the "between two types" band along both axes
    bw = band / 100 * half
    canvas.rect(CENTER_X - bw, TOP, 2 * bw, SIZE, BAND_FILL, css_class="kos-between-band")
    canvas.rect(LEFT, CENTER_Y - bw, SIZE, 2 * bw, BAND_FILL, css_class="kos-between-band")
    canvas.rect(LEFT, TOP, SIZE, SIZE, "none", stroke=palette.MUTED)
    for t in types:
        qx = LEFT + half / 2 if t.style == "感性" else CENTER_X + half / 2
        qy = TOP + half / 2 if t.action == "率直" else CENTER_Y + half / 2
        canvas.text(qx, qy - 24 if t.action == "率直" else qy + 36, t.name, size=20, anchor="middle",
                    weight="bold", fill=palette.INK_MID)
        canvas.text(qx, (qy - 24 if t.action == "率直" else qy + 36) + 20, f"“{t.slogan}”", size=12,
                    anchor="middle", fill=palette.MUTED)
    canvas.line(LEFT, CENTER_Y, LEFT + SIZE, CENTER_Y, stroke=palette.INK_SOFT, width=1.5)
    canvas.line(CENTER_X, TOP, CENTER_X, TOP + SIZE, stroke=palette.INK_SOFT, width=1.5)
    canvas.text(LEFT - 8, CENTER_Y + 5, "感性", size=14, anchor="end", weight="bold")
    canvas.text(LEFT + SIZE + 8, CENTER_Y + 5, "理性", size=14, weight="bold")
    canvas.text(CENTER_X, TOP - 8, "率直", size=14, anchor="middle", weight="bold")
    canvas.text(CENTER_X, TOP + SIZE + 20, "优柔", size=14, anchor="middle", weight="bold")
    canvas.text(LEFT, TOP + SIZE + 44, f"灰色带：离中线不到 {band:g} 分，介于两种类型之间", size=12, fill=palette.MUTED)
    for index, p in enumerate(pts):
        x, y = to_xy(p.style, p.action)
        color = POINT_COLORS[index % len(POINT_COLORS)]
        fill = color if p.conclusive else palette.WHITE
        canvas.parts.append(
            f'<circle class="kos-point" cx="{_num(x)}" cy="{_num(y)}" r="7" fill="{fill}" stroke="{color}"'
            f' stroke-width="2.5" data-name="{escape_html(p.name)}" data-mode="{escape_html(p.mode)}"/>'
        )
        suffix = "（观察）" if p.mode == "customer" else ""
        suffix += "" if p.conclusive else "（未下结论）"
        label = p.name[:16] + suffix
        right = x < LEFT + SIZE - 90
        canvas.text(x + 11 if right else x - 11, y + 4, label, size=13, fill=color, weight="bold",
                    anchor="start" if right else "end")
    if len(pts) > 1:
        canvas.text(LEFT + SIZE + 24, TOP + 10, "图例", size=13, weight="bold")
        for index, p in enumerate(pts[:12]):
            color = POINT_COLORS[index % len(POINT_COLORS)]
            y = TOP + 30 + index * 20
            canvas.rect(LEFT + SIZE + 24, y - 10, 12, 12, color, rx=6)
            canvas.text(LEFT + SIZE + 42, y, p.name[:10], size=12)
    return Svg(canvas.to_svg())
