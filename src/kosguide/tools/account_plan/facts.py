"""Facts → plan (chapter 8): run the course's tools on a plain dictionary of facts.

What the widget's form and ``kosguide plan build`` read; a mistake in one section is reported there
(:class:`~kosguide.tools.account_plan.model.PlanFactsError`) and never loses the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ...core.data_loader import CourseData
from ..journey.planner import PlanInputError, build_plan, load_journey
from ..ledger.ledger import LedgerError, PromiseLedger
from ..ledger.ledger import parse_date as parse_ledger_date
from ..personality.data import TemperamentType
from ..personality.scoring import AnswerError, Result, SavedResult, load_quiz, score
from ..profile.profile import (
    Profile,
    ProfileError,
    ProfileSchema,
    new_profile,
    validate_code_name,
)
from ..refusal.review import ReviewInputError, review
from ..renewal.calculator import (
    ResultInputError,
    calculate,
)
from ..welcome.message import check_welcome
from .model import _SPLIT, PROMISE_WORDS, AccountPlan, PlanFactsError, Temperament, _one_line, build_account_plan


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


def plan_from_facts(facts: object, *, today: date | None = None, data: CourseData | None = None,
                    profile: Profile | None = None, ledger: PromiseLedger | None = None,
                    personality: Result | SavedResult | None = None) -> AccountPlan:
    """Run every tool on a dictionary of facts (the format ``kosguide plan build --help`` documents).

    ``profile``, ``ledger`` and ``personality`` are objects the learner loaded from saved files; they
    are used when the facts do not give that section. A section whose facts are wrong is left out
    and its problem shown in its place; only an unusable customer code raises :class:`PlanFactsError`.
    """
    from ...core.data_loader import default_course_data

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
