"""ipywidgets view of the refusal composer: pick a request, write the three steps, get coached."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.storage import StorageError
from ...core.text import escape_html, escape_multiline
from ..results.results import OWN_SCENARIO, REFUSAL_FILE, record_refusal_practice
from .data import KEY_NAMES, Scenario
from .review import Review, ReviewInputError, assemble, review, scenarios

OWN = "__own__"
STEP_LABELS = {
    "empathy": "第一步 理解与共情",
    "principle": "第二步 原则与理由",
    "alternative": "第三步 替代方案",
}
STEP_PLACEHOLDERS = {
    "empathy": "例如：王总，我特别理解您想把成本再压一压的心情……",
    "principle": "例如：只是我们的价格对所有客户统一公开，我也没有单独调整的权限……",
    "alternative": "例如：我可以为您申请一个原厂配件作为赠品，明天随货寄出……",
}


def scenario_html(scenario: Scenario | None) -> str:
    if scenario is None:
        return message_html("请在下面用一两句话描述客户的请求，然后写你的回复。", "info")
    items = "".join(f"<li>{escape_html(p)}</li>" for p in scenario.principles)
    alts = "".join(f"<li>{escape_html(a)}</li>" for a in scenario.alternatives)
    pits = "".join(f"<li>{escape_html(p)}</li>" for p in scenario.pitfalls)
    body = (f"<div>{escape_multiline(scenario.context)}</div>"
            f"<div style='margin:6px 0'><b>客户说：</b>“{escape_html(scenario.customer_says)}”</div>"
            f"<details><summary>可以用的原则和替代方案（写完再看更有收获）</summary>"
            f"<div><b>原则：</b><ul>{items}</ul><b>你权限内的替代：</b><ul>{alts}</ul>"
            + (f"<b>常见的坑：</b><ul>{pits}</ul>" if pits else "") + "</div></details>")
    return card_html(scenario.title, body)


def review_html(result: Review) -> str:
    """Per-step ✓/✗ with reasons, quotes and suggested phrases. Every learner string is escaped."""
    rows = []
    for item in result.feedback:
        tone = COLORS["ok"] if item.ok else COLORS["bad"]
        rows.append(
            f'<div style="margin:4px 0"><b style="color:{tone}">{escape_html(item.name)}</b>：'
            f"{escape_multiline(item.text)}</div>"
        )
    tone = "ok" if result.good else "info"
    note = message_html(result.refusal_note, "info") if result.refusal_note else ""
    return message_html(result.summary, tone) + note + "".join(rows)


class RefusalComposerView:
    """Scenario picker, step-by-step or whole-message input, a 检查 button and a copyable final message."""

    def __init__(self, scenario_list: list[Scenario] | None = None,
                 practice_path: str | Path = REFUSAL_FILE) -> None:
        self.practice_path = Path(practice_path)
        self.last: tuple[str, Review] | None = None
        self.scenarios = {s.id: s for s in (scenario_list if scenario_list is not None else scenarios())}
        options = [(f"{s.title}", s.id) for s in self.scenarios.values()] + [("（自己描述一个请求）", OWN)]
        self.picker = w.Dropdown(options=options, value=options[0][1], description="请求情境",
                                 style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        self.scenario_box = w.HTML()
        self.own_request = w.Textarea(placeholder="用一两句话描述客户的请求（用代号，不写真实姓名）",
                                      description="客户的请求", layout=w.Layout(width="95%", height="60px"),
                                      style={"description_width": "initial"})
        self.mode = w.ToggleButtons(options=[("分三步写", "steps"), ("整段写", "whole")], value="steps",
                                    description="写法", style={"description_width": "initial"})
        self.greeting = w.Text(placeholder="称呼，例如：王总（可不填）", description="称呼",
                               style={"description_width": "initial"})
        self.steps = {key: w.Textarea(placeholder=STEP_PLACEHOLDERS[key], description=label,
                                      layout=w.Layout(width="95%", height="70px"),
                                      style={"description_width": "initial"})
                      for key, label in STEP_LABELS.items()}
        self.whole = w.Textarea(placeholder="把整段回复写在这里", description="整段回复",
                                layout=w.Layout(width="95%", height="140px"), style={"description_width": "initial"})
        self.check_button = w.Button(description="检查", button_style="primary", icon="check",
                                     tooltip="按课程的五个判断检查这条拒绝话术")
        self.feedback = w.HTML()
        self.final = w.Textarea(description="最终话术", layout=w.Layout(width="95%", height="110px"),
                                style={"description_width": "initial"},
                                placeholder="检查后，这里会出现拼好的完整话术，可以直接复制")
        self.steps_box = w.VBox([self.greeting, *self.steps.values()])
        self.whole_box = w.VBox([self.whole])
        self.inputs = w.VBox()
        self.picker.observe(lambda _: self._show_scenario(), names="value")
        self.mode.observe(lambda _: self._show_mode(), names="value")
        self.check_button.on_click(lambda _: self.check())
        self.record_button = w.Button(description="记录这次练习结果", icon="save",
                                      tooltip="只记录情境编号和五项判断的结果，不记录你写的话",
                                      layout=w.Layout(width="auto"))
        self.record_status = w.HTML()
        self.record_button.on_click(lambda _: self.record())
        self._show_scenario()
        self._show_mode()
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER, "muted")),
            self.picker, self.scenario_box, self.own_request, self.mode, self.inputs,
            self.check_button, self.feedback, self.final, self.record_button, self.record_status,
        ])

    @property
    def scenario(self) -> Scenario | None:
        return self.scenarios.get(self.picker.value)

    def _show_scenario(self) -> None:
        self.scenario_box.value = scenario_html(self.scenario)
        self.own_request.layout.display = "none" if self.scenario else None

    def _show_mode(self) -> None:
        self.inputs.children = (self.steps_box,) if self.mode.value == "steps" else (self.whole_box,)

    def message(self) -> str:
        if self.mode.value == "whole":
            return self.whole.value.strip()
        return assemble(*(self.steps[k].value for k in STEP_LABELS), greeting=self.greeting.value)

    def check(self) -> Review | None:
        text = self.message()
        try:
            result = review(text, scenario=self.scenario)
        except ReviewInputError as exc:
            self.feedback.value = message_html(str(exc), "bad")
            return None
        if self.mode.value == "steps":
            per_step = []
            for key in STEP_LABELS:
                if not self.steps[key].value.strip():
                    per_step.append(f"{KEY_NAMES[key]}这一格还空着。")
            note = message_html(" ".join(per_step), "info") if per_step else ""
        else:
            note = ""
        self.feedback.value = review_html(result) + note
        self.final.value = text
        self.last = (self.picker.value if self.scenario else OWN_SCENARIO, result)
        return result

    def record(self) -> bool:
        """Append the last checked attempt (scenario id + five booleans, never the text) to the local file."""
        if self.last is None:
            self.record_status.value = message_html("请先点“检查”，再记录这次练习的结果。", "info")
            return False
        scenario_id, result = self.last
        try:
            _, text = record_refusal_practice(scenario_id, result.labels(), self.practice_path)
        except StorageError as exc:
            self.record_status.value = message_html(str(exc), "bad")
            return False
        self.last = None
        self.record_status.value = message_html(text, "ok")
        return True


def show_refusal_composer() -> w.VBox:
    """Display the refusal composer and return its widget."""
    return RefusalComposerView().widget
