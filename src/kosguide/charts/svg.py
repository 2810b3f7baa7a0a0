"""A very small SVG builder. Every text it writes is escaped."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import palette
from ..core.text import escape_html

FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class SvgCanvas:
    """Collects SVG elements; ``to_svg()`` returns a standalone ``<svg>`` string."""

    width: int
    height: int
    title: str
    parts: list[str] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, *, stroke: str = "none",
             rx: float = 0, dash: str = "", css_class: str = "") -> None:
        cls = f' class="{escape_html(css_class)}"' if css_class else ""
        cls += f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="{_num(rx)}"'
            f' fill="{fill}" stroke="{stroke}"{cls}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = palette.GREY_MID,
             width: float = 1, dash: str = "") -> None:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
            f' stroke="{stroke}" stroke-width="{_num(width)}"{dash_attr}/>'
        )

    def text(self, x: float, y: float, text: str, *, size: int = 14, fill: str = palette.INK,
             anchor: str = "start", weight: str = "normal") -> None:
        self.parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" fill="{fill}"'
            f' text-anchor="{anchor}" font-weight="{weight}">{escape_html(text)}</text>'
        )

    def to_svg(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}"'
            f' width="{self.width}" height="{self.height}" role="img"'
            f' style="font-family:{FONT_STACK};max-width:100%;height:auto">'
            f"<title>{escape_html(self.title)}</title>{''.join(self.parts)}</svg>"
        )
