"""The 对话演练 chat view: the only module of the tool that imports ipywidgets.

Customer bubbles on the left, the learner's on the right; a multi-line box and a 发送 button (no
reliance on Enter, so Chinese input methods can compose freely); phone-first (fluid width,
bubbles at most 85 % wide); every button is a real, keyboard-focusable button. At the end: the
debrief (each turn's judgements with the triggering words, what a strong reply would do, a model
conversation), 再练一次 and the transcript to copy. Every text shown as HTML is escaped.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ...core import palette
from ...core.cards import COLORS, PRIVACY_BANNER, message_html
from ...core.storage import StorageError
from ...core.text import escape_multiline
from ..results.model import ROLEPLAY_FILE, ResultsError
from ..results.practice import record_roleplay_practice
from .data import ENDING_NAMES, Scenario
from .engine import Session, debrief, judge_texts, scenarios, transcript_text

CHAT_CSS = (f"display:flex;flex-direction:column;gap:8px;padding:10px;background:{palette.CHAT_BG};border-radius:8px;"
            "max-height:60vh;overflow-y:auto")
BUBBLE = "max-width:85%;padding:8px 11px;border-radius:8px;line-height:1.55;word-break:break-word;"
KIND_TONES = {"good": "ok", "mixed": "info", "bad": "bad"}


def bubble_html(text: str, *, mine: bool, who: str) -> str:
    """One chat bubble; ``text`` and ``who`` are escaped here."""
    side = (f"align-self:flex-end;background:{palette.CHAT_MINE};" if mine
            else f"align-self:flex-start;background:{palette.WHITE};")
    return (f'<div class="kos-rp-{"me" if mine else "customer"}" style="{BUBBLE}{side}">'
            f'<div style="font-size:12px;color:{COLORS["muted"]}">{escape_multiline(who)}</div>'
            f"{escape_multiline(text)}</div>")


def intro_html(s: Scenario) -> str:
    p = s.persona
    return (f'<div style="margin:4px 0"><b>{escape_multiline(s.title)}</b>'
            f'<span style="color:{COLORS["muted"]}">（{escape_multiline(s.industry)}）</span><br>'
            f"{escape_multiline(s.summary)}<br>"
            f'<span style="color:{COLORS["muted"]}">客户：{escape_multiline(p.name)}，{escape_multiline(p.role)}。'
            f"{escape_multiline(p.situation)}<br>你：{escape_multiline(s.you)}</span></div>")


def debrief_html(report: dict[str, Any], customer_name: str) -> str:
    """The debrief as HTML; every text in ``report`` is escaped here."""
    e = escape_multiline
    parts: list[str] = []
    ending = report["ending"]
    if ending:
        color = COLORS[KIND_TONES[ending["kind"]]]
        parts.append(f'<h4 style="margin:8px 0;color:{color}">结局：{e(ending["name"])}</h4>'
                     f"<p>{e(ending['debrief'])}</p>")
    for number, turn in enumerate(report["turns"], start=1):
        items = "".join(
            f'<li style="color:{COLORS["ok"] if j["good"] else COLORS["bad"]}">'
            f'{"✓" if j["good"] else "✗"} <b>{e(j["name"])}</b>：{e(j["text"])}</li>'
            for j in turn["judgements"])
        parts.append(
            f'<div style="border-top:1px solid {COLORS["border"]};padding:6px 0">'
            f"<b>第 {number} 轮</b><br>{e(customer_name)}：{e(turn['customer'])}<br>你：{e(turn['reply'])}"
            f'<ul style="margin:4px 0;padding-left:1.2em">{items}</ul>'
            f"<div>更有力的回复会：{e(turn['strong'])}</div>"
            f'<div style="color:{COLORS["muted"]}">示范回复：{e(turn["model"])}</div></div>')
    model = "".join(f"<li>{e(customer_name)}：{e(c)}<br>示范：{e(r)}</li>" for c, r in report["model"])
    parts.append(f'<details><summary>看一段示范对话</summary><ol style="padding-left:1.2em">{model}</ol></details>')
    return "".join(parts)


class RoleplayWidget(w.VBox):
    """The chat exercise. ``chapter`` (e.g. "ch07") limits the scenarios offered; ``scenario`` picks one."""

    def __init__(self, chapter: str | None = None, scenario: str | None = None, data: Any = None,
                 practice_path: str | None = ROLEPLAY_FILE) -> None:
        self._data = data
        self.practice_path = practice_path
        self._texts = judge_texts(data)
        found = [s for s in scenarios(data) if chapter is None or s.chapter == chapter]
        self._scenarios = {s.id: s for s in found}
        def lay() -> w.Layout:  # one Layout per widget: hiding the input row must not hide the chat
            return w.Layout(width="100%")

        self.picker = w.Dropdown(options=[(s.title, s.id) for s in found], description="情景",
                                 layout=w.Layout(width="100%", max_width="640px"))
        self.intro = w.HTML()
        self.chat = w.HTML(layout=lay())
        self.reply = w.Textarea(placeholder="写下你要发给客户的微信回复，写好后点“发送”。",
                                layout=w.Layout(width="100%", height="5.5em"))
        self.send_button = w.Button(description="发送", button_style="primary", tooltip="把回复发给客户",
                                    layout=w.Layout(width="auto", min_width="6em"))
        self.status = w.HTML()
        self.debrief = w.HTML(layout=lay())
        self.replay_button = w.Button(description="再练一次", tooltip="从开场重新开始这个情景")
        self.copy_button = w.Button(description="复制对话记录", tooltip="显示对话记录，全选后复制")
        self.transcript = w.Textarea(layout=w.Layout(width="100%", height="10em", display="none"),
                                     description="")
        self.input_row = w.VBox([self.reply, w.HBox([self.send_button])], layout=lay())
        self.end_row = w.HBox([self.replay_button, self.copy_button],
                              layout=w.Layout(display="none", flex_flow="row wrap"))
        self.session: Session | None = None
        self.results: dict[str, dict[str, Any]] = {}
        super().__init__([w.HTML(message_html(PRIVACY_BANNER, "muted")), self.picker, self.intro, self.chat,
                          self.status, self.input_row, self.debrief, self.end_row, self.transcript],
                         layout=w.Layout(width="100%", max_width="720px"))
        self.send_button.on_click(lambda _: self.send())
        self.replay_button.on_click(lambda _: self.start())
        self.copy_button.on_click(lambda _: self.show_transcript())
        self.picker.observe(lambda change: self.start(), names="value")
        if not found:
            self.status.value = message_html("这一章还没有对话演练情景。", "info")
            self.input_row.layout.display = "none"
            return
        if scenario in self._scenarios:
            self.picker.value = scenario
        self.start()

    # ------------------------------------------------------------------ actions
    @property
    def scenario(self) -> Scenario:
        return self._scenarios[self.picker.value]

    def start(self) -> None:
        """Begin (or replay) the chosen scenario from its opening message."""
        self.session = Session(self.scenario)
        self.intro.value = intro_html(self.scenario)
        self.debrief.value = ""
        self.status.value = ""
        self.reply.value = ""
        self.transcript.value = ""
        self.transcript.layout.display = "none"
        self.input_row.layout.display = "flex"
        self.end_row.layout.display = "none"
        self._render_chat()

    def send(self) -> None:
        """Send what is in the box. A reply that cannot be judged stays in the box with a prompt."""
        if self.session is None:
            return
        step = self.session.send(self.reply.value)
        if step.kind == "retry":
            self.status.value = message_html(step.message, "bad")
            return
        self.status.value = ""
        self.reply.value = ""
        self._render_chat()
        if step.kind == "ending":
            self._finish()

    def show_transcript(self) -> None:
        if self.session is None:
            return
        self.transcript.value = transcript_text(self.session)
        self.transcript.layout.display = "flex"
        self.status.value = message_html("对话记录在下面的文本框里：全选（手机上长按）后复制。", "info")

    # ------------------------------------------------------------------ rendering
    def _render_chat(self) -> None:
        s = self.session
        assert s is not None
        name = s.scenario.persona.name
        bubbles = []
        for turn in s.turns:
            bubbles.append(bubble_html(turn.customer, mine=False, who=name))
            bubbles.append(bubble_html(turn.reply, mine=True, who="我"))
        bubbles.append(bubble_html(s.customer_line(), mine=False, who=name))
        self.chat.value = (f'<div class="kos-rp-chat" role="log" aria-live="polite" style="{CHAT_CSS}">'
                           + "".join(bubbles) + "</div>")

    def _finish(self) -> None:
        s = self.session
        assert s is not None and s.ending is not None
        report = debrief(s, self._texts)
        self.debrief.value = debrief_html(report, s.scenario.persona.name)
        self.input_row.layout.display = "none"
        self.end_row.layout.display = "flex"
        self.results[s.scenario.id] = {"ending": s.ending.kind, "failed": s.failed_judgements()}
        note = ""
        if self.practice_path:
            try:
                _, note = record_roleplay_practice(s.scenario.id, s.ending.kind, s.failed_judgements(),
                                                   self.practice_path)
            except (StorageError, ResultsError) as exc:
                note = f"这次没有记录结果：{exc}"
        self.status.value = message_html(f"对话结束：{ENDING_NAMES[s.ending.kind]}。下面是复盘。{note}",
                                         KIND_TONES[s.ending.kind])
