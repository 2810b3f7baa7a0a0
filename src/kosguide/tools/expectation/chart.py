"""Chapter 6 charts: the expectation gap on one scale, and the promise ledger's counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...charts.svg import SvgCanvas
from ...core import palette
from ...core.display import Svg
from ..ledger.ledger import LedgerStats
from .data import Scale
from .gap import GapResult

GREEN = palette.OK
GREEN_FILL = palette.OK_BORDER
RED = palette.BAD
RED_FILL = palette.BAD_BORDER
BLUE = palette.BLUE
GREY = palette.MUTED

LEFT = 150
RIGHT_PAD = 150
ROW = 62
TOP = 70


@dataclass(frozen=True)
class GapRow:
    label: str
    result: GapResult


def gap_chart_svg(rows: Sequence[GapRow], scale: Scale, title: str = "期望差：实际交付 − 承诺/期望") -> Svg:
    """One row per situation: the expectation (dark bar), the experience (dot) and the gap shaded between.

    Green when the experience is above the expectation, red when below; the band is named on the right.
    """
    width = 760
    height = TOP + ROW * max(1, len(rows)) + 24
    canvas = SvgCanvas(width, height, title)
    canvas.text(20, 26, title, size=17, weight="bold")
    canvas.rect(20, 38, 12, 12, GREEN_FILL, stroke=GREEN)
    canvas.text(38, 49, "超出期望", size=12, fill=GREY)
    canvas.rect(110, 38, 12, 12, RED_FILL, stroke=RED)
    canvas.text(128, 49, "低于期望", size=12, fill=GREY)
    canvas.rect(200, 37, 4, 14, palette.INK)
    canvas.text(210, 49, scale.expectation_label, size=12, fill=GREY)
    canvas.rect(290, 38, 12, 12, BLUE, rx=6)
    canvas.text(308, 49, scale.experience_label, size=12, fill=GREY)
    track = width - LEFT - RIGHT_PAD

    def x_of(score: int) -> float:
        return LEFT + track * (score - scale.minimum) / scale.span

    for index, row in enumerate(rows):
        y = TOP + index * ROW + 18
        r = row.result
        canvas.text(LEFT - 10, y + 5, row.label, size=13, anchor="end")
        canvas.rect(LEFT, y - 3, track, 6, palette.GRID, rx=3)
        for tick in range(scale.minimum, scale.maximum + 1):
            canvas.line(x_of(tick), y + 6, x_of(tick), y + 10, stroke=palette.GREY)
        low, high = sorted((r.expectation, r.experience))
        if r.gap:
            up = r.gap > 0
            canvas.rect(x_of(low), y - 10, x_of(high) - x_of(low), 20, GREEN_FILL if up else RED_FILL,
                        stroke=GREEN if up else RED)
        canvas.rect(x_of(r.expectation) - 2, y - 16, 4, 32, palette.INK)
        canvas.rect(x_of(r.experience) - 7, y - 7, 14, 14, BLUE, rx=7)
        canvas.text(x_of(r.expectation), y - 20, f"期望 {r.expectation}", size=11, anchor="middle", fill=GREY)
        canvas.text(x_of(r.experience), y + 26, f"交付 {r.experience}", size=11, anchor="middle", fill=BLUE)
        tone = {"ok": GREEN, "bad": RED}.get(r.band.tone, GREY)
        canvas.text(width - RIGHT_PAD + 16, y + 5, f"差值 {r.signed_gap} · {r.band.label}", size=13,
                    fill=tone, weight="bold")
    canvas.text(LEFT, height - 6, scale.low_end, size=11, fill=GREY)
    canvas.text(LEFT + track, height - 6, scale.high_end, size=11, fill=GREY, anchor="end")
    return Svg(canvas.to_svg())


def ledger_chart_svg(stats: LedgerStats, title: str = "承诺台账：兑现情况") -> Svg:
    """Horizontal bars: kept on time, kept late, overdue (still owed), open (not yet due)."""
    bars = [("按时兑现", stats.kept, GREEN), ("逾期后兑现", stats.kept_late, palette.WARN_DARK),
            ("逾期未兑现", stats.late + stats.overdue_open, RED), ("未到期", stats.open, BLUE)]
    width, row = 560, 34
    height = 56 + row * len(bars) + 30
    canvas = SvgCanvas(width, height, title)
    canvas.text(20, 26, title, size=16, weight="bold")
    most = max((n for _, n, _ in bars), default=0) or 1
    for index, (label, count, color) in enumerate(bars):
        y = 48 + index * row
        canvas.text(120, y + 16, label, size=13, anchor="end")
        length = 340 * count / most
        if count:
            canvas.rect(130, y + 3, length, 18, color, rx=3)
        canvas.text(130 + length + 8, y + 17, f"{count} 条", size=12, fill=GREY)
    rate = "—" if stats.rate is None else f"{stats.rate:.0%}"
    canvas.text(20, height - 12, f"按时兑现率：{rate}（共 {stats.total} 条）", size=13, fill=GREY)
    return Svg(canvas.to_svg())
