"""ipywidgets view of the chapter 4 personality quiz (self mode and customer mode).

A thin view over :mod:`kosguide.personality`: every control is a native ipywidgets input
(radio buttons, drop-downs, a text box, buttons), so the quiz can be taken with the keyboard only.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ...core import palette
from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.storage import StorageError
from ...core.text import escape_html
from .chart import temperament_svg
from .data import FIELD_LABELS, MODES, PROFILE_FIELDS, ItemBank, TemperamentType
from .scoring import (
    CAVEAT,
    RESULTS_FILE,
    AnswerError,
    Result,
    compare,
    load_quiz,
    load_results,
    save_result,
    score,
    strength_word,
)

UNANSWERED = "（请选择）"
UNOBSERVED = "unobserved"


def caveat_html() -> str:
    return (f'<div role="note" style="border-left:4px solid {COLORS["bad"]};padding:6px 10px;margin:8px 0;'
            f'background:{palette.BAD_BG_LIGHT}">⚠ {escape_html(CAVEAT)}</div>')


def _list_html(values: tuple[str, ...]) -> str:
    return "<ul style='margin:2px 0 6px 18px;padding:0'>" + "".join(
        f"<li>{escape_html(v)}</li>" for v in values) + "</ul>"


def _layout_note(t: TemperamentType, fields: tuple[str, ...]) -> str:
    marked = [f for f in fields if f in t.layout_assigned]
    if not marked:
        return ""
    names = "、".join(dict.fromkeys(FIELD_LABELS.get(f, f) for f in marked))
    return (f'<div style="color:{COLORS["muted"]};font-size:90%;margin-top:4px">'
            f"注：{escape_html(names)}是按幻灯片版面推断归属的，不是直接读到的。{escape_html(t.layout_note)}</div>")


def profile_html(t: TemperamentType) -> str:
    """The type's profile for self mode (characteristics, strengths … best at)."""
    body = [f"<div><b>{escape_html(t.story_role)}</b> · {escape_html(t.style)} + {escape_html(t.action)}</div>"]
    for key, label in PROFILE_FIELDS.items():
        body.append(f"<div><b>{escape_html(label)}</b></div>{_list_html(getattr(t, key))}")
    body.append(_layout_note(t, ("style", "action", *PROFILE_FIELDS)))
    body.append("<div>想一想：这些特点在客户眼里是什么样子？和你性格不同的客户，可能最不习惯你的哪一点？</div>")
    return card_html(f"{t.name}的特点", "".join(body))


def advice_html(t: TemperamentType) -> str:
    """How to work with this type as a customer (customer mode)."""
    body = (f"<div><b>口号：</b>和{escape_html(t.name)}客户“{escape_html(t.slogan)}”——"
            f"{escape_html(t.summary)}。</div>"
            f"{_list_html(t.work_with)}"
            f"<div><b>他反感</b>{escape_html('、'.join(t.dislikes))}；<b>他担心</b>{escape_html('、'.join(t.fears))}；"
            f"<b>打动他的是</b>{escape_html('、'.join(t.motive))}。</div>"
            f"{_layout_note(t, ('style', 'action', 'work_with'))}")
    return card_html(f"怎样与{t.name}客户合作", body)


def result_html(result: Result, bank: ItemBank, types: list[TemperamentType]) -> str:
    """Everything shown under the chart: status, scores in words, profile or advice, the caveat."""
    by_id = {t.id: t for t in types}
    tone = "ok" if result.status == "clear" else "info"
    parts = [message_html(f"{result.name}：{result.message}", tone)]
    for axis in (result.style, result.action):
        label = "风格（感性 ↔ 理性）" if axis.axis == "style" else "行动（优柔 ↔ 率直）"
        lean = f"偏{axis.pole}" if axis.pole else "正中"
        parts.append(
            f"<div>{escape_html(label)}：{axis.score:+.0f} 分（{escape_html(lean)}，"
            f"{escape_html(strength_word(axis.score, bank.between_band))}），"
            f"计分 {axis.counted}/{axis.total} 题</div>")
    for type_id in result.type_ids:
        t = by_id[type_id]
        parts.append(profile_html(t) if result.mode == "self" else advice_html(t))
    if result.mode == "self" and result.can_conclude:
        parts.append(message_html("每一种性格都有它的价值。了解自己，是为了更好地理解和你不一样的客户。"))
    parts.append(caveat_html())
    return "".join(parts)


def comparison_html(rows: list[dict[str, str]]) -> str:
    if not rows:
        return message_html("还没有保存任何结果。")
    head = "".join(f"<th style='text-align:left;padding:2px 10px 2px 0'>{h}</th>"
                   for h in ("代号", "模式", "风格（感性−/理性+）", "行动（优柔−/率直+）", "结论"))
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 10px 2px 0'>{escape_html(r[k])}</td>"
                         for k in ("name", "mode", "style", "action", "type")) + "</tr>"
        for r in rows)
    return f"<table style='border-collapse:collapse;margin:6px 0'><tr>{head}</tr>{body}</table>"


class PersonalityQuizView:
    """Mode choice, one drop-down per item, 查看结果， then the chart, the profile or advice, and saving."""

    def __init__(self, bank: ItemBank, types: list[TemperamentType], *, mode: str = "self",
                 results_path: str | Path = RESULTS_FILE) -> None:
        self.bank, self.types, self.results_path = bank, types, Path(results_path)
        self.result: Result | None = None
        self.mode = w.RadioButtons(options=[("自测：了解我自己", "self"), ("观察客户：根据我看到的行为", "customer")],
                                   value=mode, description="模式", layout=w.Layout(width="auto"))
        self.name = w.Text(value="", placeholder="代号，例如“我”或“客户 A”（不要写真实姓名）",
                           description="代号", layout=w.Layout(width="420px"))
        self.intro = w.HTML()
        self.labels: dict[str, w.HTML] = {}
        self.answers: dict[str, w.Dropdown] = {}
        rows: list[w.Widget] = []
        for number, item in enumerate(bank.items, start=1):
            label = w.HTML()
            control = w.Dropdown(options=self._options(mode), value=None, layout=w.Layout(width="190px"))
            self.labels[item.id], self.answers[item.id] = label, control
            rows.append(w.HBox([w.HTML(f"<b>{number}.</b>", layout=w.Layout(width="32px")), control, label]))
        self.show = w.Button(description="查看结果", button_style="primary", icon="chart-line",
                             tooltip="根据已作答的题计算结果")
        self.progress = w.HTML()
        self.output = w.HTML()
        self.chart = w.HTML()
        self.save = w.Button(description="保存这次结果", icon="save",
                             tooltip=f"保存到本机文件 {self.results_path.name}")
        self.compare = w.Button(description="对比已保存的结果", icon="users", tooltip="把保存过的几个人画在同一张图上")
        self.status = w.HTML()
        self.show.on_click(self._on_show)
        self.save.on_click(self._on_save)
        self.compare.on_click(self._on_compare)
        self.mode.observe(self._on_mode, names="value")
        for control in self.answers.values():
            control.observe(self._on_answer, names="value")
        self.widget = w.VBox([
            w.HTML(f"<h3>{escape_html(bank.title)}</h3>" + message_html(PRIVACY_BANNER) + caveat_html()),
            self.mode, self.name, self.intro, w.VBox(rows), self.progress, self.show, self.chart, self.output,
            w.HBox([self.save, self.compare]), self.status,
        ])
        self._apply_mode()

    def _options(self, mode: str) -> list[tuple[str, object]]:
        options: list[tuple[str, object]] = [(UNANSWERED, None)]
        options += [(o.label, o.value) for o in self.bank.scale]
        if mode == "customer":
            options.append((self.bank.unobserved_label, UNOBSERVED))
        return options

    def _apply_mode(self) -> None:
        mode = self.mode.value
        for item in self.bank.items:
            self.labels[item.id].value = escape_html(item.text(mode))
            control = self.answers[item.id]
            old = control.value
            control.options = self._options(mode)
            control.value = old if old in [v for _, v in control.options] else None
        if mode == "customer":
            self.intro.value = message_html(
                "根据你亲眼看到的行为作答。没见过的就选“没注意到 / 不确定”，它不计分；"
                f"每个方向至少要有 {self.bank.min_answers_per_axis} 题有观察，才会给出结论。")
        else:
            self.intro.value = message_html("按你平时在工作中的样子作答，不要按你希望的样子。要提升自己，先认识自己。")
        self._on_answer()

    def _on_mode(self, _: object = None) -> None:
        self.result = None
        self.chart.value = self.output.value = ""
        self._apply_mode()

    def _on_answer(self, _: object = None) -> None:
        done = sum(c.value is not None for c in self.answers.values())
        self.progress.value = message_html(f"已作答 {done}/{len(self.answers)} 题。", "info")

    def answer_values(self) -> dict[str, int | None]:
        """The current answers in the form :func:`kosguide.personality.score` takes."""
        return {k: (None if c.value in (None, UNOBSERVED) else int(c.value)) for k, c in self.answers.items()}

    def _on_show(self, _: object = None) -> None:
        self.result = score(self.bank, self.types, self.answer_values(), self.mode.value, self.name.value)
        self.chart.value = temperament_svg([self.result], self.types, self.bank.between_band,
                                           f"{self.result.name}的性格坐标（{MODES[self.result.mode]}）")._repr_html_()
        self.output.value = result_html(self.result, self.bank, self.types)
        self.status.value = ""

    def _on_save(self, _: object = None) -> None:
        if self.result is None:
            self.status.value = message_html("请先点“查看结果”，再保存。", "bad")
            return
        try:
            _, text = save_result(self.result, self.results_path)
        except StorageError as exc:
            self.status.value = message_html(str(exc), "bad")
            return
        self.status.value = message_html(text + " 文件只在你的电脑上；请不要提交到 git 或发到群里。", "ok")

    def _on_compare(self, _: object = None) -> None:
        saved, problem = load_results(self.results_path)
        parts = [message_html(problem, "bad")] if problem else []
        if saved:
            self.chart.value = temperament_svg(saved, self.types, self.bank.between_band,
                                               f"已保存的 {len(saved)} 个结果")._repr_html_()
            parts.append(comparison_html(compare(saved, self.types, self.bank.between_band)))
            parts.append(message_html("对比是为了想清楚你和每位客户之间的差异该怎样沟通，而不是给人分类。"))
        else:
            parts.append(message_html("还没有保存任何结果：先做一次小测，再点“保存这次结果”。"))
        parts.append(caveat_html())
        self.output.value = "".join(parts)


def show_personality_quiz(mode: str = "self", results_path: str | Path = RESULTS_FILE) -> w.VBox:
    """Display the quiz (``mode`` "self" or "customer") and return its widget."""
    bank, types = load_quiz()
    return PersonalityQuizView(bank, types, mode=mode, results_path=results_path).widget


def show_saved_results(results_path: str | Path = RESULTS_FILE) -> w.HTML:
    """The comparison chart and table of every saved result (for a workbook cell)."""
    bank, types = load_quiz()
    view = PersonalityQuizView(bank, types, results_path=results_path)
    view._on_compare()
    return w.HTML(view.chart.value + view.output.value)


def show_result(answers: object, mode: str = "customer", name: str = "") -> w.HTML:
    """Score a dict of answers (item id → -2 … 2 or None) and show the chart, advice or profile, and caveat.

    Used by the workbook's worked example; mistakes in the dict are shown as a Chinese message.
    """
    bank, types = load_quiz()
    try:
        result = score(bank, types, answers if isinstance(answers, dict) else {}, mode, name)
    except AnswerError as exc:
        return w.HTML(message_html(str(exc), "bad"))
    if not isinstance(answers, dict):
        return w.HTML(message_html("请把答案写成一个字典，例如 {\"a-decide-fast\": 2}。", "bad"))
    chart = temperament_svg([result], types, bank.between_band, f"{result.name}的性格坐标（{MODES[mode]}）")
    return w.HTML(chart._repr_html_() + result_html(result, bank, types))
