"""The account plan's model (chapter 8): its parts, limits and assembly from the tools' real results.

Pure Python, no widget import. Every part is optional: a missing part says which tool fills it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...core.data_loader import CourseData, default_course_data
from ...core.text import clean_text, code_key
from ..journey.planner import Plan
from ..ledger.ledger import LedgerStats, Promise, PromiseLedger
from ..personality.scoring import STATUS_LABELS, Result, SavedResult
from ..profile.profile import (
    Assessment,
    Profile,
    ProfileSchema,
    assess,
    validate_code_name,
)
from ..refusal.review import Review, review
from ..renewal.calculator import (
    Expectation,
)
from ..welcome.message import WelcomeCheckResult, check_welcome
from .data import PlanTexts

FACTS_KIND = "kosguide-account-plan"
DEFAULT_REVIEW_DAYS = 30
MAX_TEXT = 2000
MAX_RISKS = 10
MAX_PROMISE_ROWS = 5
MAX_ACTIONS = 3

PROMISE_WORDS = {"按时兑现": "kept", "已兑现": "kept", "逾期后兑现": "kept-late", "已逾期": "late",
                 "进行中": "open", "未完成": "open", "kept": "kept", "kept-late": "kept-late", "late": "late",
                 "open": "open"}
_SPLIT = re.compile("[|\uff5c\t]")  # a bar (ASCII or full-width) or a tab


class PlanFactsError(ValueError):
    """Facts that cannot make any plan (for example no customer code). ``str(error)`` is Chinese."""


# ------------------------------------------------------------------------------------------ parts
@dataclass(frozen=True)
class Temperament:
    """What the plan needs from a personality observation, whatever tool state it came from."""

    status: str  # "clear" | "between" | "center" | "insufficient"
    type_ids: tuple[str, ...]
    style: float | None = None
    action: float | None = None
    message: str = ""
    basis: str = ""


@dataclass(frozen=True)
class LedgerPart:
    """This customer's promises and their on-time statistics on ``today``."""

    promises: tuple[Promise, ...]
    stats: LedgerStats
    today: date
    others: int = 0  # promises in the ledger for other customers (not shown)


@dataclass(frozen=True)
class WelcomePart:
    message: str
    check: WelcomeCheckResult


@dataclass(frozen=True)
class RefusalPart:
    request: str
    message: str
    review: Review


@dataclass(frozen=True)
class RenewalPart:
    expectation: Expectation
    unit: str = ""


@dataclass(frozen=True)
class AccountPlan:
    """One customer's plan. Parts left as ``None`` are shown with what to do to fill them."""

    customer: str
    today: date
    review_date: date
    profile: Assessment | None = None
    personality: Temperament | None = None
    journey: Plan | None = None
    promises: LedgerPart | None = None
    renewal: RenewalPart | None = None
    welcome: WelcomePart | None = None
    refusal: RefusalPart | None = None
    extra_risks: tuple[str, ...] = ()
    problems: Mapping[str, str] = field(default_factory=dict)  # part → why the learner's input was not used
    review_date_given: bool = True


# ----------------------------------------------------------------------------------- assembling
def _one_line(value: object, limit: int = MAX_TEXT) -> str:
    text = clean_text(value)[0]
    if len(text) > limit:
        raise PlanFactsError(f"有一段文字太长了（{len(text):,} 字，上限 {limit:,} 字），请精简后再试。")
    return text


def temperament_from(result: Result | SavedResult | Temperament, basis: str = "") -> Temperament:
    """Normalise a quiz result (fresh or saved) for the plan."""
    if isinstance(result, Temperament):
        return result
    if isinstance(result, Result):
        return Temperament(result.status, result.type_ids, result.style.score, result.action.score,
                           result.message, basis)
    if isinstance(result, SavedResult):
        return Temperament(result.status, result.types, result.style, result.action,
                           STATUS_LABELS.get(result.status, ""), basis)
    raise TypeError("personality must be a quiz Result, a SavedResult or a Temperament")


def same_customer(a: str, b: str) -> bool:
    """Code names match when they agree after NFKC and with spaces ignored ("客户 L" = "客户L")."""
    return code_key(a) == code_key(b)


def ledger_part(ledger: PromiseLedger, customer: str, today: date) -> LedgerPart:
    """This customer's promises from a (possibly shared) ledger, with the ledger's own statistics."""
    mine = [p for p in ledger.promises if same_customer(p.customer, customer)]
    own = PromiseLedger(ledger.settings, mine)
    return LedgerPart(tuple(own.ordered(today)), own.stats(today), today, len(ledger.promises) - len(mine))


def build_account_plan(
    customer: object, *, today: date | None = None, review_date: date | None = None,
    profile: Profile | Assessment | None = None,
    personality: Result | SavedResult | Temperament | None = None, personality_basis: str = "",
    journey: Plan | None = None, ledger: PromiseLedger | LedgerPart | None = None,
    renewal: Expectation | None = None, renewal_unit: str = "",
    welcome: str | WelcomePart | None = None,
    refusal: str | RefusalPart | None = None, refusal_request: str = "",
    risks: Iterable[str] = (), problems: Mapping[str, str] | None = None,
    schema: ProfileSchema | None = None,
) -> AccountPlan:
    """Assemble a plan from the tools' results. Text for the welcome message and the refusal is checked here.

    Raises :class:`PlanFactsError` when the customer code is unusable or a text cannot be checked.
    """
    name = validate_code_name(customer)
    if not name.ok:
        raise PlanFactsError(name.error)
    today = today or date.today()
    given = review_date is not None
    review_on = review_date or today + timedelta(days=DEFAULT_REVIEW_DAYS)
    assessment = assess(profile, schema) if isinstance(profile, Profile) else profile
    temperament = temperament_from(personality, _one_line(personality_basis, 300)) if personality is not None else None
    if isinstance(ledger, PromiseLedger):
        ledger = ledger_part(ledger, name.value, today)
    welcome_part = welcome
    if isinstance(welcome, str):
        text = _one_line(welcome)
        welcome_part = WelcomePart(text, check_welcome(text)) if text else None
    refusal_part = refusal
    if isinstance(refusal, str):
        text = _one_line(refusal)
        refusal_part = RefusalPart(_one_line(refusal_request, 300), text, review(text)) if text else None
    risk_lines = tuple(r for r in (_one_line(r, 300) for r in risks) if r)
    if len(risk_lines) > MAX_RISKS:
        raise PlanFactsError(f"风险写了 {len(risk_lines)} 条，一页纸最多放 {MAX_RISKS} 条：请只留最要紧的。")
    return AccountPlan(
        name.value, today, review_on, assessment, temperament, journey, ledger,
        RenewalPart(renewal, _one_line(renewal_unit, 20)) if renewal is not None else None,
        welcome_part if isinstance(welcome_part, WelcomePart) else None,
        refusal_part if isinstance(refusal_part, RefusalPart) else None,
        risk_lines, dict(problems or {}), given,
    )


# ------------------------------------------------------------------------------------------ texts
def plan_texts(data: CourseData | None = None) -> PlanTexts:
    """Section titles and "missing part" hints from ``data/account_plan/texts.toml``."""
    return (data or default_course_data()).get("account_plan", "plan-texts")


def __getattr__(name: str) -> Any:
    # SECTIONS / MISSING: the texts as plain dicts, for callers of the former constants.
    if name == "SECTIONS":
        return dict(plan_texts().sections)
    if name == "MISSING":
        return dict(plan_texts().missing)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
