"""The account plan's course data (chapter 8): section titles, "missing part" hints, worked cases.

Files under ``data/account_plan/``: one with ``[sections]`` and ``[missing]`` (id ``plan-texts``), and
worked cases such as ``case-l.toml`` (the chapter 8 case, customer L). Problems raise ``DataError``
naming file, item and field in Chinese. Course's own texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import DataError, Table
from ...core.registry import DataKind

SECTION_IDS = ("profile", "personality", "journey", "promises", "renewal", "boundaries", "risks")
MISSING_IDS = ("profile", "personality", "journey", "promises", "renewal", "welcome", "refusal")
RISK_IDS = ("below_floor", "between", "overdue", "low_rate", "shallow_profile", "unclear_personality",
            "stale_journey", "welcome_boundary", "refusal_unchecked", "none")
#: placeholders a risk sentence may use, by risk id
RISK_FIELDS = {"overdue": ("owed",), "low_rate": ("rate",)}
CASE_PARTS = ("profile", "personality", "journey", "promises", "renewal", "welcome", "refusal", "risks")


@dataclass(frozen=True)
class PlanTexts:
    """Section titles and the hint shown when a part is missing, by part id."""

    id: str
    sections: dict[str, str]
    missing: dict[str, str]
    risks: dict[str, str]


@dataclass(frozen=True)
class WorkedCase:
    """A worked example customer as the facts :func:`~kosguide.tools.account_plan.facts.plan_from_facts` reads."""

    id: str
    title: str
    customer: str
    facts: dict[str, Any]


def _texts(table: Table, key: str, ids: tuple[str, ...]) -> dict[str, str]:
    sub = table.table(key)
    values = {part: sub.text(part) for part in ids}
    sub.no_unknown_fields()
    return values


def _check_fields(top: Table, risk_id: str, text: str, allowed: tuple[str, ...]) -> None:
    import string

    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        raise DataError(top.file, "花括号没有配对（要显示花括号本身请写成 {{ 和 }}）。", "risks", risk_id) from None
    unknown = sorted(names - set(allowed))
    if unknown:
        can = "、".join("{" + a + "}" for a in allowed) or "（无）"
        raise DataError(top.file, f"有未知的占位符 {'、'.join(unknown)}；这里可用：{can}。", "risks", risk_id)


def _case(top: Table) -> WorkedCase:
    case_id = top.ident()
    title = top.text("title")
    customer = top.text("customer")
    facts: dict[str, Any] = {"customer": customer, "today": top.text("today"),
                             "review_date": top.text("review_date", required=False),
                             "welcome": top.text("welcome", required=False),
                             "risks": list(top.text_list("risks"))}
    profile = top.table("profile")
    facts["profile"] = {key: profile.text(key) for key in profile.data}
    personality = top.table("personality")
    answers = personality.table("answers")
    scores: dict[str, int | None] = {}
    for key in answers.data:
        scores[key] = answers.integer(key, -2, 2) if answers.data[key] is not None else None
    for key in personality.text_list("unobserved"):
        scores[key] = None
    facts["personality"] = {"answers": scores, "basis": personality.text("basis", required=False)}
    personality.no_unknown_fields()
    journey = top.table("journey")
    facts["journey"] = {"stage": journey.text("stage"), "start": journey.text("start"),
                        "trust": list(journey.text_list("trust"))}
    journey.no_unknown_fields()
    renewal = top.table("renewal")
    facts["renewal"] = {"results": renewal.text("results"), "current": renewal.text("current", required=False),
                        "unit": renewal.text("unit", required=False)}
    renewal.no_unknown_fields()
    refusal = top.table("refusal")
    facts["refusal"] = {"request": refusal.text("request"), "message": refusal.text("message")}
    refusal.no_unknown_fields()
    promises = []
    for index, raw in enumerate(top.tables("promises", minimum=0) if "promises" in top.data else [], start=1):
        row = Table(raw, top.file, f"{case_id} 的第 {index} 条承诺")
        promises.append({key: row.text(key) for key in raw})
    top.seen.add("promises")
    facts["promises"] = promises
    top.no_unknown_fields()
    return WorkedCase(case_id, title, customer, facts)


def parse_account_plan(doc: dict[str, Any], label: str, path: Path | None = None) -> list[PlanTexts | WorkedCase]:
    """One ``data/account_plan/*.toml`` file: the plan's texts (``[sections]``) or a worked case."""
    top = Table(doc, label, str(doc.get("id", "")))
    if "sections" in doc:
        risks = _texts(top, "risks", RISK_IDS)
        for risk_id, text in risks.items():
            _check_fields(top, risk_id, text, RISK_FIELDS.get(risk_id, ()))
        item = PlanTexts(top.ident(), _texts(top, "sections", SECTION_IDS), _texts(top, "missing", MISSING_IDS), risks)
        top.no_unknown_fields()
        return [item]
    if "customer" in doc:
        return [_case(top)]
    raise DataError(label, "看不出这是哪种文件：栏目文字要有 [sections] 和 [missing]，案例要有 customer 等字段。")


DATA_KINDS: tuple[DataKind, ...] = (DataKind("account_plan", "客户经营计划数据", parse_account_plan),)
