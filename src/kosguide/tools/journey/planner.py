"""Journey trust planner (chapter 2): suggest a stage, pick tactics, and make a short dated plan.

Pure logic, no widget import: the widget, the workbook and the ``kosguide journey`` command all
call these functions. Every message is Chinese; dates in the past give warnings, not errors, so
the learner's plan is never thrown away.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...core.data_loader import CourseData
from ...core.text import escape_html
from .data import JourneyModel, Stage, Tactic, TrustFactor

MAX_CUSTOMER_CHARS = 40
UNNAMED = "（未命名客户）"
# Year-month-day, separated by - / . or by the year and month characters, with an optional day character.
DATE_PATTERN = re.compile("^\\s*(\\d{4})\\s*[-/.\u5e74]\\s*(\\d{1,2})\\s*[-/.\u6708]\\s*(\\d{1,2})\\s*\u65e5?\\s*$")


class PlanInputError(ValueError):
    """The learner's input cannot make a plan. ``str(error)`` is a Chinese sentence saying what to fix."""


def load_journey(data: CourseData | None = None) -> JourneyModel:
    """The packaged journey model (merged with instructor data), or the one in ``data``."""
    if data is None:
        from ...core.data_loader import default_course_data

        data = default_course_data()
    return data.get("journey", "journey")


def parse_date(text: object, what: str = "日期") -> date:
    """Read a date written as 2026-05-06, 2026/5/6 or 2026年5月6日 (full-width digits are fine)."""
    if isinstance(text, date):
        return text
    raw = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()
    if not raw:
        raise PlanInputError(f"请填写{what}，格式是 年-月-日，例如 2026-05-06。")
    match = DATE_PATTERN.match(raw)
    if not match:
        shown = raw if len(raw) <= 30 else raw[:30] + "……"
        raise PlanInputError(f"{what}「{shown}」看不懂：请按 年-月-日 的格式填写，例如 2026-05-06。")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise PlanInputError(f"{what}「{raw}」不存在（{year} 年 {month} 月没有 {day} 日，或月份不对）。") from None


def clean_customer(name: object) -> str:
    """The customer's code name, trimmed; too long is an error (nothing is silently cut)."""
    text = "" if name is None else " ".join(str(name).split())
    if len(text) > MAX_CUSTOMER_CHARS:
        raise PlanInputError(
            f"客户代号有 {len(text)} 个字，最多 {MAX_CUSTOMER_CHARS} 个字。"
            "请用简短的代号，例如“客户 A”，不要写真实名称。"
        )
    return text


@dataclass(frozen=True)
class Suggestion:
    """What the diagnostic answers suggest. ``stage`` is None when there is no clear answer."""

    stage: str | None
    scores: dict[str, int]
    tied: tuple[str, ...]
    message: str


def suggest_stage(model: JourneyModel, yes: Iterable[str]) -> Suggestion:
    """Count the "yes" answers per stage; the stage with most is suggested, ties are reported."""
    known = {s.id: s for s in model.signals}
    chosen = set(yes)
    unknown = sorted(chosen - set(known))
    if unknown:
        raise PlanInputError(f"没有这些诊断问题：{'、'.join(unknown)}。")
    scores = {stage.id: 0 for stage in model.stages}
    for signal_id in chosen:
        scores[known[signal_id].stage] += 1
    best = max(scores.values(), default=0)
    names = {s.id: s.name for s in model.stages}
    if best == 0:
        return Suggestion(None, scores, (), "还没有回答“是”的问题，暂时判断不出阶段。请勾选符合这位客户的描述。")
    tied = tuple(s.id for s in model.stages if scores[s.id] == best)
    if len(tied) > 1:
        listed = "、".join(names[t] for t in tied)
        return Suggestion(None, scores, tied,
                          f"回答同时指向{listed}。客户常在几个阶段之间来回，请结合你最近一次和他的沟通，自己选一个。")
    stage = tied[0]
    return Suggestion(stage, scores, tied,
                      f"回答最多指向{names[stage]}（{best} 个“是”）。这只是提示，客户可能随时跳到别的阶段。")


@dataclass(frozen=True)
class PlanAction:
    tactic: Tactic
    due: date
    past: bool


@dataclass(frozen=True)
class Plan:
    """A short dated plan for one customer at one stage."""

    customer: str
    stage: Stage
    start: date
    today: date
    actions: tuple[PlanAction, ...]
    factors: tuple[tuple[TrustFactor, bool], ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def gaps(self) -> tuple[TrustFactor, ...]:
        """Trust factors not yet ticked on the checklist."""
        return tuple(f for f, ok in self.factors if not ok)

    @property
    def end(self) -> date:
        return max((a.due for a in self.actions), default=self.start)


def build_plan(model: JourneyModel, stage_id: str, start: object, *, tactic_ids: Iterable[str] | None = None,
               factor_checks: Mapping[str, bool] | None = None, customer: object = "",
               today: date | None = None, due: Mapping[str, object] | None = None) -> Plan:
    """Make a plan. ``tactic_ids`` defaults to every tactic of the stage; ``due`` overrides due dates.

    Raises :class:`PlanInputError` (Chinese) for input that cannot make a plan; dates in the past only
    add warnings, so nothing the learner chose is lost.
    """
    try:
        stage = model.stage(stage_id)
    except KeyError as exc:
        raise PlanInputError(str(exc.args[0])) from None
    today = today or date.today()
    start_day = parse_date(start, "开始日期")
    name = clean_customer(customer)
    by_id = {t.id: t for t in stage.tactics}
    wanted = list(by_id) if tactic_ids is None else list(dict.fromkeys(tactic_ids))
    if not wanted:
        raise PlanInputError(f"请至少选一个{stage.name}的做法，计划里才有事可做。")
    wrong = [t for t in wanted if t not in by_id]
    if wrong:
        raise PlanInputError(
            f"{'、'.join(wrong)} 不是{stage.name}的做法。这个阶段可选：{'、'.join(by_id)}。"
        )
    overrides = dict(due or {})
    stray = sorted(set(overrides) - set(wanted))
    if stray:
        raise PlanInputError(f"给没有选中的做法设了日期：{'、'.join(stray)}。")
    warnings: list[str] = []
    if start_day < today:
        warnings.append(f"开始日期 {start_day.isoformat()} 早于今天（{today.isoformat()}）。"
                        "计划照样生成了，但已经过去的日子做不了事，建议把开始日期改成今天或以后。")
    actions: list[PlanAction] = []
    for tactic_id in wanted:
        tactic = by_id[tactic_id]
        when = (parse_date(overrides[tactic_id], f"「{tactic.title}」的完成日期") if tactic_id in overrides
                else start_day + timedelta(days=tactic.days))
        if when < start_day:
            warnings.append(f"「{tactic.title}」的完成日期 {when.isoformat()} 早于开始日期 {start_day.isoformat()}。")
        if when < today:
            warnings.append(f"「{tactic.title}」的完成日期 {when.isoformat()} 已经过去了，请重新安排。")
        actions.append(PlanAction(tactic, when, when < today))
    actions.sort(key=lambda a: (a.due, wanted.index(a.tactic.id)))
    checks = dict(factor_checks or {})
    unknown = sorted(set(checks) - {f.id for f in model.factors})
    if unknown:
        raise PlanInputError(f"没有这些信任因素：{'、'.join(unknown)}。")
    factors = tuple((f, bool(checks.get(f.id, False))) for f in model.factors)
    return Plan(name, stage, start_day, today, tuple(actions), factors, tuple(warnings))


def stage_label(stage: Stage) -> str:
    """The stage's name, marked when the name is the course's own label rather than the source's."""
    return stage.name if stage.name_from_source else f"{stage.name}（课程命名）"


def plan_markdown(plan: Plan) -> str:
    """The plan as Markdown to paste into notes. The customer's code name is HTML-escaped."""
    who = escape_html(plan.customer) if plan.customer else UNNAMED
    lines = [
        f"# 信任计划：{who}",
        "",
        f"- 客户旅程阶段：{stage_label(plan.stage)}",
        f"- 计划时间：{plan.start.isoformat()} 至 {plan.end.isoformat()}",
        f"- 本阶段目标：{plan.stage.goal}",
        "",
        "## 行动",
        "",
    ]
    for action in plan.actions:
        mark = "（日期已过）" if action.past else ""
        lines.append(f"- [ ] {action.due.isoformat()}{mark} **{action.tactic.title}**：{action.tactic.action}")
    lines += ["", "## 信任四要素自查", ""]
    for factor, ok in plan.factors:
        lines.append(f"- [{'x' if ok else ' '}] {factor.name}：{factor.check}")
    if plan.warnings:
        lines += ["", "## 提醒", ""] + [f"- {w}" for w in plan.warnings]
    lines += ["", "> 只用客户代号，不写真实姓名或公司名。本计划只保存在你自己的电脑上。", ""]
    return "\n".join(lines)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """A JSON-ready form of the plan (for ``--json`` and for saving)."""
    return {
        "customer": plan.customer,
        "stage": plan.stage.id,
        "stage_name": plan.stage.name,
        "stage_name_from_source": plan.stage.name_from_source,
        "start": plan.start.isoformat(),
        "today": plan.today.isoformat(),
        "actions": [{"tactic": a.tactic.id, "title": a.tactic.title, "action": a.tactic.action,
                     "due": a.due.isoformat(), "past": a.past} for a in plan.actions],
        "factors": [{"factor": f.id, "name": f.name, "checked": ok} for f, ok in plan.factors],
        "gaps": [f.id for f in plan.gaps],
        "warnings": list(plan.warnings),
    }
