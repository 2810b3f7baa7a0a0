"""Customer-profile charts: completeness per section (bars) and the stage ladder."""

from __future__ import annotations

from ...charts.svg import SvgCanvas
from ...core import palette
from ...core.display import Svg
from .profile import Assessment, ProfileSchema

BLUE = palette.BLUE
LIGHT = palette.GRID
GREEN = palette.OK
MUTED = palette.MUTED


def _draw_ladder(canvas: SvgCanvas, schema: ProfileSchema, assessment: Assessment, x: float, y: float) -> None:
    """Four rungs from doctor (bottom) to brother (top); the supported stage is filled."""
    canvas.text(x, y, "心理距离阶梯", size=15, weight="bold")
    current = assessment.stage.order if assessment.stage else 0
    count = len(schema.stages)
    for index, stage in enumerate(schema.stages):
        top = y + 14 + (count - 1 - index) * 44
        reached = stage.order <= current
        is_current = stage.order == current
        fill = BLUE if is_current else (palette.BLUE_LIGHT if reached else palette.WHITE)
        canvas.rect(x + index * 18, top, 150, 34, fill, stroke=BLUE, rx=6, dash="" if reached else "4 3",
                    css_class="kos-ladder-current" if is_current else "")
        canvas.text(x + index * 18 + 12, top + 22, f"{stage.order}. {stage.name}", size=15,
                    fill=palette.WHITE if reached else BLUE, weight="bold" if is_current else "normal")
        if is_current:
            canvas.text(x + index * 18 + 160, top + 22, "◀ 信息支撑到这里", size=12, fill=BLUE)
    if current == 0:
        canvas.text(x, y + 14 + count * 44 + 4, "还没到“医生”阶段", size=12, fill=MUTED)


def _draw_bars(canvas: SvgCanvas, schema: ProfileSchema, assessment: Assessment, x: float, y: float) -> None:
    canvas.text(x, y, "各板块完整度", size=15, weight="bold")
    for row, (section, status) in enumerate(zip(schema.sections, assessment.statuses, strict=True)):
        top = y + 14 + row * 30
        name = section.name + ("" if section.name_in_source else "*")
        canvas.text(x, top + 15, name, size=13)
        canvas.rect(x + 110, top + 3, 160, 16, LIGHT, rx=3)
        if status.filled:
            canvas.rect(x + 110, top + 3, 160 * status.ratio, 16, GREEN if status.counts else palette.BLUE_LIGHT, rx=3)
        mark = "✓" if status.counts else "缺核心"
        canvas.text(x + 278, top + 15, f"{status.filled}/{status.total} {mark}", size=12, fill=MUTED)
    canvas.text(x, y + 14 + len(schema.sections) * 30 + 8,
                "* 名称为课程推断  绿色 = 核心字段已齐", size=11, fill=MUTED)


def stage_ladder_svg(schema: ProfileSchema, assessment: Assessment) -> Svg:
    canvas = SvgCanvas(360, 230, "心理距离阶梯：医生、老师、朋友、兄弟，高亮的是画像信息支撑到的阶段")
    _draw_ladder(canvas, schema, assessment, 10, 22)
    return Svg(canvas.to_svg())


def completeness_svg(schema: ProfileSchema, assessment: Assessment) -> Svg:
    canvas = SvgCanvas(380, 60 + 30 * len(schema.sections), "客户画像各板块的完整度")
    _draw_bars(canvas, schema, assessment, 10, 22)
    return Svg(canvas.to_svg())


def profile_chart_svg(schema: ProfileSchema, assessment: Assessment) -> Svg:
    """Ladder on the left, completeness bars on the right, one SVG."""
    height = max(230, 60 + 30 * len(schema.sections))
    title = "客户画像：心理距离阶梯与各板块完整度"
    if assessment.stage:
        title += f"（信息支撑到“{assessment.stage.name}”）"
    canvas = SvgCanvas(760, height, title)
    _draw_ladder(canvas, schema, assessment, 10, 22)
    _draw_bars(canvas, schema, assessment, 380, 22)
    return Svg(canvas.to_svg())
