"""The one-page account plan (chapter 8): every tool's result on one customer, on one printable page.

Pure Python, no widget import. An :class:`AccountPlan` holds the real result objects the course's
tools produce (a profile :class:`~kosguide.customer_profile.Assessment`, a customer-mode personality
result, a journey :class:`~kosguide.journey_planner.Plan`, the promise ledger, a checked welcome
message, a reviewed refusal, a renewal :class:`~kosguide.renewal_calculator.Expectation`). Every part
is optional: a missing part says which tool fills it. :func:`plan_from_facts` runs the tools on a
plain dictionary of facts (what the widget's form and ``kosguide plan build`` read), so a mistake in
one section is reported there and never loses the others.

Both renderers share one outline (:func:`plan_blocks`), so the Markdown and the printable HTML say
the same thing. Every learner string is HTML-escaped in both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .customer_profile import (
    Assessment,
    Profile,
    ProfileError,
    ProfileSchema,
    assess,
    new_profile,
    validate_code_name,
)
from .escaping import escape_html
from .journey_planner import Plan, PlanInputError, build_plan, load_journey, stage_label
from .personality import STATUS_LABELS, AnswerError, Result, SavedResult, load_quiz, score
from .personality_data import TemperamentType
from .promise_ledger import LedgerError, LedgerStats, Promise, PromiseLedger
from .promise_ledger import parse_date as parse_ledger_date
from .refusal_review import Review, ReviewInputError, review
from .renewal_calculator import (
    BELOW_FLOOR,
    BETWEEN,
    POSITION_NAMES,
    Expectation,
    ResultInputError,
    calculate,
    fmt,
)
from .storage import StorageError, save_text
from .welcome_message import WelcomeCheckResult, check_welcome

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
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs", "Cf", "Co"})
    text = unicodedata.normalize("NFC", text).strip()
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
    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split()).casefold()
    return norm(a) == norm(b)


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


# ------------------------------------------------------------------------------ facts → plan
def _date(value: object, what: str) -> date:
    try:
        return parse_ledger_date(value, what)
    except LedgerError as exc:
        raise PlanFactsError(str(exc)) from None


def parse_promise_lines(text: str) -> list[dict[str, str]]:
    """Promises typed one per line: due date, text, status word, done date (the last two optional)."""
    rows = []
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in _SPLIT.split(line)]
        if len(parts) < 2 or not parts[1]:
            raise PlanFactsError(f"承诺第 {number} 行应写成“截止日期｜内容｜状态｜完成日期”，例如："
                                 "2027-01-15｜发送外贸询盘回复模板｜进行中。")
        row = {"due": parts[0], "what": parts[1]}
        if len(parts) > 2 and parts[2]:
            row["status"] = parts[2]
        if len(parts) > 3 and parts[3]:
            row["done"] = parts[3]
        rows.append(row)
    return rows


def ledger_from_rows(rows: object, customer: str, settings: Any, today: date) -> PromiseLedger:
    """Replay typed promises through the real ledger (add, then mark kept or late)."""
    if isinstance(rows, str):
        rows = parse_promise_lines(rows)
    if not isinstance(rows, list):
        raise PlanFactsError("promises 应是一个列表，每条承诺写成 {\"what\": …, \"due\": …, \"status\": …}。")
    ledger = PromiseLedger(settings)
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise PlanFactsError(f"第 {number} 条承诺应是一个对象（what、due、status、done、category）。")
        unknown = set(row) - {"what", "due", "status", "done", "category", "customer"}
        if unknown:
            raise PlanFactsError(f"第 {number} 条承诺里有不认识的字段：{'、'.join(sorted(map(str, unknown)))}。")
        status_word = str(row.get("status") or "进行中").strip()
        if status_word not in PROMISE_WORDS:
            raise PlanFactsError(f"第 {number} 条承诺的状态“{status_word[:20]}”不认识，可以写："
                                 "进行中、按时兑现、逾期后兑现、已逾期。")
        status = PROMISE_WORDS[status_word]
        try:
            due = parse_ledger_date(row.get("due"), f"第 {number} 条承诺的截止日期")
            added = ledger.add(row.get("customer") or customer, row.get("what"), due,
                               str(row.get("category") or ""), today=min(due, today))
            if status in ("kept", "kept-late"):
                done = row.get("done") or (due if status == "kept" else None)
                if done is None:
                    raise LedgerError(f"第 {number} 条承诺是“逾期后兑现”，请写上完成日期。")
                ledger.mark_kept(added.promise.id, done, today=today)
            elif status == "late":
                ledger.mark_late(added.promise.id)
        except LedgerError as exc:
            raise PlanFactsError(f"第 {number} 条承诺：{exc}") from None
    return ledger


def temperament_manual(type_ids: Iterable[str], types: Iterable[TemperamentType], basis: str = "") -> Temperament:
    """The learner's own judgement (one type, or two when the customer sits between them)."""
    known = {t.id: t for t in types}
    chosen = tuple(dict.fromkeys(str(t) for t in type_ids if t))
    wrong = [t for t in chosen if t not in known]
    if wrong or len(chosen) > 2:
        raise PlanFactsError(f"性格类型只能从 {'、'.join(known)} 中选一个（或两个，表示介于两者之间）。")
    if not chosen:
        return Temperament("insufficient", (), message="还没有判断性格类型。", basis=basis)
    names = "和".join(known[t].name for t in chosen)
    status, message = (("clear", f"你的判断：倾向于{names}。") if len(chosen) == 1
                       else ("between", f"你的判断：介于{names}之间。"))
    return Temperament(status, chosen, None, None, message, basis)


def _section(facts: Mapping[str, Any], key: str) -> Any:
    value = facts.get(key)
    return None if value in (None, "", [], {}) else value


def plan_from_facts(facts: object, *, today: date | None = None, data: Any = None,
                    profile: Profile | None = None, ledger: PromiseLedger | None = None,
                    personality: Result | SavedResult | None = None) -> AccountPlan:
    """Run every tool on a dictionary of facts (the format ``kosguide plan build --help`` documents).

    ``profile``, ``ledger`` and ``personality`` are objects the learner loaded from saved files; they
    are used when the facts do not give that section. A section whose facts are wrong is left out
    and its problem shown in its place; only an unusable customer code raises :class:`PlanFactsError`.
    """
    from .data_loader import default_course_data

    if not isinstance(facts, Mapping):
        raise PlanFactsError("客户经营计划的事实应是一个 JSON 对象（最外层是 { … }）。")
    unknown = set(facts) - {"kind", "version", "customer", "today", "review_date", "profile", "personality",
                            "journey", "promises", "renewal", "welcome", "refusal", "risks"}
    if unknown:
        raise PlanFactsError(f"不认识这些字段：{'、'.join(sorted(map(str, unknown)))}。"
                             "可用的字段见 kosguide plan build --help。")
    data = data or default_course_data()
    name = validate_code_name(facts.get("customer", ""))
    if not name.ok:
        raise PlanFactsError(name.error)
    customer = name.value
    problems: dict[str, str] = {}
    today = _date(facts["today"], "today（计划日期）") if _section(facts, "today") else (today or date.today())
    review_date = _date(facts["review_date"], "review_date（下次复盘日期）") if _section(facts, "review_date") else None
    if review_date is not None and review_date < today:
        problems["risks"] = f"下次复盘日期 {review_date.isoformat()} 早于计划日期 {today.isoformat()}，已改用默认值。"
        review_date = None

    raw = _section(facts, "profile")
    if raw is not None:
        try:
            if not isinstance(raw, Mapping):
                raise ProfileError("profile 应是“字段 key → 内容”的对象，例如 {\"company_code\": \"纸箱厂 L\"}。")
            profile = new_profile(customer, raw, ProfileSchema.from_course_data(data))
        except ProfileError as exc:
            problems["profile"], profile = str(exc), None

    temperament: Temperament | Result | SavedResult | None = personality
    raw = _section(facts, "personality")
    basis = ""
    if raw is not None:
        try:
            if not isinstance(raw, Mapping):
                raise PlanFactsError("personality 应是一个对象：{\"answers\": {…}} 或 {\"types\": [\"perfect\"]}。")
            basis = _one_line(raw.get("basis", ""), 300)
            bank, types = load_quiz(data)
            if raw.get("answers"):
                temperament = score(bank, types, raw["answers"], "customer", customer)
            else:
                types_given = raw.get("types", [])
                types_given = [types_given] if isinstance(types_given, str) else types_given
                if not isinstance(types_given, list):
                    raise PlanFactsError("personality.types 应是类型编号的列表，例如 [\"perfect\"]。")
                temperament = temperament_manual(types_given, types, basis)
        except (AnswerError, PlanFactsError) as exc:
            problems["personality"], temperament = str(exc), None

    journey = None
    raw = _section(facts, "journey")
    if raw is not None:
        try:
            if not isinstance(raw, Mapping) or not raw.get("stage"):
                raise PlanInputError("journey 应写明 stage（例如 \"retention\"）和 start（开始日期）。")
            trust = raw.get("trust", [])
            journey = build_plan(load_journey(data), str(raw["stage"]), raw.get("start") or today,
                                 tactic_ids=raw.get("tactics") or None,
                                 factor_checks={str(f): True for f in trust} if isinstance(trust, list) else None,
                                 customer=customer, today=today)
        except PlanInputError as exc:
            problems["journey"] = str(exc)

    raw = _section(facts, "promises")
    if raw is not None:
        try:
            ledger = ledger_from_rows(raw, customer, data.get("expectation", "default").ledger, today)
        except PlanFactsError as exc:
            problems["promises"], ledger = str(exc), None

    renewal, unit = None, ""
    raw = _section(facts, "renewal")
    if raw is not None:
        try:
            if not isinstance(raw, Mapping):
                raise ResultInputError("renewal 应是一个对象，例如 {\"results\": \"4, 6, 5\", \"current\": \"4\"}。")
            unit = _one_line(raw.get("unit", ""), 20)
            renewal = calculate(raw.get("results"), raw.get("current"),
                                floor_margin=raw.get("floor_margin", 0.10),
                                satisfaction_margin=raw.get("satisfaction_margin", 0.10), unit=unit)
        except (ResultInputError, PlanFactsError) as exc:
            problems["renewal"] = str(exc)

    welcome: str | None = None
    raw = _section(facts, "welcome")
    if raw is not None:
        try:
            welcome = _one_line(raw)
            check_welcome(welcome)
        except (ReviewInputError, PlanFactsError) as exc:
            problems["welcome"], welcome = str(exc), None

    refusal: str | None = None
    request = ""
    raw = _section(facts, "refusal")
    if raw is not None:
        try:
            if isinstance(raw, str):
                raw = {"message": raw}
            if not isinstance(raw, Mapping):
                raise PlanFactsError("refusal 应是一个对象，写明 request（客户的请求）和 message（你的拒绝话术）。")
            request = _one_line(raw.get("request", ""), 300)
            refusal = _one_line(raw.get("message", ""))
            if refusal:
                review(refusal)
            else:
                raise PlanFactsError("refusal.message（拒绝话术）是空的。")
        except (ReviewInputError, PlanFactsError) as exc:
            problems["refusal"], refusal = str(exc), None

    risks = facts.get("risks") or []
    if isinstance(risks, str):
        risks = risks.splitlines()
    if not isinstance(risks, list):
        problems["risks"] = "risks 应是文字列表，每条一个风险。"
        risks = []
    try:
        return build_account_plan(
            customer, today=today, review_date=review_date, profile=profile, personality=temperament,
            personality_basis=basis, journey=journey, ledger=ledger, renewal=renewal, renewal_unit=unit,
            welcome=welcome, refusal=refusal, refusal_request=request, risks=[str(r) for r in risks],
            problems=problems, schema=ProfileSchema.from_course_data(data),
        )
    except PlanFactsError as exc:  # only the risks can still be wrong here
        problems["risks"] = str(exc)
        return build_account_plan(
            customer, today=today, review_date=review_date, profile=profile, personality=temperament,
            personality_basis=basis, journey=journey, ledger=ledger, renewal=renewal, renewal_unit=unit,
            welcome=welcome, refusal=refusal, refusal_request=request, problems=problems,
            schema=ProfileSchema.from_course_data(data),
        )


# ------------------------------------------------------------------------------------- outline
@dataclass(frozen=True)
class Block:
    """One section of the page: a title and lines ``(kind, plain text)``; renderers escape the text.

    Kinds: ``p`` paragraph, ``li`` bullet, ``todo`` dated action, ``quote`` a message to copy,
    ``warn`` a problem, ``muted`` a quiet note, ``missing`` what to do when the part is empty.
    """

    key: str
    title: str
    lines: tuple[tuple[str, str], ...]


def _types(data: Any = None) -> dict[str, TemperamentType]:
    _, types = load_quiz(data)
    return {t.id: t for t in types}


def _missing(plan: AccountPlan, part: str) -> list[tuple[str, str]]:
    lines = []
    if part in plan.problems:
        lines.append(("warn", f"填写的内容没能用上：{plan.problems[part]}"))
    lines.append(("missing", MISSING[part]))
    return lines


def _profile_lines(plan: AccountPlan) -> list[tuple[str, str]]:
    a = plan.profile
    if a is None:
        return _missing(plan, "profile")
    lines = [("p", a.headline), ("muted", a.note)]
    if a.next_stage is not None and a.missing:
        parts = "；".join(f"{s.name}（{'、'.join(f.label for f in fs)}）" for s, fs in a.missing)
        lines.append(("li", f"要支撑“{a.next_stage.name}”，还缺：{parts}"))
    elif a.next_stage is None:
        lines.append(("li", "四个阶段所需的信息都已具备：持续维护，情况变了就更新画像。"))
    lines += [("li", f"下一步：{action}") for action in a.actions[:MAX_ACTIONS]]
    return lines


def _personality_lines(plan: AccountPlan, types: Mapping[str, TemperamentType]) -> list[tuple[str, str]]:
    t = plan.personality
    if t is None:
        return _missing(plan, "personality")
    lines: list[tuple[str, str]] = []
    found = [types[i] for i in t.type_ids if i in types]
    if t.status in ("clear", "between") and found:
        names = "和".join(x.name for x in found)
        head = f"倾向于{names}" if t.status == "clear" else f"介于{names}之间"
        if t.style is not None and t.action is not None:
            head += f"（风格 {t.style:+.0f}，行动 {t.action:+.0f}）"
        lines.append(("p", head + "。"))
        for x in found:
            lines.append(("li", f"和{x.name}合作：{'；'.join(x.work_with[:3])}"))
    else:
        lines.append(("p", t.message or STATUS_LABELS.get(t.status, "还不能下结论。")))
        lines.append(("li", "继续观察：在下次接触中留意他怎样做决定、怎样对待时间和细节，再回来补答。"))
    if t.basis:
        lines.append(("muted", f"依据：{t.basis}"))
    lines.append(("muted", "性格判断只是沟通的参考，不是给人贴标签。"))
    return lines


def _journey_lines(plan: AccountPlan) -> list[tuple[str, str]]:
    p = plan.journey
    if p is None:
        return _missing(plan, "journey")
    lines = [("p", f"{stage_label(p.stage)}：{p.stage.goal}")]
    for action in p.actions:
        mark = "（日期已过）" if action.past else ""
        lines.append(("todo", f"{action.due.isoformat()}{mark} {action.tactic.title}"))
    if p.gaps:
        lines.append(("li", f"信任四要素还没做到：{'、'.join(f.name for f in p.gaps)}"))
    return lines


def _promise_lines(plan: AccountPlan) -> list[tuple[str, str]]:
    part = plan.promises
    if part is None:
        return _missing(plan, "promises")
    lines: list[tuple[str, str]] = [("p", part.stats.summary())]
    owed = [p for p in part.promises if p.status in ("open", "late")]
    for p in owed[:MAX_PROMISE_ROWS]:
        kind = "warn" if p.is_overdue(part.today) else "todo"
        lines.append((kind, f"{p.due.isoformat()} {p.what}——{p.status_label(part.today)}"))
    if len(owed) > MAX_PROMISE_ROWS:
        lines.append(("muted", f"另有 {len(owed) - MAX_PROMISE_ROWS} 条未兑现的承诺，见承诺台账。"))
    if not owed and part.promises:
        lines.append(("li", "没有未兑现的承诺。"))
    if not part.promises and part.others:
        lines.append(("muted", f"台账里有 {part.others} 条其他客户的承诺，没有这位客户的：检查客户代号是否写得一样。"))
    return lines


def _renewal_lines(plan: AccountPlan) -> list[tuple[str, str]]:
    part = plan.renewal
    if part is None:
        return _missing(plan, "renewal")
    e, u = part.expectation, (f" {part.unit}" if part.unit else "")
    lines = [("p", f"底线 {fmt(e.floor)}{u}，满意线 {fmt(e.satisfaction)}{u}"
                   f"（过去 {len(e.results)} 期：最低 {fmt(e.minimum)}{u}，平均 {fmt(e.average)}{u}）。")]
    if e.current is not None:
        lines.append(("warn" if e.position == BELOW_FLOOR else "li",
                      f"本期 {fmt(e.current)}{u}：{POSITION_NAMES.get(e.position or '', '')}。"))
    lines.append(("li", e.message if e.current is None else e.message.split("：", 1)[-1]))
    lines.append(("muted", e.rule))
    lines += [("muted", n) for n in e.notes]
    return lines


def _boundary_lines(plan: AccountPlan) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    w = plan.welcome
    if w is None:
        lines += _missing(plan, "welcome")
    else:
        lines.append(("p", "欢迎语" + ("（已通过检查）：" if w.check.ok else "（还需修改）：")))
        lines.append(("quote", w.message))
        missing = [w.check.names[k] for k, ok in w.check.present.items() if not ok]
        if missing:
            lines.append(("warn", f"还缺：{'、'.join(missing)}"))
        lines += [("warn", x) for x in w.check.warnings]
    r = plan.refusal
    if r is None:
        lines += _missing(plan, "refusal")
    else:
        who = f"（客户的请求：{r.request}）" if r.request else ""
        verdict = "已通过检查的拒绝话术" if r.review.good else "拒绝话术（还没通过检查）"
        lines.append(("p", f"{verdict}{who}："))
        lines.append(("quote", r.message))
        if not r.review.good:
            lines.append(("warn", r.review.summary + "改好之前不要照着用。"))
    return lines


def plan_risks(plan: AccountPlan) -> list[str]:
    """Risks the tools' results point to, then the learner's own, in that order."""
    risks: list[str] = []
    if plan.renewal is not None and plan.renewal.expectation.position == BELOW_FLOOR:
        risks.append("本期结果低于客户的底线：可能不再续约。现在就约客户一起找原因。")
    elif plan.renewal is not None and plan.renewal.expectation.position == BETWEEN:
        risks.append("本期结果在底线和满意线之间：续约可能拖到最后才决定。提前讲清效果和下一步计划。")
    if plan.promises is not None:
        owed = plan.promises.stats.late + plan.promises.stats.overdue_open
        if owed:
            risks.append(f"有 {owed} 条承诺已经逾期：先兑现或主动告诉客户新的时间。")
        rate = plan.promises.stats.rate
        if rate is not None and rate < 0.8:
            risks.append(f"按时兑现率只有 {rate:.0%}：少承诺、只承诺自己掌控得了的事。")
    if plan.profile is not None and (plan.profile.stage is None or plan.profile.stage.order <= 1):
        risks.append("画像还很浅：客户的需求和竞争方情况还不清楚，容易被别家替代。")
    if plan.personality is not None and plan.personality.status in ("center", "insufficient"):
        risks.append("还看不准客户的性格倾向：沟通方式先别定型，多观察。")
    if plan.journey is not None and any(a.past for a in plan.journey.actions):
        risks.append("旅程计划里有已经过期的行动：重新排期。")
    if plan.welcome is not None and not plan.welcome.check.ok:
        risks.append("欢迎语还没说清边界：客户可能默认你随时在线。")
    if plan.refusal is not None and not plan.refusal.review.good:
        risks.append("备好的拒绝话术还没通过检查：真遇到越界请求时容易说僵或许下做不到的承诺。")
    return risks + list(plan.extra_risks)


def plan_blocks(plan: AccountPlan, data: Any = None) -> list[Block]:
    """The page's outline, shared by the Markdown and the HTML."""
    risks = plan_risks(plan)
    risk_lines: list[tuple[str, str]] = [("li", r) for r in risks] or [("li", "暂时没有发现明显的风险。")]
    if "risks" in plan.problems:
        risk_lines.insert(0, ("warn", plan.problems["risks"]))
    when = plan.review_date.isoformat() + ("" if plan.review_date_given else f"（默认：{DEFAULT_REVIEW_DAYS} 天后）")
    risk_lines.append(("p", f"下次复盘：{when}"))
    return [
        Block("profile", SECTIONS["profile"], tuple(_profile_lines(plan))),
        Block("personality", SECTIONS["personality"], tuple(_personality_lines(plan, _types(data)))),
        Block("journey", SECTIONS["journey"], tuple(_journey_lines(plan))),
        Block("promises", SECTIONS["promises"], tuple(_promise_lines(plan))),
        Block("renewal", SECTIONS["renewal"], tuple(_renewal_lines(plan))),
        Block("risks", SECTIONS["risks"], tuple(risk_lines)),
        Block("boundaries", SECTIONS["boundaries"], tuple(_boundary_lines(plan))),
    ]


FOOTER = "本计划由 kosguide 在本机生成，只用客户代号；不要写真实姓名，不要发到群里。"


# -------------------------------------------------------------------------------------- Markdown
def _md(text: str) -> str:
    return " ".join(escape_html(text).split())


def account_plan_markdown(plan: AccountPlan, data: Any = None) -> str:
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


# ------------------------------------------------------------------------------------------ HTML
FONT_STACK = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
PLAN_CSS = (
    f".kos-plan{{font-family:{FONT_STACK};font-size:10pt;line-height:1.45;color:#1f2328;max-width:180mm}}"
    ".kos-plan h1{font-size:15pt;margin:0 0 2px}"
    ".kos-plan .kos-plan-meta{color:#5f6368;font-size:9pt;margin-bottom:6px}"
    ".kos-plan .kos-plan-grid{display:grid;grid-template-columns:1fr 1fr;gap:6px 10px}"
    ".kos-plan section{border:1px solid #d0d7e2;border-radius:6px;padding:5px 8px;"
    "break-inside:avoid;page-break-inside:avoid}"
    ".kos-plan section.kos-plan-wide{grid-column:1 / -1}"
    ".kos-plan h2{font-size:10.5pt;margin:0 0 3px;color:#1f5aa6}"
    ".kos-plan p{margin:2px 0}.kos-plan ul{margin:2px 0;padding-left:16px}.kos-plan li{margin:1px 0}"
    ".kos-plan .warn{color:#b3261e}.kos-plan .muted{color:#5f6368;font-size:8.5pt}"
    ".kos-plan .missing{color:#5f6368;font-style:italic}"
    ".kos-plan blockquote{margin:3px 0;padding:3px 8px;border-left:3px solid #1f5aa6;background:#f7f9fc}"
    ".kos-plan .kos-plan-foot{color:#5f6368;font-size:8pt;margin-top:6px}"
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


def account_plan_fragment(plan: AccountPlan, data: Any = None) -> str:
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


def account_plan_html(plan: AccountPlan, data: Any = None) -> str:
    """A self-contained, print-ready HTML page (A4, CJK fonts, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>客户经营计划：{escape_html(plan.customer)}</title>"
        f"<style>{PRINT_CSS}body{{margin:12px}}</style></head><body>"
        f"{account_plan_fragment(plan, data)}</body></html>\n"
    )


# ------------------------------------------------------------------------------------------ files
def plan_filename(customer: str, suffix: str) -> str:
    """A safe file name such as ``account-plan-客户_L.html``."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", customer, flags=re.UNICODE).strip("_")[:40] or "customer"
    return f"account-plan-{slug}{suffix}"


def save_plan(plan: AccountPlan, path: str | Path, kind: str = "html", data: Any = None) -> Path:
    """Write the plan as ``html`` or ``md`` through :func:`kosguide.storage.save_text` (atomic, size limit)."""
    if kind not in ("html", "md"):
        raise StorageError(f"不认识的格式“{kind}”：只能保存为 html 或 md。")
    text = account_plan_html(plan, data) if kind == "html" else account_plan_markdown(plan, data)
    return save_text(path, text)


def plan_to_dict(plan: AccountPlan, data: Any = None) -> dict[str, Any]:
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
    return {
        "kind": FACTS_KIND, "version": 1, "customer": "客户 L", "today": "2027-01-11",
        "review_date": "2027-02-08",
        "profile": dict(CASE_PROFILE),
        "personality": {"answers": dict(CASE_ANSWERS),
                        "basis": "要完整报价和案例、约好时间必准时、拍板前总问万一不行怎么办"},
        "journey": {"stage": "retention", "start": "2027-01-12", "trust": ["authenticity", "endorsement", "privacy"]},
        "promises": [dict(p) for p in CASE_PROMISES],
        "renewal": {"results": "4, 6, 5, 7, 5, 6", "current": "4", "unit": "单"},
        "welcome": CASE_WELCOME,
        "refusal": {"request": "续费给个朋友价，打个对折", "message": CASE_REFUSAL},
        "risks": ["外贸业务主管可能升任副总，决策链会变"],
    }


# The chapter 8 case, shared by the chapter, the workbook, the CLI help and the tests.
CASE_PROFILE = {
    "company_code": "纸箱厂 L",
    "industry": "瓦楞纸箱与彩盒包装",
    "city": "广东东莞",
    "contact_role": "总经理（老板，兼管销售）",
    "first_contact": "2026-03-02",
    "business": "生产瓦楞纸箱和彩盒，主要供给本地几家电子厂和小家电厂。",
    "company_size": "180",
    "decision_chain": "外贸业务主管提需求并评估，总经理拍板，财务付款。",
    "current_needs": "一年内通过平台找到二十家以上外省或外贸的新客户。",
    "pain_points": "两家电子厂占了六成订单，去年被压价后利润很薄；担心花了会员费却没有询盘。",
    "current_suppliers": "另一家 B2B 平台的试用账号，加上每年两次本地展会。",
    "our_position": "主要供方之一",
    "personnel_changes": "外贸业务主管明年可能升任副总，负责全部新客户开发。",
    "supplier_policy": "每年一月比较所有推广渠道的投入产出，再决定下一年的预算。",
}
CASE_ANSWERS = {
    "a-decide-slow": 2, "a-risk-avoid": 2, "a-cautious": 1, "a-listener": 1, "a-patient": 1,
    "a-decide-fast": -2, "a-talkative": -1, "a-lively": None,
    "s-practical": 2, "s-plan": 2, "s-punctual": 2, "s-task": 1, "s-formal": 1,
    "s-relaxed": -1, "s-big-picture": -2, "s-open-feelings": None,
}
CASE_PROMISES = (
    {"what": "周五前回复店铺开通进度", "due": "2026-04-03", "status": "按时兑现", "done": "2026-04-03",
     "category": "callback"},
    {"what": "发送纸箱类目的热门关键词清单", "due": "2026-04-10", "status": "按时兑现", "done": "2026-04-09",
     "category": "document"},
    {"what": "上门做一次店铺诊断", "due": "2026-05-15", "status": "逾期后兑现", "done": "2026-05-19",
     "category": "visit"},
    {"what": "发送全年询盘与成交小结", "due": "2026-12-31", "status": "按时兑现", "done": "2026-12-30",
     "category": "document"},
    {"what": "答复彩盒类目推广费用的问题", "due": "2027-01-08", "status": "进行中", "category": "callback"},
    {"what": "给出外贸询盘的回复模板和时效建议", "due": "2027-01-15", "status": "进行中", "category": "solution"},
)
CASE_WELCOME = ("L 总您好，我是您的专属会员顾问陈宁，很高兴能为您服务。我的工作时间是周一到周五 9:00–18:00，"
                "这段时间里您的消息我都会尽快回复。非工作时间如果遇到紧急问题，为了让您尽快得到帮助，"
                "请直接联系平台的二十四小时客服热线 400-000-0000。接下来，每月初我会给您发一份店铺数据小结。"
                "期待和您长期合作！")
CASE_REFUSAL = ("L 总，您想把推广成本压下来，这个心情我完全理解。会员价格对所有商家统一公开，为了公平，"
                "我没有单独打折的权限。我可以本周五前帮您把彩盒类目的关键词重新梳理一遍，再约一次店铺诊断。")
