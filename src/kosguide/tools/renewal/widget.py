"""ipywidgets view of the renewal expectation calculator (chapter 5). Logic: :mod:`kosguide.renewal_calculator`."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.text import escape_html, escape_multiline
from .calculator import (
    POSITION_NAMES,
    Expectation,
    ResultInputError,
    calculate,
    fmt,
    group_explanation,
    load_situation,
    rule_text,
)
from .chart import renewal_chart_svg

GROUPS = (("续约客户（有过去的数据）", "renewing"), ("新签客户", "new"), ("断约客户", "churned"))
TONE = {"below_floor": "bad", "between": "info", "above_line": "ok"}


def result_html(exp: Expectation, unit: str = "") -> str:
    """The numbers, the rule and the verdict; every text is escaped."""
    u = f" {escape_html(unit.strip())}" if unit.strip() else ""
    rows = [("过去期数", str(len(exp.results))), ("过去最低值", f"{fmt(exp.minimum)}{u}"),
            ("过去平均值", f"{fmt(exp.average)}{u}"), ("底线", f"{fmt(exp.floor)}{u}"),
            ("满意线", f"{fmt(exp.satisfaction)}{u}")]
    if exp.current is not None:
        rows.append(("本期", f"{fmt(exp.current)}{u}（{POSITION_NAMES[exp.position or '']}）"))
    table = "".join(f'<tr><th style="text-align:left;padding:2px 12px 2px 0">{k}</th><td>{v}</td></tr>'
                    for k, v in rows)
    body = (f'<table style="border-collapse:collapse">{table}</table>'
            f'<div style="color:{COLORS["muted"]};margin:6px 0">规则：{escape_html(exp.rule)}</div>'
            + message_html(exp.message, TONE.get(exp.position or "", "info"))
            + "".join(message_html(n, "info") for n in exp.notes))
    return card_html("续约期望", body)


class RenewalCalculatorView:
    """Enter past results → floor, satisfaction line, where this period stands, and a chart."""

    def __init__(self, guide: Any = None) -> None:
        self.guide = guide or load_situation()
        margins = self.guide.margins
        style = {"description_width": "initial"}
        self.result: Expectation | None = None
        self.customer = w.Text(description="客户代号", placeholder="例如：客户 B（不要写真实名称）", style=style,
                               layout=w.Layout(width="420px"))
        self.group = w.Dropdown(options=GROUPS, value="renewing", description="客户类型", style=style)
        self.results = w.Textarea(description="过去各期结果",
                                  placeholder="每期一个数字，用逗号、空格或换行隔开，例如：12, 15, 9",
                                  style=style, layout=w.Layout(width="420px", height="80px"))
        self.current = w.Text(description="本期结果（可不填）", placeholder="例如：11", style=style)
        self.unit = w.Text(value="单", description="单位", placeholder="例如：单、个长期客户", style=style)
        self.floor_margin = w.BoundedFloatText(value=round(margins.floor * 100, 2), min=0, max=50, step=1,
                                               description="底线比最低值低（%）", style=style)
        self.satisfaction_margin = w.BoundedFloatText(value=round(margins.satisfaction * 100, 2), min=0, max=50,
                                                      step=1, description="满意线比平均值高（%）", style=style)
        self.rule = w.HTML()
        self.button = w.Button(description="计算", button_style="primary", icon="calculator",
                               tooltip="算出底线和满意线，并看本期落在哪里")
        self.status = w.HTML()
        self.output = w.HTML()
        self.chart = w.HTML()
        self.button.on_click(self._on_calculate)
        for control in (self.floor_margin, self.satisfaction_margin):
            control.observe(self._show_rule, names="value")
        self._show_rule()
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER, "muted")),
            w.HTML(message_html(f"注意：{self.guide.caveat}", "muted")),
            self.customer, self.group, self.results, self.current, self.unit,
            self.floor_margin, self.satisfaction_margin, self.rule,
            self.button, self.status, self.output, self.chart,
        ])

    def _show_rule(self, _: object = None) -> None:
        note = self.guide.margins.note
        self.rule.value = (
            f'<div style="color:{COLORS["muted"]}">'
            f"{escape_html(rule_text(self.floor_margin.value / 100, self.satisfaction_margin.value / 100))}"
            f"<br>{escape_html(note)}</div>"
        )

    def _on_calculate(self, _: object) -> None:
        if self.group.value != "renewing":
            self.status.value = message_html("这类客户不用过去的数据计算，下面是研究里描述的期望基线。", "info")
            self.output.value = card_html("期望基线", escape_multiline(group_explanation(self.guide, self.group.value)))
            self.chart.value = ""
            return
        try:
            exp = calculate(self.results.value, self.current.value,
                            floor_margin=self.floor_margin.value / 100,
                            satisfaction_margin=self.satisfaction_margin.value / 100,
                            unit=self.unit.value, max_periods=self.guide.margins.max_periods)
        except ResultInputError as exc:
            kept = "你填写的内容都还在，改好后再点“计算”。"
            if self.result is not None:
                kept += "下面仍是上一次成功计算的结果。"
            self.status.value = message_html(f"{exc}\n{kept}", "bad")
            return
        self.result = exp
        self.status.value = message_html("计算完成。", "ok")
        self.output.value = result_html(exp, self.unit.value)
        self.chart.value = renewal_chart_svg(exp, self.unit.value, self.customer.value)._repr_html_()


def show_renewal_calculator() -> w.VBox:
    """Display the renewal expectation calculator and return its widget."""
    return RenewalCalculatorView().widget
