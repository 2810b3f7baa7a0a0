"""The account plan as printable HTML (from the shared outline; every learner string escaped)."""

from __future__ import annotations

from collections.abc import Iterable

from ...core import palette
from ...core.data_loader import CourseData
from ...core.text import escape_html
from .model import AccountPlan
from .outline import FOOTER, plan_blocks

# ------------------------------------------------------------------------------------------ HTML
FONT_STACK = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
PLAN_CSS = (
    f".kos-plan{{font-family:{FONT_STACK};font-size:10pt;line-height:1.45;color:{palette.INK_DARK};max-width:180mm}}"
    ".kos-plan h1{font-size:15pt;margin:0 0 2px}"
    f".kos-plan .kos-plan-meta{{color:{palette.MUTED};font-size:9pt;margin-bottom:6px}}"
    ".kos-plan .kos-plan-grid{display:grid;grid-template-columns:1fr 1fr;gap:6px 10px}"
    f".kos-plan section{{border:1px solid {palette.BORDER};border-radius:6px;padding:5px 8px;"
    "break-inside:avoid;page-break-inside:avoid}"
    ".kos-plan section.kos-plan-wide{grid-column:1 / -1}"
    f".kos-plan h2{{font-size:10.5pt;margin:0 0 3px;color:{palette.BLUE}}}"
    ".kos-plan p{margin:2px 0}.kos-plan ul{margin:2px 0;padding-left:16px}.kos-plan li{margin:1px 0}"
    f".kos-plan .warn{{color:{palette.BAD}}}.kos-plan .muted{{color:{palette.MUTED};font-size:8.5pt}}"
    f".kos-plan .missing{{color:{palette.MUTED};font-style:italic}}"
    f".kos-plan blockquote{{margin:3px 0;padding:3px 8px;border-left:3px solid {palette.BLUE};"
    f"background:{palette.CARD}}}"
    f".kos-plan .kos-plan-foot{{color:{palette.MUTED};font-size:8pt;margin-top:6px}}"
)
PRINT_CSS = (
    "@page { size: A4; margin: 15mm }"
    "@media print{html,body{margin:0!important;padding:0}"
    ".kos-plan{max-width:none;font-size:9pt;line-height:1.35;-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
)

WIDE = {"boundaries"}


def _html_lines(lines: Iterable[tuple[str, str]]) -> str:
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items.clear()

    for kind, text in lines:
        safe = escape_html(text)
        if kind in ("li", "todo", "warn"):
            css = ' class="warn"' if kind == "warn" else ""
            mark = "☐ " if kind == "todo" else ("⚠ " if kind == "warn" else "")
            items.append(f"<li{css}>{mark}{safe}</li>")
            continue
        flush()
        if kind == "quote":
            out.append(f"<blockquote>{safe}</blockquote>")
        elif kind in ("muted", "missing"):
            out.append(f'<p class="{kind}">{"待补：" if kind == "missing" else ""}{safe}</p>')
        else:
            out.append(f"<p>{safe}</p>")
    flush()
    return "".join(out)


def account_plan_fragment(plan: AccountPlan, data: CourseData | None = None) -> str:
    """The plan as one ``<div class="kos-plan">`` with its scoped style (for previews inside a page)."""
    parts = [f"<style>{PLAN_CSS}</style>", '<div class="kos-plan">',
             f"<h1>客户经营计划：{escape_html(plan.customer)}</h1>",
             f'<div class="kos-plan-meta">计划日期：{plan.today.isoformat()}　·　只用客户代号</div>',
             '<div class="kos-plan-grid">']
    for block in plan_blocks(plan, data):
        css = ' class="kos-plan-wide"' if block.key in WIDE else ""
        parts.append(f'<section{css} data-part="{block.key}"><h2>{escape_html(block.title)}</h2>'
                     f"{_html_lines(block.lines)}</section>")
    parts += ["</div>", f'<div class="kos-plan-foot">{escape_html(FOOTER)}</div>', "</div>"]
    return "".join(parts)


def account_plan_html(plan: AccountPlan, data: CourseData | None = None) -> str:
    """A self-contained, print-ready HTML page (A4, CJK fonts, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>客户经营计划：{escape_html(plan.customer)}</title>"
        f"<style>{PRINT_CSS}body{{margin:12px}}</style></head><body>"
        f"{account_plan_fragment(plan, data)}</body></html>\n"
    )
