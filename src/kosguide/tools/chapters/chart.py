"""The course map: every chapter as a row, with its time estimate and tools."""

from __future__ import annotations

from ...charts.svg import SvgCanvas
from ...core import palette
from ...core.display import Svg
from ..knowledge_check.models import Chapter

ROW = 46
TOP = 44


def course_map_svg(chapters: list[Chapter]) -> Svg:
    """Draw the chapter plan; published chapters are filled, planned ones outlined."""
    canvas = SvgCanvas(760, TOP + ROW * len(chapters) + 30, "课程地图：各章主题、建议用时与练习工具")
    canvas.text(20, 26, "课程地图", size=18, weight="bold")
    canvas.text(740, 26, "实心 = 已上线 · 虚线框 = 编写中", size=12, fill=palette.MUTED, anchor="end")
    longest = max((c.minutes for c in chapters), default=1) or 1
    for row, chapter in enumerate(chapters):
        y = TOP + row * ROW
        published = chapter.status == "published"
        fill = palette.BLUE if published else palette.WHITE
        canvas.rect(20, y, 44, 34, fill, stroke=palette.BLUE, rx=6, dash="" if published else "4 3")
        canvas.text(42, y + 23, str(chapter.number), size=16, anchor="middle",
                    fill=palette.WHITE if published else palette.BLUE, weight="bold")
        canvas.text(76, y + 15, chapter.title, size=15, weight="bold")
        tools = "、".join(chapter.tools) if chapter.tools else "阅读"
        canvas.text(76, y + 32, f"练习：{tools}", size=12, fill=palette.MUTED)
        bar = 180 * chapter.minutes / longest
        canvas.rect(540, y + 8, bar, 14, palette.BLUE_LIGHT if published else palette.GRID, rx=3)
        canvas.text(540 + bar + 6, y + 20, f"约 {chapter.minutes} 分钟", size=12, fill=palette.MUTED)
    total = sum(c.minutes for c in chapters)
    canvas.text(20, TOP + ROW * len(chapters) + 18,
                f"全部章节约 {total // 60} 小时 {total % 60} 分钟", size=12, fill=palette.MUTED)
    return Svg(canvas.to_svg())
