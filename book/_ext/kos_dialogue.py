"""Sphinx extension: the ``kos-dialogue`` directive renders a model chat as phone-style bubbles.

Usage in a MyST page (format fixed in TEACHING-DECISIONS.md and book/style-guide.md)::

    ```{kos-dialogue} 客户催问报价
    :channel: 微信一对一
    :verdict: bad
    客户：……
    销售：……
    销售（语音 0:25）：……
    （两天后）
    ```

Each non-empty line is one turn, ``说话人：内容`` with a full-width colon. A speaker whose name
starts with ``销售`` is the salesperson (bubble on the right); every other speaker (客户、王总、
店长 A……) is on the customer's side (left). ``说话人（语音 0:25）：内容`` is a voice message of that
length, its text shown as the transcript. A line wholly in full-width brackets, ``（两天后）``, is a
stage note. On the ``朋友圈`` channel the first turn is the post and the rest are its comments.

``:channel:`` is one of :data:`CHANNELS`; ``:verdict:`` is ``good`` or ``bad``. Every string is
HTML-escaped; a malformed line or an unknown option stops the build with a Chinese message naming
the line. Non-HTML builders get plain paragraphs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import only
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

try:
    from kosguide.escaping import escape_html
except ImportError:  # building from a checkout where the package is not installed yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from kosguide.escaping import escape_html

CHANNELS = ("微信一对一", "微信群", "语音消息", "朋友圈", "企业微信", "电话", "面谈")
VERDICTS = {"good": "示范：较好的做法", "bad": "反例：欠妥的做法"}
SALES_PREFIX = "销售"
# "说话人（语音 0:25）" — written with escapes so the ASCII time colon sits in no Chinese text line.
_VOICE = re.compile("^(?P<who>[^\uff08\uff09]+?)\\s*\uff08\u8bed\u97f3\\s*(?P<length>\\d{1,2}:\\d{2})\uff09$")
_NOTE = re.compile(r"^（[^（）]+）$")
MAX_SPEAKER = 20


class DialogueError(ValueError):
    """A dialogue block the directive cannot render; the message is Chinese and names the line."""


@dataclass(frozen=True)
class Turn:
    """One line of a dialogue: ``speaker`` is empty for a stage note; ``voice`` is "m:ss" or ""."""

    speaker: str
    text: str
    voice: str = ""

    @property
    def is_sales(self) -> bool:
        return self.speaker.startswith(SALES_PREFIX)

    @property
    def is_note(self) -> bool:
        return not self.speaker


def check_channel(value: str | None) -> str:
    value = (value or "").strip()
    if value not in CHANNELS:
        shown = f"「{value}」" if value else "（空）"
        raise DialogueError(f":channel: {shown}不是可用的渠道；可选：{'、'.join(CHANNELS)}。")
    return value


def check_verdict(value: str | None) -> str:
    value = (value or "").strip()
    if value not in VERDICTS:
        shown = f"「{value}」" if value else "（空）"
        raise DialogueError(f":verdict: {shown}不是可用的取值；只能是 good（较好的做法）或 bad（欠妥的做法）。")
    return value


def parse_turns(lines: list[str]) -> list[Turn]:
    """Parse the directive body; raise :class:`DialogueError` naming the 1-based line of a bad turn."""
    turns: list[Turn] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if _NOTE.match(line):
            turns.append(Turn("", line[1:-1].strip()))
            continue
        if "：" not in line:
            raise DialogueError(
                f"第 {number} 行「{line[:30]}」格式不对：每行应写成“说话人：内容”（全角冒号），"
                "或整行写在全角括号里作为旁白，例如“（两天后）”。"
            )
        speaker, text = (part.strip() for part in line.split("：", 1))
        if not speaker or not text:
            raise DialogueError(f"第 {number} 行「{line[:30]}」缺少说话人或内容。")
        voice = ""
        matched = _VOICE.match(speaker)
        if matched:
            speaker, voice = matched["who"].strip(), matched["length"]
        elif "语音" in speaker:
            raise DialogueError(
                f"第 {number} 行的说话人「{speaker}」看起来是语音消息，应写成“销售（语音 0:25）：内容”。"
            )
        if len(speaker) > MAX_SPEAKER:
            raise DialogueError(
                f"第 {number} 行的说话人「{speaker[:30]}」太长了（最多 {MAX_SPEAKER} 个字），是不是漏了冒号？"
            )
        turns.append(Turn(speaker, text, voice))
    if not any(not t.is_note for t in turns):
        raise DialogueError("对话是空的：至少要有一行“说话人：内容”。")
    return turns


def _turn_html(turn: Turn) -> str:
    if turn.is_note:
        return f'<li class="kos-turn kos-turn--note">{escape_html(turn.text)}</li>'
    side = "sales" if turn.is_sales else "customer"
    who = escape_html(turn.speaker)
    body = escape_html(turn.text)
    if turn.voice:
        length = escape_html(turn.voice)
        who += f' <span class="kos-turn-kind">语音 {length}</span>'
        body = (f'<div class="kos-voice-bar" aria-hidden="true">◀))) {length}</div>'
                f'<div class="kos-voice-text"><span class="kos-sr">语音转文字：</span>{body}</div>')
    classes = f"kos-turn kos-turn--{side}" + (" kos-turn--voice" if turn.voice else "")
    return f'<li class="{classes}"><div class="kos-turn-who">{who}</div><div class="kos-bubble">{body}</div></li>'


def render_dialogue_html(title: str, channel: str, verdict: str, turns: list[Turn]) -> str:
    """The dialogue as one HTML ``<figure>``; every text is escaped."""
    channel, verdict = check_channel(channel), check_verdict(verdict)
    head = (
        f'<figcaption class="kos-dialogue-head"><span class="kos-dialogue-verdict">{VERDICTS[verdict]}</span>'
        f'<span class="kos-dialogue-title">{escape_html(title)}</span>'
        f'<span class="kos-dialogue-channel">{escape_html(channel)}</span></figcaption>'
    )
    if channel == "朋友圈":
        first = next(i for i, t in enumerate(turns) if not t.is_note)
        post, rest = turns[first], turns[:first] + turns[first + 1:]
        body = (
            f'<div class="kos-moment"><div class="kos-moment-who">{escape_html(post.speaker)}</div>'
            f'<div class="kos-moment-text">{escape_html(post.text)}</div></div>'
        )
        if rest:
            body += '<ol class="kos-moment-comments">' + "".join(
                f'<li class="kos-turn--note">{escape_html(t.text)}</li>' if t.is_note else
                f'<li><span class="kos-turn-who">{escape_html(t.speaker)}</span>：{escape_html(t.text)}</li>'
                for t in rest
            ) + "</ol>"
    else:
        body = '<ol class="kos-dialogue-turns">' + "".join(_turn_html(t) for t in turns) + "</ol>"
    return (
        f'<figure class="kos-dialogue kos-dialogue--{verdict}" data-channel="{escape_html(channel)}">'
        f"{head}{body}</figure>"
    )


def _fallback_nodes(title: str, channel: str, verdict: str, turns: list[Turn]) -> list[nodes.Node]:
    """Plain paragraphs for builders other than HTML (PDF, text)."""
    out: list[nodes.Node] = [nodes.paragraph(text=f"【{VERDICTS[verdict]}｜{channel}】{title}")]
    for turn in turns:
        if turn.is_note:
            out.append(nodes.paragraph(text=f"（{turn.text}）"))
        else:
            voice = f"（语音 {turn.voice}）" if turn.voice else ""
            out.append(nodes.paragraph(text=f"{turn.speaker}{voice}：{turn.text}"))
    return out


class KosDialogueDirective(SphinxDirective):
    """``{kos-dialogue} 标题`` with ``:channel:`` and ``:verdict:``; the body is one turn per line."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "channel": directives.unchanged,
        "verdict": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        title = self.arguments[0].strip()
        try:
            channel = check_channel(self.options.get("channel"))
            verdict = check_verdict(self.options.get("verdict"))
            turns = parse_turns(list(self.content))
        except DialogueError as exc:
            raise self.error(f"kos-dialogue「{title}」：{exc}") from None
        html_node = nodes.raw("", render_dialogue_html(title, channel, verdict, turns), format="html")
        other = only(expr="not html")
        other.extend(_fallback_nodes(title, channel, verdict, turns))
        return [html_node, other]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("kos-dialogue", KosDialogueDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
