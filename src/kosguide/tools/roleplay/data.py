"""Parser and graph validation for the ``roleplay`` data kind (``data/roleplay/*.toml``).

A file is either one scenario (a conversation graph) or, with ``kind = "judges"``, the Chinese
names of the judgements and the course's own word lists for the style and stage judges.

A scenario's graph is checked when it is read, so ``kosguide check-data`` reports every problem
as a Chinese :class:`~kosguide.core.datafile.DataError` naming the node: an edge to a node that does
not exist, a judgement no judge makes, a turn without a fallback edge (some replies would leave
the conversation stuck), a node the opening never reaches, a path that loops back (the
conversation might never end), a conversation longer than :data:`MAX_TURNS` turns, fewer than two
reachable endings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...core.datafile import DataError, Table
from ...core.registry import DataKind
from .judges import JUDGE_IDS

ENDING_KINDS = ("good", "mixed", "bad")
ENDING_NAMES = {"good": "圆满", "mixed": "勉强", "bad": "搞砸了"}
MAX_TURNS = 8
CHAPTER_PATTERN = re.compile(r"^ch0[0-8]$")


@dataclass(frozen=True)
class Condition:
    """``judge`` must be ``want`` (written ``"harsh"`` or ``"!harsh"`` in the file)."""

    judge: str
    want: bool

    def __str__(self) -> str:
        return self.judge if self.want else f"!{self.judge}"


@dataclass(frozen=True)
class Edge:
    """Where the conversation goes when every condition holds; no condition = the fallback."""

    when: tuple[Condition, ...]
    to: str


@dataclass(frozen=True)
class Node:
    """One customer turn: the customer's line, a hint for the learner, what a strong reply does,
    a model reply, and the edges tried in order."""

    id: str
    customer: str
    hint: str
    strong: str
    model: str
    edges: tuple[Edge, ...]

    @property
    def judges(self) -> tuple[str, ...]:
        """The judgements this turn branches on, in file order."""
        return tuple(dict.fromkeys(c.judge for e in self.edges for c in e.when))


@dataclass(frozen=True)
class Ending:
    id: str
    kind: str
    customer: str
    debrief: str


@dataclass(frozen=True)
class Persona:
    name: str
    role: str
    personality: str
    stage: str
    situation: str


@dataclass(frozen=True)
class Scenario:
    """A role-play scenario: the customer, who the learner plays, the graph and its endings."""

    id: str
    chapter: str
    title: str
    industry: str
    summary: str
    you: str
    persona: Persona
    start: str
    nodes: dict[str, Node]
    endings: dict[str, Ending]
    file: Path | None = None

    def step(self, node_id: str) -> Node | Ending:
        return self.nodes.get(node_id) or self.endings[node_id]


@dataclass(frozen=True)
class JudgeText:
    id: str
    name: str
    yes: str
    no: str


@dataclass(frozen=True)
class StyleRule:
    personality: str
    cues: tuple[str, ...]
    avoid: tuple[str, ...]
    max_chars: int


@dataclass(frozen=True)
class TacticRule:
    stage: str
    tactic: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class JudgeTexts:
    """``data/roleplay/judges.toml``: how each judgement reads in Chinese, and the style and stage
    word lists (the course's own)."""

    id: str
    texts: dict[str, JudgeText]
    styles: dict[str, StyleRule]
    tactics: tuple[TacticRule, ...]


@lru_cache(maxsize=1)
def _known_types_and_stages() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Personality type ids and journey stage → tactic ids from the packaged data files."""
    from ...core.data_loader import packaged_data_dir
    from ...core.datafile import read_toml
    from ..journey.data import parse_journey
    from ..personality.data import parse_personality

    root = packaged_data_dir()
    types = parse_personality(read_toml(root / "personality" / "types.toml"), "personality/types.toml")
    journey = parse_journey(read_toml(root / "journey" / "stages.toml"), "journey/stages.toml")[0]
    return (frozenset(t.id for t in types),
            {s.id: frozenset(t.id for t in s.tactics) for s in journey.stages})


def parse_roleplay(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Any]:
    """One scenario per file, or the judges file (``kind = "judges"``)."""
    if doc.get("kind") == "judges":
        return [_parse_judges(Table(doc, label, ""), label)]
    return [_parse_scenario(Table(doc, label, ""), label, path)]


def _parse_judges(top: Table, label: str) -> JudgeTexts:
    top.text("kind")
    jid = top.ident("id")
    top.item = jid
    types, stages = _known_types_and_stages()
    texts: dict[str, JudgeText] = {}
    for number, raw in enumerate(top.tables("judges"), start=1):
        t = Table(raw, label, f"第 {number} 个判断")
        key = t.text("id")
        t.item = f"判断 {key}"
        if key not in JUDGE_IDS:
            raise t.error(f"程序里没有「{key}」这个判断（有：{'、'.join(JUDGE_IDS)}）。", "id")
        texts[key] = JudgeText(key, t.text("name"), t.text("yes"), t.text("no"))
        t.no_unknown_fields()
    missing = [k for k in JUDGE_IDS if k not in texts]
    if missing:
        raise top.error(f"缺少这些判断的说明：{'、'.join(missing)}。", "judges")
    styles: dict[str, StyleRule] = {}
    for number, raw in enumerate(top.tables("styles"), start=1):
        t = Table(raw, label, f"第 {number} 条性格用词")
        ptype = t.choice("personality", sorted(types))
        t.item = f"性格用词 {ptype}"
        styles[ptype] = StyleRule(ptype, t.text_list("cues", required=True), t.text_list("avoid"),
                                  t.integer("max_chars", 0, 5000) if "max_chars" in raw else 0)
        t.no_unknown_fields()
    tactics: list[TacticRule] = []
    for number, raw in enumerate(top.tables("tactics"), start=1):
        t = Table(raw, label, f"第 {number} 条旅程做法用词")
        stage = t.choice("stage", sorted(stages))
        tactic = t.choice("tactic", sorted(stages[stage]))
        tactics.append(TacticRule(stage, tactic, t.text_list("cues", required=True)))
        t.no_unknown_fields()
    top.no_unknown_fields()
    return JudgeTexts(jid, texts, styles, tuple(tactics))


def _condition(raw: str, t: Table, node: str, number: int) -> Condition:
    want = not raw.startswith("!")
    name = raw.lstrip("!").strip()
    if name not in JUDGE_IDS:
        raise t.error(f"节点「{node}」的第 {number} 条去向用了判断「{name}」，但没有这个判断"
                      f"（可用：{'、'.join(JUDGE_IDS)}；前面加 ! 表示“没有”）。", "when")
    return Condition(name, want)


def _parse_node(raw: dict[str, Any], label: str, number: int) -> Node:
    t = Table(raw, label, f"第 {number} 个节点")
    nid = t.ident("id")
    t.item = f"节点 {nid}"
    edges: list[Edge] = []
    raw_edges = raw.get("edges")
    if not raw_edges:
        t.seen.add("edges")
        raise t.error(f"节点「{nid}」没有任何去向（[[nodes.edges]]），对话会卡在这里。", "edges")
    for enum, raw_edge in enumerate(t.tables("edges"), start=1):
        et = Table(raw_edge, label, f"节点 {nid} 的第 {enum} 条去向")
        when = tuple(_condition(c, et, nid, enum) for c in et.text_list("when"))
        edges.append(Edge(when, et.ident("to")))
        et.no_unknown_fields()
    if edges[-1].when:
        raise t.error(f"节点「{nid}」没有兜底的去向：最后一条去向不能带条件（只写 to），"
                      "否则不符合任何条件的回复会让对话卡住。", "edges")
    node = Node(nid, t.text("customer"), t.text("hint"), t.text("strong"), t.text("model"), tuple(edges))
    t.no_unknown_fields()
    return node


def _parse_scenario(top: Table, label: str, path: Path | None) -> Scenario:
    sid = top.ident("id")
    top.item = sid
    chapter = top.text("chapter")
    if not CHAPTER_PATTERN.match(chapter):
        raise top.error(f"「{chapter}」不是章节编号，应写成 ch02、ch07 这样。", "chapter")
    types, stages = _known_types_and_stages()
    pt = top.table("persona")
    persona = Persona(pt.text("name"), pt.text("role"), pt.choice("personality", sorted(types)),
                      pt.choice("stage", sorted(stages)), pt.text("situation"))
    pt.no_unknown_fields()
    nodes: dict[str, Node] = {}
    for number, raw in enumerate(top.tables("nodes"), start=1):
        node = _parse_node(raw, label, number)
        if node.id in nodes:
            raise top.error(f"节点编号「{node.id}」重复了。", "nodes")
        nodes[node.id] = node
    endings: dict[str, Ending] = {}
    for number, raw in enumerate(top.tables("endings", minimum=2), start=1):
        t = Table(raw, label, f"第 {number} 个结局")
        eid = t.ident("id")
        t.item = f"结局 {eid}"
        if eid in nodes or eid in endings:
            raise t.error(f"编号「{eid}」已被另一个节点或结局使用。", "id")
        endings[eid] = Ending(eid, t.choice("kind", ENDING_KINDS), t.text("customer"), t.text("debrief"))
        t.no_unknown_fields()
    start = top.text("start")
    scenario = Scenario(sid, chapter, top.text("title"), top.text("industry"), top.text("summary"),
                        top.text("you"), persona, start, nodes, endings, path)
    top.no_unknown_fields()
    for problem in graph_problems(scenario):
        raise DataError(label, problem, sid, "nodes")
    return scenario


def graph_problems(s: Scenario) -> list[str]:
    """Every structural problem of a scenario's graph, as Chinese sentences naming the node."""
    if s.start not in s.nodes:
        return [f"开场节点 start =「{s.start}」不存在（节点有：{'、'.join(s.nodes)}）。"]
    problems: list[str] = []
    for node in s.nodes.values():
        for number, edge in enumerate(node.edges, start=1):
            if edge.to not in s.nodes and edge.to not in s.endings:
                problems.append(f"节点「{node.id}」的第 {number} 条去向指向「{edge.to}」，但没有这个节点或结局。")
    if problems:
        return problems
    # reachability and loops: depth-first from the start
    seen: set[str] = set()
    on_path: list[str] = []
    depth: dict[str, int] = {}

    def visit(nid: str) -> int:
        if nid in s.endings:
            seen.add(nid)
            return 0
        if nid in on_path:
            loop = " → ".join([*on_path[on_path.index(nid):], nid])
            problems.append(f"从节点「{nid}」出发的路径会绕回「{nid}」（{loop}），对话可能永远不结束。")
            return 0
        if nid in depth:
            return depth[nid]
        seen.add(nid)
        on_path.append(nid)
        longest = 1 + max(visit(e.to) for e in s.nodes[nid].edges)
        on_path.pop()
        depth[nid] = longest
        return longest

    turns = visit(s.start)
    for nid in [*s.nodes, *s.endings]:
        if nid not in seen:
            what = "节点" if nid in s.nodes else "结局"
            problems.append(f"{what}「{nid}」从开场走不到，学员永远看不到它。")
    if turns > MAX_TURNS:
        problems.append(f"最长的一条路径有 {turns} 轮，超过上限 {MAX_TURNS} 轮；请从开场节点「{s.start}」起精简。")
    reached = [e for e in s.endings if e in seen]
    if len(reached) < 2 and not problems:
        problems.append("至少要有两个走得到的结局，学员的回复才有分别。")
    return problems


DATA_KINDS = (DataKind("roleplay", "对话演练情景", parse_roleplay),)
