"""Renewal expectation chart: past periods as bars, the floor and satisfaction lines, this period marked."""

from __future__ import annotations

from ...charts.svg import SvgCanvas
from ...core import palette
from ...core.display import Svg
from .calculator import ABOVE_LINE, BELOW_FLOOR, Expectation, fmt

WIDTH, HEIGHT = 680, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 46, 56
PAST = palette.BLUE_LIGHT
FLOOR = palette.BAD
LINE = palette.OK
CURRENT = {BELOW_FLOOR: palette.BAD, ABOVE_LINE: palette.OK}
CURRENT_BETWEEN = palette.WARN


def renewal_chart_svg(exp: Expectation, unit: str = "", customer: str = "") -> Svg:
    """Draw ``exp``. Text (including ``unit`` and ``customer``) is escaped by :class:`SvgCanvas`."""
    unit = unit.strip()
    who = f"{customer.strip()[:20]}：" if customer.strip() else ""
    title = (f"{who}过去 {len(exp.results)} 期结果，底线 {fmt(exp.floor)}，满意线 {fmt(exp.satisfaction)}"
             + ("" if exp.current is None else f"，本期 {fmt(exp.current)}"))
    canvas = SvgCanvas(WIDTH, HEIGHT, title)
    canvas.text(LEFT, 26, f"{who}续约期望" + (f"（单位：{unit}）" if unit else ""), size=16, weight="bold")
    bars = list(exp.results) + ([exp.current] if exp.current is not None else [])
    top_value = max([*bars, exp.satisfaction, exp.floor, 1e-9]) * 1.15
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h

    def y_of(value: float) -> float:
        return base - plot_h * value / top_value

    canvas.line(LEFT, base, LEFT + plot_w, base, palette.MUTED)
    canvas.line(LEFT, TOP, LEFT, base, palette.MUTED)
    canvas.text(LEFT - 6, base + 4, "0", size=11, fill=palette.MUTED, anchor="end")
    canvas.text(LEFT - 6, y_of(top_value / 1.15) + 4, fmt(top_value / 1.15), size=11, fill=palette.MUTED, anchor="end")
    slot = plot_w / max(len(bars), 1)
    bar_w = min(48.0, slot * 0.65)
    step = 1 if len(bars) <= 12 else (len(bars) + 11) // 12
    for index, value in enumerate(bars):
        x = LEFT + slot * index + (slot - bar_w) / 2
        is_current = exp.current is not None and index == len(bars) - 1
        color = CURRENT.get(exp.position or "", CURRENT_BETWEEN) if is_current else PAST
        height = max(base - y_of(value), 1.0)
        canvas.rect(x, base - height, bar_w, height, color, rx=2,
                    stroke=palette.INK if is_current else "none", css_class="current" if is_current else "past")
        if len(bars) <= 12:
            canvas.text(x + bar_w / 2, base - height - 4, fmt(value), size=11, anchor="middle")
        if is_current:
            canvas.text(x + bar_w / 2, base + 16, "本期", size=12, anchor="middle", weight="bold")
        elif index % step == 0:
            canvas.text(x + bar_w / 2, base + 16, f"第{index + 1}期", size=11, anchor="middle", fill=palette.MUTED)
    for value, color, label in ((exp.floor, FLOOR, "底线"), (exp.satisfaction, LINE, "满意线")):
        y = y_of(value)
        canvas.line(LEFT, y, LEFT + plot_w, y, color, width=2, dash="6 4")
        canvas.text(LEFT + plot_w + 8, y + 4, f"{label} {fmt(value)}", size=12, fill=color, weight="bold")
    canvas.text(LEFT, HEIGHT - 14,
                f"底线幅度 {fmt(exp.floor_margin * 100)}%、满意线幅度 {fmt(exp.satisfaction_margin * 100)}% 是你的假设",
                size=11, fill=palette.MUTED)
    return Svg(canvas.to_svg())
