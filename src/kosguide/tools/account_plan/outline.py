"""The account plan's outline: the blocks and lines both renderers share, and the plan's risks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...core.data_loader import CourseData
from ..journey.planner import stage_label
from ..personality.data import TemperamentType
from ..personality.scoring import STATUS_LABELS, load_quiz
from ..renewal.calculator import (
    BELOW_FLOOR,
    BETWEEN,
    POSITION_NAMES,
    fmt,
)
from .model import DEFAULT_REVIEW_DAYS, MAX_ACTIONS, MAX_PROMISE_ROWS, AccountPlan, plan_texts


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


def _types(data: CourseData | None = None) -> dict[str, TemperamentType]:
    _, types = load_quiz(data)
    return {t.id: t for t in types}


def _missing(plan: AccountPlan, part: str) -> list[tuple[str, str]]:
    lines = []
    if part in plan.problems:
        lines.append(("warn", f"填写的内容没能用上：{plan.problems[part]}"))
    lines.append(("missing", plan_texts().missing[part]))
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
    say = plan_texts().risks
    risks: list[str] = []
    if plan.renewal is not None and plan.renewal.expectation.position == BELOW_FLOOR:
        risks.append(say["below_floor"])
    elif plan.renewal is not None and plan.renewal.expectation.position == BETWEEN:
        risks.append(say["between"])
    if plan.promises is not None:
        owed = plan.promises.stats.late + plan.promises.stats.overdue_open
        if owed:
            risks.append(say["overdue"].format(owed=owed))
        rate = plan.promises.stats.rate
        if rate is not None and rate < 0.8:
            risks.append(say["low_rate"].format(rate=f"{rate:.0%}"))
    if plan.profile is not None and (plan.profile.stage is None or plan.profile.stage.order <= 1):
        risks.append(say["shallow_profile"])
    if plan.personality is not None and plan.personality.status in ("center", "insufficient"):
        risks.append(say["unclear_personality"])
    if plan.journey is not None and any(a.past for a in plan.journey.actions):
        risks.append(say["stale_journey"])
    if plan.welcome is not None and not plan.welcome.check.ok:
        risks.append(say["welcome_boundary"])
    if plan.refusal is not None and not plan.refusal.review.good:
        risks.append(say["refusal_unchecked"])
    return risks + list(plan.extra_risks)


def plan_blocks(plan: AccountPlan, data: CourseData | None = None) -> list[Block]:
    """The page's outline, shared by the Markdown and the HTML."""
    risks = plan_risks(plan)
    risk_lines: list[tuple[str, str]] = [("li", r) for r in risks] or [("li", plan_texts(data).risks["none"])]
    if "risks" in plan.problems:
        risk_lines.insert(0, ("warn", plan.problems["risks"]))
    when = plan.review_date.isoformat() + ("" if plan.review_date_given else f"（默认：{DEFAULT_REVIEW_DAYS} 天后）")
    risk_lines.append(("p", f"下次复盘：{when}"))
    titles = plan_texts(data).sections
    return [
        Block("profile", titles["profile"], tuple(_profile_lines(plan))),
        Block("personality", titles["personality"], tuple(_personality_lines(plan, _types(data)))),
        Block("journey", titles["journey"], tuple(_journey_lines(plan))),
        Block("promises", titles["promises"], tuple(_promise_lines(plan))),
        Block("renewal", titles["renewal"], tuple(_renewal_lines(plan))),
        Block("risks", titles["risks"], tuple(risk_lines)),
        Block("boundaries", titles["boundaries"], tuple(_boundary_lines(plan))),
    ]


FOOTER = "本计划由 kosguide 在本机生成，只用客户代号；不要写真实姓名，不要发到群里。"
