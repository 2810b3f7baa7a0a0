"""The role-play engine: walks a scenario graph, one learner reply at a time (pure, deterministic).

:meth:`Session.send` takes any text and returns a :class:`Step`: either the customer's next turn
(or the ending), or — for a reply that cannot be judged (empty, only emoji or symbols, longer than
:data:`MAX_REPLY_CHARS`) — a Chinese prompt to try again, with the conversation unchanged. It never
raises for learner input. The same replies always give the same conversation. Nothing leaves
the device.

The rules behind each branch are the course's existing tools (see :mod:`.judges`); the graphs
are course data (see :mod:`.data`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ...core.data_loader import default_course_data
from ..refusal.review import ReviewInputError
from .data import ENDING_NAMES, Ending, JudgeTexts, Node, Scenario
from .judges import JUDGES, Context, Verdict, is_good, judge

MAX_REPLY_CHARS = 1000
"""A WeChat reply longer than this is refused with a prompt (the reviewer itself stops at 2,000)."""


def scenarios(data: Any = None) -> list[Scenario]:
    """Every scenario (packaged and the instructor's ``KOSGUIDE_DATA_DIR``), by chapter then id."""
    data = data or default_course_data()
    found = [s for s in data.of("roleplay").values() if isinstance(s, Scenario)]
    return sorted(found, key=lambda s: (s.chapter, s.id))


class UnknownScenario(KeyError):
    """No scenario has this id; ``str(error)`` is the Chinese message (without KeyError's quotes)."""

    def __str__(self) -> str:
        return str(self.args[0])


def get_scenario(scenario_id: str, data: Any = None) -> Scenario:
    """One scenario, or :class:`UnknownScenario` (a ``KeyError``) listing the ids that exist."""
    found = {s.id: s for s in scenarios(data)}
    if scenario_id not in found:
        raise UnknownScenario(f"没有编号为「{scenario_id}」的演练情景。现有：{'、'.join(found) or '（无）'}")
    return found[scenario_id]


def judge_texts(data: Any = None) -> JudgeTexts:
    return (data or default_course_data()).get("roleplay", "judges")


@dataclass(frozen=True)
class Turn:
    """One exchange: the customer's line, the learner's reply, its verdicts and where it led."""

    node: str
    customer: str
    reply: str
    verdicts: tuple[Verdict, ...]
    to: str

    def failed(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.verdicts if not is_good(v))

    def as_dict(self) -> dict[str, Any]:
        return {"node": self.node, "customer": self.customer, "reply": self.reply, "to": self.to,
                "judgements": {v.id: v.value for v in self.verdicts},
                "quotes": {v.id: list(v.quotes) for v in self.verdicts if v.quotes},
                "failed": list(self.failed())}


@dataclass(frozen=True)
class Step:
    """What :meth:`Session.send` returns: ``kind`` is "turn", "ending" or "retry" (then
    ``message`` says why in Chinese and nothing changed)."""

    kind: str
    message: str = ""
    turn: Turn | None = None
    customer: str = ""


@dataclass
class Session:
    """One play-through of a scenario."""

    scenario: Scenario
    turns: list[Turn] = field(default_factory=list)
    position: str = ""

    def __post_init__(self) -> None:
        self.position = self.position or self.scenario.start
        p = self.scenario.persona
        self.context = Context(personality=p.personality, stage=p.stage)

    @property
    def node(self) -> Node | None:
        return self.scenario.nodes.get(self.position)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.position)

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def customer_line(self) -> str:
        """What the customer says now: the current node's line, or the ending's last words."""
        step = self.node or self.ending
        return step.customer if step else ""

    def restart(self) -> None:
        self.turns.clear()
        self.position = self.scenario.start

    def send(self, reply: object) -> Step:
        """Judge one reply and move on. Never raises for learner input (see module docstring)."""
        node = self.node
        if node is None:
            return Step("retry", "这段对话已经结束了。点“再练一次”可以从头开始。")
        problem = reply_problem(reply)
        if problem:
            return Step("retry", problem)
        text = str(reply).strip()
        try:
            verdicts = judge(text, self.context, node.judges)
        except ReviewInputError as exc:
            return Step("retry", f"{exc} 请换一种说法再发一次。")
        edge = next(e for e in node.edges if all(verdicts[c.judge].value == c.want for c in e.when))
        turn = Turn(node.id, node.customer, text, tuple(verdicts.values()), edge.to)
        self.turns.append(turn)
        self.position = edge.to
        return Step("ending" if self.finished else "turn", turn=turn, customer=self.customer_line())

    def result(self) -> dict[str, Any]:
        """JSON-ready: ``{"scenario", "ending": {"id", "kind"} or None, "turns": [...]}``."""
        ending = self.ending
        return {"scenario": self.scenario.id,
                "ending": {"id": ending.id, "kind": ending.kind} if ending else None,
                "turns": [t.as_dict() for t in self.turns]}

    def failed_judgements(self) -> list[str]:
        """Judgement ids that went the wrong way in any turn, each once, in order (no text)."""
        return list(dict.fromkeys(j for t in self.turns for j in t.failed()))


def reply_problem(reply: object) -> str:
    """A Chinese prompt to try again, or "" when the reply can go to the customer."""
    if not isinstance(reply, str):
        return "回复应该是一段文字。"
    text = reply.strip()
    if not text:
        return "还没有输入回复。写下你想发给客户的话，再点“发送”。"
    if len(text) > MAX_REPLY_CHARS:
        return (f"这条回复有 {len(text)} 个字，超过了 {MAX_REPLY_CHARS} 字。微信里客户不会读这么长的消息，"
                "请精简成几句话再发。")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        return "只发表情或符号，客户没法知道你的意思。请用文字回复（表情可以留着，配上一句话）。"
    return ""


def model_conversation(scenario: Scenario) -> tuple[Session, list[tuple[str, str]]]:
    """Play the scenario with each node's model reply: the session and (customer, reply) pairs."""
    session = Session(scenario)
    pairs: list[tuple[str, str]] = []
    for _ in range(len(scenario.nodes) + 1):
        node = session.node
        if node is None:
            break
        pairs.append((node.customer, node.model))
        session.send(node.model)
    return session, pairs


def describe(verdict: Verdict, texts: JudgeTexts) -> str:
    """The judgement in plain Chinese (from ``judges.toml``), with the words that triggered it."""
    text = texts.texts[verdict.id]
    sentence = text.yes if verdict.value else text.no
    if verdict.quotes:
        sentence += "（触发的原话：" + "、".join(f"“{q}”" for q in verdict.quotes[:3]) + "）"
    return sentence


def debrief(session: Session, texts: JudgeTexts | None = None) -> dict[str, Any]:
    """Everything the debrief shows, as plain text (the views escape it).

    ``{"ending": {"id", "kind", "name", "customer", "debrief"}, "turns": [{"customer", "reply",
    "judgements": [{"id", "name", "good", "text"}], "strong", "model"}], "model": [(customer, reply)]}``
    """
    texts = texts or judge_texts()
    s = session.scenario
    turns = []
    for turn in session.turns:
        node = s.nodes[turn.node]
        turns.append({
            "customer": turn.customer, "reply": turn.reply, "strong": node.strong, "model": node.model,
            "judgements": [{"id": v.id, "name": texts.texts[v.id].name, "good": is_good(v),
                            "text": describe(v, texts)} for v in turn.verdicts],
        })
    ending = session.ending
    _, model = model_conversation(s)
    return {
        "ending": ({"id": ending.id, "kind": ending.kind, "name": ENDING_NAMES[ending.kind],
                    "customer": ending.customer, "debrief": ending.debrief} if ending else None),
        "turns": turns,
        "model": model,
    }


def transcript_text(session: Session) -> str:
    """The conversation as plain text for copying: customer and learner lines, then the ending."""
    p = session.scenario.persona
    lines = [f"【对话演练】{session.scenario.title}"]
    for turn in session.turns:
        lines.append(f"{p.name}：{turn.customer}")
        lines.append(f"我：{turn.reply}")
    ending = session.ending
    if ending:
        lines.append(f"{p.name}：{ending.customer}")
        lines.append(f"结局：{ENDING_NAMES[ending.kind]}")
    elif session.node:
        lines.append(f"{p.name}：{session.node.customer}")
    return "\n".join(lines)


__all__ = ["JUDGES", "MAX_REPLY_CHARS", "Session", "Step", "Turn", "debrief", "describe", "get_scenario",
           "judge_texts", "model_conversation", "reply_problem", "scenarios", "transcript_text"]
