"""Parsers for the refusal coach's data (``data/refusal/*.toml``): ``DATA_KINDS`` of the refusal tool.

The ``refusal`` folder holds five kinds of file, told apart by their top-level key:
``scenarios`` (request scenarios), ``phrases`` (the phrase bank), ``rules`` (the reviewer's
lexicon, one file with ``id = "lexicon"``), ``pairs`` (the Traditional→Simplified character map,
``id = "charmap"``) and ``texts`` (every sentence of the reviewer's feedback, ``id = "feedback"``).
Every problem is a Chinese :class:`~kosguide.core.datafile.DataError` naming file, item and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind

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
CANCEL_SCOPES = ("sentence", "message")
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
    cancels: tuple[str, ...] = ()
    cancel_scope: str = "sentence"
    unless_time: bool = False


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
    decline_cues: tuple[str, ...] = ()
    grant_cues: tuple[str, ...] = ()
    loose_time_cues: tuple[str, ...] = ()
    request_hints: tuple[tuple[str, tuple[str, ...]], ...] = ()
    negated_promise_cues: tuple[str, ...] = ()
    """A declined promise ("不敢跟您保证", "不能打包票说"): negatable cues after it in its clause do not fire."""


@dataclass(frozen=True)
class CharMap:
    """Traditional → Simplified characters (only the ones the lexicon and common text need)."""

    id: str
    pairs: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs)


TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "missing_empathy": (), "missing_principle": (), "missing_alternative": (),
    "advice_harsh": (), "advice_overpromise": (),
    "present": ("said", "note"), "you_wrote": ("quotes",), "vague": ("quotes",), "bare_no": (),
    "try_phrase": ("phrase",), "flag_found": ("name", "quotes", "notes", "advice"), "flag_absent": ("name",),
    "timed_ok": (), "summary_good": (), "summary_has": ("items",), "summary_missing": ("items",),
    "summary_flags": ("items",), "not_refusal": (), "not_refusal_step": (), "not_refusal_summary": (),
    "model_empathy": (), "model_principle": (), "model_alternative": (), "model_harsh": (),
    "model_overpromise": (),
}
"""Every sentence of the reviewer's feedback (``data/refusal/feedback.toml``) and the ``{placeholders}``
each must contain; a text may use no other placeholder."""
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


@dataclass(frozen=True)
class FeedbackTexts:
    """The reviewer's feedback sentences, by name (see :data:`TEXT_FIELDS`)."""

    id: str
    texts: tuple[tuple[str, str], ...]

    def get(self, text_name: str, /, **values: str) -> str:
        """The sentence ``text_name`` with its placeholders filled in."""
        text = dict(self.texts)[text_name]
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


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


def _cues(top: Table, key: str) -> tuple[str, ...]:
    cues = top.text_list(key)
    _check_cue(top, key, cues)
    return cues


def _request_hints(top: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if "request_hints" not in top.data:
        top.seen.add("request_hints")
        return ()
    hints_table = top.table("request_hints")
    hints: list[tuple[str, tuple[str, ...]]] = []
    for request_type in list(hints_table.data):
        if request_type not in REQUEST_TYPES:
            raise hints_table.error(f"「{request_type}」不是已知的请求类型（可选：{'、'.join(REQUEST_TYPES)}）。",
                                    request_type)
        hints.append((request_type, hints_table.text_list(request_type, required=True)))
    return tuple(hints)


def _parse_texts(top: Table, label: str) -> list[FeedbackTexts]:
    tid = top.ident("id")
    top.item = tid
    table = top.table("texts")
    texts: list[tuple[str, str]] = []
    for name, needed in TEXT_FIELDS.items():
        text = table.text(name)
        used = set(_PLACEHOLDER.findall(text))
        missing = [n for n in needed if n not in used]
        if missing:
            raise table.error(f"缺少占位符 {'、'.join('{' + n + '}' for n in missing)}。", name)
        extra = sorted(used - set(needed))
        if extra:
            allowed = "、".join("{" + n + "}" for n in needed) or "无"
            raise table.error(f"有不认识的占位符 {'、'.join('{' + n + '}' for n in extra)}（可用：{allowed}）。", name)
        texts.append((name, text))
    table.no_unknown_fields()
    top.no_unknown_fields()
    return [FeedbackTexts(tid, tuple(texts))]


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
            cancels=t.text_list("cancels"), unless_time=t.boolean("unless_time"),
            cancel_scope=t.text("cancel_scope", required=False) or "sentence",
        )
        for key in rule.cancels:
            if key not in KEYS or key == rule.key:
                raise t.error(f"「{key}」不能被取消：cancels 只能写其他判断（{'、'.join(KEYS)}）。", "cancels")
        if rule.cancel_scope not in CANCEL_SCOPES:
            allowed = "、".join(CANCEL_SCOPES)
            raise t.error(f"「{rule.cancel_scope}」不是允许的范围（可选：{allowed}）。", "cancel_scope")
        if rule.unless_time and not rid.startswith("veto-"):
            raise t.error("unless_time 只能用在 veto- 开头的否决规则上。", "unless_time")
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
        decline_cues=_cues(top, "decline_cues"), grant_cues=_cues(top, "grant_cues"), request_hints=_request_hints(top),
        loose_time_cues=top.text_list("loose_time_cues"),
        negated_promise_cues=_cues(top, "negated_promise_cues"),
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
    elif "texts" in doc:
        return _parse_texts(top, label)
    else:
        raise top.error("看不出这是哪种文件：应包含 [[scenarios]]、[[phrases]]、[[rules]]、pairs 或 [texts] 之一。")
    top.no_unknown_fields()
    ids = [item.id for item in items]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise top.error(f"编号重复：{'、'.join(dup)}。")
    return items


DATA_KINDS: tuple[DataKind, ...] = (DataKind("refusal", "拒绝话术数据", parse_refusal),)
