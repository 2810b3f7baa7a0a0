"""ipywidgets view of the expectation-gap explorer: two sliders, presets, a live chart and explanation."""

from __future__ import annotations

import ipywidgets as w

from ...core.cards import COLORS, card_html, message_html
from ...core.data_loader import default_course_data
from ...core.text import escape_html, escape_multiline
from .chart import GapRow, gap_chart_svg
from .data import ExpectationConfig, Preset
from .gap import comparison_for_delivery, evaluate, explain

SLIDER_STYLE = {"description_width": "7em"}


class ExpectationExplorerView:
    """Move the sliders (or press a preset) and see the gap, its band and the over-promise comparison."""

    def __init__(self, config: ExpectationConfig) -> None:
        self.config = config
        s = config.scale
        start = config.presets[0]
        self.promise = w.IntSlider(value=start.expectation, min=s.minimum, max=s.maximum, step=1,
                                   description=s.expectation_label, style=SLIDER_STYLE, continuous_update=False,
                                   layout=w.Layout(width="460px"),
                                   tooltip="事先说出口的承诺，或客户心里的期待")
        self.delivery = w.IntSlider(value=start.experience, min=s.minimum, max=s.maximum, step=1,
                                    description=s.experience_label, style=SLIDER_STYLE, continuous_update=False,
                                    layout=w.Layout(width="460px"), tooltip="客户实际感受到的交付")
        self.story = w.HTML()
        self.result = w.HTML()
        self.chart = w.HTML()
        self.comparison = w.HTML()
        self.preset_buttons = [self._preset_button(p) for p in config.presets]
        help_text = (f"两个滑块用同一把 {s.minimum} 到 {s.maximum} 分的尺子：{s.low_end}，{s.high_end}。"
                     "分值是课程的示意，重要的是两者之差。可以用 Tab 键移到滑块上，再用左右方向键调整。")
        self.widget = w.VBox([
            w.HTML(f"<h3>{escape_html(config.title)}</h3>"
                   f'<div style="color:{COLORS["muted"]}">{escape_html(help_text)}</div>'),
            w.HTML("<b>预设情景</b>（点一下，滑块会跳到对应的分值）："),
            w.HBox(self.preset_buttons, layout=w.Layout(flex_flow="row wrap")),
            self.story, self.promise, self.delivery, self.result, self.chart, self.comparison,
        ])
        self.promise.observe(self._on_change, names="value")
        self.delivery.observe(self._on_change, names="value")
        self.apply_preset(start)

    def _preset_button(self, preset: Preset) -> w.Button:
        button = w.Button(description=preset.label, tooltip=preset.story, layout=w.Layout(width="auto"))
        button.on_click(lambda _b, p=preset: self.apply_preset(p))
        return button

    def apply_preset(self, preset: Preset) -> None:
        with self.promise.hold_trait_notifications(), self.delivery.hold_trait_notifications():
            self.promise.value = preset.expectation
            self.delivery.value = preset.experience
        self.update()
        self.story.value = card_html(f"情景：{preset.label}", escape_multiline(preset.story))

    def _on_change(self, _change: object) -> None:
        self.story.value = ""  # the sliders no longer show the preset's scores
        self.update()

    def update(self) -> None:
        result = evaluate(self.promise.value, self.delivery.value, self.config)
        self.result.value = message_html(explain(result, self.config), result.band.tone)
        comparison = comparison_for_delivery(result.experience, self.config)
        rows = [GapRow("你的设定", result), GapRow("保守承诺", comparison.conservative),
                GapRow("夸大承诺", comparison.inflated)]
        self.chart.value = gap_chart_svg(rows, self.config.scale)._repr_html_()
        self.comparison.value = card_html("同样的交付，不同的承诺", escape_multiline(comparison.explanation))


def show_expectation_explorer(config_id: str = "default") -> w.VBox:
    """Display the expectation-gap explorer and return its widget."""
    view = ExpectationExplorerView(default_course_data().get("expectation", config_id))
    return view.widget
