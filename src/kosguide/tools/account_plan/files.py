"""Saving the account plan, its JSON form, and the chapter 8 case as facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...core.data_loader import CourseData
from ...core.storage import StorageError, save_text
from .case import case_facts
from .html import account_plan_html
from .markdown import account_plan_markdown
from .model import FACTS_KIND, AccountPlan
from .outline import plan_blocks, plan_risks


# ------------------------------------------------------------------------------------------ files
def plan_filename(customer: str, suffix: str) -> str:
    """A safe file name such as ``account-plan-客户_L.html``."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", customer, flags=re.UNICODE).strip("_")[:40] or "customer"
    return f"account-plan-{slug}{suffix}"


def save_plan(plan: AccountPlan, path: str | Path, kind: str = "html", data: CourseData | None = None) -> Path:
    """Write the plan as ``html`` or ``md`` through :func:`kosguide.storage.save_text` (atomic, size limit)."""
    if kind not in ("html", "md"):
        raise StorageError(f"不认识的格式“{kind}”：只能保存为 html 或 md。")
    text = account_plan_html(plan, data) if kind == "html" else account_plan_markdown(plan, data)
    return save_text(path, text)


def plan_to_dict(plan: AccountPlan, data: CourseData | None = None) -> dict[str, Any]:
    """A JSON-ready summary (for ``--json``)."""
    return {
        "customer": plan.customer,
        "today": plan.today.isoformat(),
        "review_date": plan.review_date.isoformat(),
        "parts": {key: getattr(plan, key) is not None
                  for key in ("profile", "personality", "journey", "promises", "renewal", "welcome", "refusal")},
        "problems": dict(plan.problems),
        "stage": plan.profile.stage.id if plan.profile and plan.profile.stage else None,
        "types": list(plan.personality.type_ids) if plan.personality else [],
        "journey_stage": plan.journey.stage.id if plan.journey else None,
        "kept_on_time_rate": plan.promises.stats.rate if plan.promises else None,
        "renewal_position": plan.renewal.expectation.position if plan.renewal else None,
        "welcome_ok": plan.welcome.check.ok if plan.welcome else None,
        "refusal_good": plan.refusal.review.good if plan.refusal else None,
        "risks": plan_risks(plan),
        "blocks": [{"key": b.key, "title": b.title, "lines": [list(x) for x in b.lines]}
                   for b in plan_blocks(plan, data)],
    }


def load_facts_sample() -> dict[str, Any]:
    """The chapter 8 case (customer L) as facts: a worked example for the CLI help and the tests."""
    return {"kind": FACTS_KIND, "version": 1, **case_facts()}
