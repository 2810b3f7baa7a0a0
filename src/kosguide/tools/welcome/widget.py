"""ipywidgets view of the welcome-message builder (fields → message → check)."""

from __future__ import annotations

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, message_html
from ...core.text import escape_html, escape_multiline
from ..refusal.normalise import ReviewInputError
from .message import WelcomeCheckResult, WelcomeFields, build_welcome, check_welcome


def check_html(result: WelcomeCheckResult) -> str:
    rows = []
    for key, present in result.present.items():
        tone = COLORS["ok"] if present else COLORS["bad"]
        mark = "✓" if present else "✗"
        hint = "" if present else f"：{escape_html(result.hints[key])}"
        rows.append(f'<div style="color:{tone}">{mark} {escape_html(result.names[key])}{hint}</div>')
    for warning in result.warnings:
        rows.append(f'<div style="color:{COLORS["bad"]}">⚠ {escape_multiline(warning)}</div>')
    verdict = ("这条欢迎语说清楚了角色、时间和非工作时间的渠道，语气也专业。" if result.ok
               else "这条欢迎语还需要修改，见下面的提示。")
    return message_html(verdict, "ok" if result.ok else "info") + "".join(rows)


class WelcomeBuilderView:
    """Text fields for the parts, a 生成 button, an editable message and a 检查 button."""

    def __init__(self) -> None:
        style = {"description_width": "initial"}
        wide = w.Layout(width="95%")
        self.customer = w.Text(description="客户称呼", placeholder="例如：张总（用代号也可以）", style=style)
        self.name = w.Text(description="你的名字", placeholder="例如：小王", style=style)
        self.role = w.Text(value="顾问", description="你的角色", style=style)
        self.hours = w.Text(description="工作时间", placeholder="例如：周一到周五 9:00–18:00", style=style,
                            layout=wide)
        self.after_hours = w.Text(description="非工作时间找谁", style=style, layout=wide,
                                  placeholder="例如：公司的二十四小时服务热线 400-000-0000")
        self.expect = w.Text(description="客户可以期待什么", style=style, layout=wide,
                             placeholder="例如：每月初我会给您发一份使用情况小结")
        self.casual = w.Checkbox(value=False, description="用微信口语的结尾", indent=False)
        self.build_button = w.Button(description="生成欢迎语", button_style="primary", icon="magic")
        self.message = w.Textarea(description="欢迎语", layout=w.Layout(width="95%", height="130px"), style=style,
                                  placeholder="点“生成欢迎语”，或把你自己的欢迎语粘贴到这里，再点“检查”")
        self.check_button = w.Button(description="检查", icon="check", tooltip="检查角色、时间、非工作时间渠道")
        self.feedback = w.HTML()
        self.build_button.on_click(lambda _: self.build())
        self.check_button.on_click(lambda _: self.check())
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER, "muted")),
            self.customer, self.name, self.role, self.hours, self.after_hours, self.expect, self.casual,
            self.build_button, self.message, self.check_button, self.feedback,
        ])

    def build(self) -> None:
        fields = WelcomeFields(name=self.name.value, role=self.role.value, customer=self.customer.value,
                               hours=self.hours.value, after_hours=self.after_hours.value,
                               expect=self.expect.value, casual=self.casual.value)
        try:
            self.message.value = build_welcome(fields)
        except ReviewInputError as exc:
            self.feedback.value = message_html(str(exc), "bad")
            return
        self.check()

    def check(self) -> WelcomeCheckResult | None:
        try:
            result = check_welcome(self.message.value)
        except ReviewInputError as exc:
            self.feedback.value = message_html(str(exc), "bad")
            return None
        self.feedback.value = check_html(result)
        return result


def show_welcome_builder() -> w.VBox:
    """Display the welcome-message builder and return its widget."""
    return WelcomeBuilderView().widget
