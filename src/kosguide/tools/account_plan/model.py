"""The account plan's model (chapter 8): its parts, limits and assembly from the tools' real results.

Pure Python, no widget import. Every part is optional: a missing part says which tool fills it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from ...core.text import clean_text, code_key
from ...refusal_review import Review, review
from ...welcome_message import WelcomeCheckResult, check_welcome
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
from ..renewal.calculator import (
    Expectation,
)

FACTS_KIND = "kosguide-account-plan"
DEFAULT_REVIEW_DAYS = 30
MAX_TEXT = 2000
MAX_RISKS = 10
MAX_PROMISE_ROWS = 5
MAX_ACTIONS = 3

SECTIONS = {
    "profile": "客户与阶段",
    "personality": "性格与沟通方式",
    "journey": "客户旅程与行动",
    "promises": "承诺台账",
    "renewal": "期望与续约",
    "boundaries": "边界：欢迎语与拒绝话术",
    "risks": "风险与下次复盘",
}
MISSING = {
    "profile": "还没有画像信息。用第 3 章的客户画像构建器先填基本联络信息和背景信息（或在这里读入已保存的画像）。",
    "personality": "还没有性格观察。用第 4 章性格小测的“观察客户”模式，按你亲眼见到的行为作答；没注意到的题不要猜。",
    "journey": "还没有旅程计划。用第 2 章的旅程信任规划器判断客户现在所处的阶段，生成一份带日期的计划。",
    "promises": "还没有承诺记录。把对这位客户说过的每一个承诺记进第 6 章的承诺台账，哪怕只是“下午三点前回电话”。",
    "renewal": "还没有续约期望。把过去各期的结果填进第 5 章的续约期望计算器，算出底线和满意线。",
    "welcome": "还没有欢迎语。用第 7 章的欢迎语生成器写一条：说明角色、工作时间和非工作时间找谁。",
    "refusal": "还没有备好的拒绝话术。预想这位客户最可能提出的越界请求，用第 7 章的拒绝话术教练写好三步拒绝。",
}
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
