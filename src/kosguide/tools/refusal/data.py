"""Parsers for the refusal composer's data (``data/refusal/*.toml``) and the welcome builder's
(``data/welcome/*.toml``).

The ``refusal`` folder holds four kinds of file, told apart by their top-level key:
``scenarios`` (request scenarios), ``phrases`` (the phrase bank), ``rules`` (the reviewer's
lexicon, one file with ``id = "lexicon"``) and ``pairs`` (the Traditional→Simplified character map,
``id = "charmap"``). Every problem is a Chinese :class:`~kosguide.datafile.DataError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import Table

STEPS = ("empathy", "principle", "alternative")
KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")
KEY_NAMES = {
    "empathy": "理解与共情",
    "principle": "原则与理由",
    "alternative": "替代方案",
    "harsh": "生硬",
    "overpromise": "过度承诺",
}
STYLES = {"formal": "正式", "casual": "微信口语", "plain": "平实"}
REQUEST_TYPES = {
    "price": "价格／朋友价",
    "time": "非工作时间服务",
    "favour": "私人帮忙",
    "confidential": "保密信息",
    "schedule": "插队／提前交付",
    "samples": "额外赠送",
    "contract": "合同条款例外",
    "other": "其他",
}
CONDITIONS = ("", "alone", "bare", "unsoftened")
MAX_CUE_CHARS = 80


@dataclass(frozen=True)
class Scenario:
    """A realistic customer request to practise a refusal on."""

    id: str
    title: str
    request_type: str
    context: str
    customer_says: str
    principles: tuple[str, ...]
    alternatives: tuple[str, ...]
    pitfalls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """A phrase the composer can suggest for one step, in one style."""

    id: str
    step: str
    style: str
    text: str
    request_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One cue rule of the reviewer (see the header of ``lexicon.toml`` for the cue syntax)."""

    id: str
    key: str
    note: str
    cues: tuple[str, ...]
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    negatable: bool = False
    needs_limit: bool = False
    needs_time: bool = False
    skip_question: bool = False
    condition: str = ""
    allow_own_timed: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Everything the reviewer knows, loaded from ``lexicon.toml``."""

    id: str
    gap: int
    negators: tuple[str, ...]
    negator_exceptions: tuple[str, ...]
    limit_words: tuple[str, ...]
    softeners: tuple[str, ...]
    customer_softeners: tuple[str, ...]
    casual_markers: tuple[str, ...]
    time_cues: tuple[str, ...]
    vague_cues: tuple[str, ...]
    own_actions: tuple[str, ...]
    outcome_cues: tuple[str, ...]
    typos: tuple[tuple[str, str], ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class CharMap:
    """Traditional → Simplified characters (only the ones the lexicon and common text need)."""

    id: str
    pairs: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs)


@dataclass(frozen=True)
class WelcomeCheck:
    """One element a welcome message must contain, with the cues that show it is there."""

    id: str
    name: str
    cues: tuple[str, ...]
    hint: str


@dataclass(frozen=True)
class WelcomeSpec:
    """The welcome builder's template parts, required elements and warning lexicon."""

    id: str
    greeting: str
    intro: str
    hours: str
    after_hours: str
    expect: str
    closing: str
    casual_closing: str
    required: tuple[WelcomeCheck, ...]
    always_on: tuple[str, ...]
    always_on_ok_context: tuple[str, ...]
    always_on_hint: str


def _check_cue(t: Table, key: str, cues: tuple[str, ...]) -> None:
    for cue in cues:
        if len(cue) > MAX_CUE_CHARS:
            raise t.error(f"提示词「{cue[:20]}…」太长（上限 {MAX_CUE_CHARS} 个字）。", key)
        if cue.count("{") != cue.count("}") or cue.count("[") != cue.count("]"):
            raise t.error(f"提示词「{cue}」的括号没有配对：{{…}} 和 […] 要成对出现。", key)
        if re.fullmatch(r"[*#]+", cue):
            raise t.error(f"提示词「{cue}」只有通配符，会匹配任何文字。", key)


def _parse_scenarios(top: Table, label: str) -> list[Scenario]:
    items: list[Scenario] = []
    for number, raw in enumerate(top.tables("scenarios"), start=1):
        t = Table(raw, label, f"第 {number} 个情境")
        sid = t.ident("id")
        t.item = f"第 {number} 个情境（id={sid}）"
        scenario = Scenario(
            id=sid,
            title=t.text("title"),
            request_type=t.choice("request_type", REQUEST_TYPES),
            context=t.text("context"),
            customer_says=t.text("customer_says"),
            principles=t.text_list("principles", required=True),
            alternatives=t.text_list("alternatives", required=True),
            pitfalls=t.text_list("pitfalls"),
        )
        t.no_unknown_fields()
        items.append(scenario)
    return items


def _parse_phrases(top: Table, label: str) -> list[Phrase]:
    items: list[Phrase] = []
    for number, raw in enumerate(top.tables("phrases"), start=1):
        t = Table(raw, label, f"第 {number} 个短语")
        pid = t.ident("id")
        t.item = f"第 {number} 个短语（id={pid}）"
        request_types = t.text_list("request_types")
        for rt in request_types:
            if rt not in REQUEST_TYPES:
                raise t.error(f"「{rt}」不是已知的请求类型（可选：{'、'.join(REQUEST_TYPES)}）。", "request_types")
        items.append(Phrase(pid, t.choice("step", STEPS), t.choice("style", STYLES), t.text("text"),
                            request_types))
        t.no_unknown_fields()
    return items


def _parse_lexicon(top: Table, label: str) -> list[Lexicon]:
    lid = top.ident("id")
    top.item = lid
    typos_table = top.table("typos")
    typos: list[tuple[str, str]] = []
    for wrong in list(typos_table.data):
        right = typos_table.text(wrong)
        if not wrong.strip() or wrong == right:
            raise typos_table.error("错字和正字不能为空，也不能相同。", wrong)
        typos.append((wrong, right))
    rules: list[Rule] = []
    seen: set[str] = set()
    for number, raw in enumerate(top.tables("rules"), start=1):
        t = Table(raw, label, f"第 {number} 条规则")
        rid = t.ident("id")
        t.item = f"第 {number} 条规则（id={rid}）"
        if rid in seen:
            raise t.error(f"规则编号「{rid}」重复了。", "id")
        seen.add(rid)
        cues = t.text_list("cues", required=True)
        _check_cue(t, "cues", cues)
        rule = Rule(
            id=rid, key=t.choice("key", KEYS), note=t.text("note"), cues=cues,
            not_after=t.text_list("not_after"), not_before=t.text_list("not_before"),
            negatable=t.boolean("negatable"), needs_limit=t.boolean("needs_limit"),
            needs_time=t.boolean("needs_time"), skip_question=t.boolean("skip_question"),
            condition=t.text("condition", required=False),
            allow_own_timed=t.boolean("allow_own_timed"),
        )
        if rule.condition not in CONDITIONS:
            raise t.error(f"「{rule.condition}」不是允许的条件（可选：alone、bare、unsoftened，或不写）。", "condition")
        if rule.condition and rule.key != "harsh":
            raise t.error("condition 只能用在 harsh 规则上。", "condition")
        t.no_unknown_fields()
        rules.append(rule)
    for key in KEYS:
        if not any(r.key == key for r in rules):
            raise top.error(f"词库里没有任何 {key}（{KEY_NAMES[key]}）规则。", "rules")
    time_cues = top.text_list("time_cues", required=True)
    _check_cue(top, "time_cues", time_cues)
    lexicon = Lexicon(
        id=lid, gap=top.integer("gap", 1, 40), negators=top.text_list("negators", required=True),
        negator_exceptions=top.text_list("negator_exceptions"),
        limit_words=top.text_list("limit_words", required=True),
        softeners=top.text_list("softeners", required=True),
        customer_softeners=top.text_list("customer_softeners", required=True),
        casual_markers=top.text_list("casual_markers", required=True),
        time_cues=time_cues, vague_cues=top.text_list("vague_cues"),
        own_actions=top.text_list("own_actions", required=True),
        outcome_cues=top.text_list("outcome_cues", required=True),
        typos=tuple(typos), rules=tuple(rules),
    )
    top.no_unknown_fields()
    return [lexicon]


def _parse_charmap(top: Table, label: str) -> list[CharMap]:
    cid = top.ident("id")
    top.item = cid
    pairs: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for line in top.text_list("pairs", required=True):
        for pair in line.split():
            if len(pair) != 2 or pair[0] == pair[1]:
                raise top.error(f"「{pair}」应是两个不同的字：先繁体，后简体。", "pairs")
            if pair[0] in seen and seen[pair[0]] != pair[1]:
                raise top.error(f"繁体字「{pair[0]}」对应了两个不同的简体字。", "pairs")
            seen[pair[0]] = pair[1]
            pairs.append((pair[0], pair[1]))
    top.no_unknown_fields()
    return [CharMap(cid, tuple(pairs))]


def parse_refusal(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Any]:
    """Parse one file of ``data/refusal``; which kind it is follows from its top-level key."""
    top = Table(doc, label, "")
    if "scenarios" in doc:
        items: list[Any] = _parse_scenarios(top, label)
    elif "phrases" in doc:
        items = _parse_phrases(top, label)
    elif "rules" in doc:
        return _parse_lexicon(top, label)
    elif "pairs" in doc:
        return _parse_charmap(top, label)
    else:
        raise top.error("看不出这是哪种文件：应包含 [[scenarios]]、[[phrases]]、[[rules]] 或 pairs 之一。")
    top.no_unknown_fields()
    ids = [item.id for item in items]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise top.error(f"编号重复：{'、'.join(dup)}。")
    return items


def parse_welcome(doc: dict[str, Any], label: str, path: Path | None = None) -> list[WelcomeSpec]:
    """Parse ``data/welcome/*.toml``: one welcome template and its checks per file."""
    top = Table(doc, label, "")
    wid = top.ident("id")
    top.item = wid
    parts = top.table("parts")
    required: list[WelcomeCheck] = []
    for number, raw in enumerate(top.tables("required", minimum=3), start=1):
        t = Table(raw, label, f"第 {number} 项必备内容")
        rid = t.ident("id")
        t.item = f"第 {number} 项必备内容（id={rid}）"
        cues = t.text_list("cues", required=True)
        required.append(WelcomeCheck(rid, t.text("name"), cues, t.text("hint")))
        t.no_unknown_fields()
    spec = WelcomeSpec(
        id=wid, greeting=parts.text("greeting"), intro=parts.text("intro"), hours=parts.text("hours"),
        after_hours=parts.text("after_hours"), expect=parts.text("expect"), closing=parts.text("closing"),
        casual_closing=parts.text("casual_closing"), required=tuple(required),
        always_on=top.text_list("always_on", required=True),
        always_on_ok_context=top.text_list("always_on_ok_context", required=True),
        always_on_hint=top.text("always_on_hint"),
    )
    parts.no_unknown_fields()
    top.no_unknown_fields()
    return [spec]
