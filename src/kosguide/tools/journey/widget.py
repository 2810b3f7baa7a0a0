"""ipywidgets view of the journey trust planner (chapter 2). All logic is in :mod:`kosguide.journey_planner`."""

from __future__ import annotations

from datetime import date

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.text import escape_html
from .data import JourneyModel
from .planner import Plan, PlanInputError, build_plan, load_journey, plan_markdown, stage_label, suggest_stage

WIDE = w.Layout(width="auto")


def plan_html(plan: Plan) -> str:
    """The plan as the learner sees it; every text is escaped."""
    who = escape_html(plan.customer) if plan.customer else "（未命名客户）"
    rows = "".join(
        f'<tr><td style="padding:3px 10px 3px 0;white-space:nowrap;'
        f'color:{COLORS["bad"] if a.past else "inherit"}">{a.due.isoformat()}{"（已过）" if a.past else ""}</td>'
        f"<td style=\"padding:3px 0\"><b>{escape_html(a.tactic.title)}</b>：{escape_html(a.tactic.action)}</td></tr>"
        for a in plan.actions
    )
    factors = "".join(
        f"<li>{'☑' if ok else '☐'} <b>{escape_html(f.name)}</b>：{escape_html(f.check)}</li>" for f, ok in plan.factors
    )
    gaps = plan.gaps
    gap_text = ("信任四要素都已勾选。" if not gaps else
                f"还没勾选：{'、'.join(g.name for g in gaps)}。挑一项放进下周的计划里。")
    body = (
        f"<div>客户：<b>{who}</b> · 阶段：<b>{escape_html(stage_label(plan.stage))}</b> · "
        f"{plan.start.isoformat()} 至 {plan.end.isoformat()}</div>"
        f'<div style="color:{COLORS["muted"]};margin:4px 0">目标：{escape_html(plan.stage.goal)}</div>'
        f'<table style="border-collapse:collapse;margin:6px 0">{rows}</table>'
        f"<div style=\"font-weight:600;margin-top:6px\">信任四要素自查</div><ul style=\"margin:4px 0\">{factors}</ul>"
        + message_html(gap_text, "ok" if not gaps else "info")
        + "".join(message_html(x, "bad") for x in plan.warnings)
    )
    return card_html("我的信任计划", body)


class JourneyPlannerView:
    """Pick (or let the questions suggest) a stage, choose tactics, tick the factors, get a dated plan."""

    def __init__(self, model: JourneyModel | None = None, today: date | None = None) -> None:
        self.model = model or load_journey()
        self.today = today
        self.plan: Plan | None = None
        self.customer = w.Text(description="客户代号", placeholder="例如：客户 A（不要写真实名称）",
                               layout=w.Layout(width="420px"), style={"description_width": "initial"})
        self.signal_boxes = {s.id: w.Checkbox(value=False, description=s.question, indent=False, layout=WIDE)
                             for s in self.model.signals}
        self.suggest_button = w.Button(description="根据回答提示阶段", icon="search", tooltip="根据勾选的描述提示阶段")
        self.suggestion = w.HTML()
        self.stage = w.Dropdown(options=[(stage_label(s), s.id) for s in self.model.stages],
                                value=self.model.stages[0].id, description="客户现在处于",
                                style={"description_width": "initial"})
        self.stage_info = w.HTML()
        self.tactic_area = w.VBox()
        self.tactic_boxes: dict[str, w.Checkbox] = {}
        self.factor_boxes = {f.id: w.Checkbox(value=False, description=f"{f.name}：{f.check}", indent=False,
                                              layout=WIDE) for f in self.model.factors}
        self.start = w.Text(value=(today or date.today()).isoformat(), description="开始日期",
                            placeholder="年-月-日，例如 2026-05-06", style={"description_width": "initial"})
        self.plan_button = w.Button(description="生成计划", button_style="primary", icon="calendar",
                                    tooltip="按所选做法和开始日期生成带日期的计划")
        self.status = w.HTML()
        self.output = w.HTML()
        self.markdown = w.Textarea(description="Markdown", placeholder="生成计划后，这里是可以复制的 Markdown 文本",
                                   layout=w.Layout(width="100%", height="180px"))
        self.suggest_button.on_click(self._on_suggest)
        self.plan_button.on_click(self._on_plan)
        self.stage.observe(self._on_stage, names="value")
        self._show_stage()
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER, "muted")),
            self.customer,
            w.HTML("<b>第一步：客户在哪个阶段？</b>不确定的话，先勾选符合他的描述："),
            w.VBox(list(self.signal_boxes.values())), self.suggest_button, self.suggestion,
            self.stage, self.stage_info,
            w.HTML("<b>第二步：选这个阶段要做的事</b>"), self.tactic_area,
            w.HTML("<b>第三步：信任四要素，已经做到的打勾</b>"), w.VBox(list(self.factor_boxes.values())),
            w.HTML("<b>第四步：定开始日期，生成计划</b>"), self.start, self.plan_button, self.status,
            self.output, self.markdown,
        ])

    def _show_stage(self) -> None:
        stage = self.model.stage(self.stage.value)
        note = "" if stage.name_from_source else "（这个阶段名称是课程起的，来源只写明了“决策阶段”。）"
        self.stage_info.value = (
            f'<div style="margin:4px 0">{escape_html(stage.customer)}'
            f'<span style="color:{COLORS["muted"]}">{escape_html(note)}</span></div>'
        )
        self.tactic_boxes = {t.id: w.Checkbox(value=True, description=f"{t.title}（约 {t.days} 天）", indent=False,
                                              layout=WIDE) for t in stage.tactics}
        self.tactic_area.children = tuple(self.tactic_boxes.values())

    def _on_stage(self, _: object) -> None:
        self._show_stage()

    def _on_suggest(self, _: object) -> None:
        result = suggest_stage(self.model, [k for k, box in self.signal_boxes.items() if box.value])
        self.suggestion.value = message_html(result.message, "ok" if result.stage else "info")
        if result.stage:
            self.stage.value = result.stage

    def _on_plan(self, _: object) -> None:
        try:
            plan = build_plan(
                self.model, self.stage.value, self.start.value,
                tactic_ids=[k for k, box in self.tactic_boxes.items() if box.value],
                factor_checks={k: box.value for k, box in self.factor_boxes.items()},
                customer=self.customer.value, today=self.today,
            )
        except PlanInputError as exc:
            self.status.value = message_html(str(exc), "bad")
            return
        self.plan = plan
        self.status.value = message_html(
            "计划已生成，但有需要注意的日期，见下方提醒。" if plan.warnings
            else "计划已生成。可以复制下面的 Markdown 保存到你的笔记里。",
            "bad" if plan.warnings else "ok",
        )
        self.output.value = plan_html(plan)
        self.markdown.value = plan_markdown(plan)


def show_journey_planner(today: date | None = None) -> w.VBox:
    """Display the journey trust planner and return its widget."""
    return JourneyPlannerView(today=today).widget
