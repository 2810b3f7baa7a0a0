"""The account plan as Markdown (from the shared outline; every learner string escaped)."""

from __future__ import annotations

from ...core.data_loader import CourseData
from ...core.text import escape_html
from .model import AccountPlan
from .outline import FOOTER, plan_blocks


# -------------------------------------------------------------------------------------- Markdown
def _md(text: str) -> str:
    return " ".join(escape_html(text).split())


def account_plan_markdown(plan: AccountPlan, data: CourseData | None = None) -> str:
    """The plan as Markdown (every learner string HTML-escaped, so rendering it can run nothing)."""
    out = [f"# 客户经营计划：{_md(plan.customer)}", "", f"计划日期：{plan.today.isoformat()}", ""]
    prefix = {"li": "- ", "todo": "- [ ] ", "warn": "- ⚠ ", "missing": "- 待补：", "p": ""}
    for block in plan_blocks(plan, data):
        out += [f"## {block.title}", ""]
        for kind, text in block.lines:
            if kind in ("p", "quote") and out[-1] != "":
                out.append("")
            if kind == "quote":
                out += [f"> {_md(text)}", ""]
            elif kind == "muted":
                out.append(f"- （{_md(text)}）")
            else:
                out.append(prefix[kind] + _md(text))
                if kind == "p":
                    out.append("")
        if out[-1] != "":
            out.append("")
    out += [f"> {FOOTER}", ""]
    return "\n".join(out)
