"""The refusal reviewer: five yes/no judgements on a message, with coach-like Chinese feedback.

Pure Python (it also runs in the browser's Pyodide kernel). The lexicon and rules live in
``data/refusal/lexicon.toml``; the Traditional→Simplified map in ``data/refusal/charmap.toml``;
suggested phrases in ``data/refusal/phrases.toml``. The reviewer works on a normalised copy of the
message (Traditional→Simplified, NFKC full/half width, no spaces or invisible characters, common
typos fixed, quoted words masked) but quotes the learner's *original* words in its feedback.

Judgements follow the course rubric (chapter 7): ``empathy``, ``principle`` and ``alternative`` are
the three steps of a good refusal; ``harsh`` and ``overpromise`` are the two ways to spoil it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .refusal_data import KEY_NAMES, KEYS, STEPS, CharMap, Lexicon, Phrase, Rule, Scenario
from .refusal_model import NGRAM_MAX, RefusalModel, default_model, message_features, strongest_clause

MAX_CHARS = 2000
"""Longest message the reviewer accepts (a refusal is a few sentences; a transcript goes line by line)."""

CLAUSE_BREAKS = "，。！？；、…：" + ",!?;:\n~"
SENTENCE_BREAKS = "。！？" + "!?\n~"
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
MAX_QUOTE = 40
MASK = "○"
VETO_PREFIX = "veto-"
"""A lexicon rule whose id starts with this never makes its judgement yes: where one of its cues fires,
it cancels the other cues of the same key in that clause (for example a scope statement such as
“赠品只能随整机送” is not an offer of an alternative)."""
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class ReviewInputError(ValueError):
    """The message cannot be reviewed; ``str(error)`` is a Chinese sentence saying why."""


@dataclass(frozen=True)
class Hit:
    """One cue that triggered a judgement: the rule and the learner's own words."""

    key: str
    rule_id: str
    note: str
    quote: str


@dataclass(frozen=True)
class StepFeedback:
    """Feedback on one of the five judgements, ready to show."""

    key: str
    name: str
    present: bool
    ok: bool
    text: str
    quotes: tuple[str, ...] = ()
    suggestion: str = ""


@dataclass(frozen=True)
class Review:
    """The reviewer's verdict on one message."""

    empathy: bool
    principle: bool
    alternative: bool
    harsh: bool
    overpromise: bool
    feedback: tuple[StepFeedback, ...]
    hits: tuple[Hit, ...] = ()
    style: str = "plain"
    request_type: str = "other"
    vague: tuple[str, ...] = ()
    summary: str = ""

    @property
    def good(self) -> bool:
        """A good refusal has all three steps and neither harsh nor over-promising wording."""
        return self.empathy and self.principle and self.alternative and not self.harsh and not self.overpromise

    def labels(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in KEYS}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the five booleans first, then per-step feedback with quotes and suggestions."""
        return {
            **self.labels(),
            "good": self.good,
            "style": self.style,
            "summary": self.summary,
            "feedback": {
                f.key: {"name": f.name, "present": f.present, "ok": f.ok, "text": f.text,
                        "quotes": list(f.quotes), "suggestion": f.suggestion}
                for f in self.feedback
            },
        }


# ---------------------------------------------------------------- normalisation

@dataclass
class Normalised:
    """The normalised text and, for each of its characters, the index of the original character."""

    text: str
    index: list[int]
    original: str

    def quote(self, start: int, end: int) -> str:
        if start >= end or not self.index:
            return ""
        return self.original[self.index[start]: self.index[end - 1] + 1].strip()


def clean_input(message: object) -> str:
    """Check and clean a message: Chinese :class:`ReviewInputError` for empty, huge or unreadable input."""
    if message is None:
        raise ReviewInputError("请先输入要检查的话术：内容是空的。")
    if not isinstance(message, str):
        raise ReviewInputError(f"话术应是文字，实际收到的是 {type(message).__name__}。")
    if len(message) > MAX_CHARS:
        raise ReviewInputError(
            f"这段话有 {len(message)} 个字符，超过了上限 {MAX_CHARS} 个。一条拒绝话术通常只有几句话；"
            "如果要检查整段对话记录，请每行放一条，用 --lines 逐条检查。"
        )
    cleaned = "".join(ch for ch in message
                      if ch in "\n\t" or unicodedata.category(ch) not in _DROP).replace("\t", " ")
    if not cleaned.strip():
        if message.strip():
            raise ReviewInputError("这段话里只有看不见的控制字符或特殊符号，没有可以检查的文字。")
        raise ReviewInputError("请先输入要检查的话术：内容是空的。")
    return cleaned


def normalise(message: str, charmap: dict[str, str], typos: Iterable[tuple[str, str]] = ()) -> Normalised:
    """Traditional→Simplified, NFKC, lower case, no whitespace or invisible characters, typos fixed."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(message):
        if ch == "\n":
            chars.append("\n")
            index.append(i)
            continue
        if ch.isspace() or unicodedata.category(ch) in _DROP:
            continue
        for out in unicodedata.normalize("NFKC", ch).lower():
            if out.isspace():
                continue
            chars.append(charmap.get(out, out))
            index.append(i)
    text = "".join(chars)
    typos = sorted(typos, key=lambda p: -len(p[0]))
    if typos and text:
        pattern = re.compile("|".join(re.escape(w) for w, _ in typos))
        mapping = dict(typos)
        new_chars: list[str] = []
        new_index: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            new_chars.extend(text[pos:m.start()])
            new_index.extend(index[pos:m.start()])
            span = index[m.start():m.end()]
            for k, out in enumerate(mapping[m.group()]):
                new_chars.append(out)
                new_index.append(span[min(k, len(span) - 1)])
            pos = m.end()
        new_chars.extend(text[pos:])
        new_index.extend(index[pos:])
        text, index = "".join(new_chars), new_index
    return Normalised(text, index, message)


def mask_quotes(text: str) -> str:
    """Hide short quoted passages (usually the customer's own words) from the cue rules."""
    out = list(text)
    i = 0
    while i < len(text):
        close = QUOTE_PAIRS.get(text[i])
        if close is not None:
            j = text.find(close, i + 1)
            if 0 < j - i - 1 <= MAX_QUOTE:
                for k in range(i + 1, j):
                    if out[k] not in CLAUSE_BREAKS:
                        out[k] = MASK
                i = j + 1
                continue
        i += 1
    return "".join(out)


# ---------------------------------------------------------------- cue compilation

_NUMBER = "[0-9零一二三四五六七八九十两百半]+"


def compile_cue(cue: str, gap: int, charmap: dict[str, str]) -> re.Pattern[str]:
    """Turn the lexicon's cue syntax (``*`` gap, ``{a/b}`` choice, ``[..]`` class, ``#`` number) into a regex."""
    cue = normalise(cue, charmap).text
    gap_re = f"[^{re.escape(SENTENCE_BREAKS)}]{{0,{gap}}}"
    out: list[str] = []
    i = 0
    while i < len(cue):
        ch = cue[i]
        if ch == "*":
            out.append(gap_re)
        elif ch == "#":
            out.append(_NUMBER)
        elif ch == "{":
            j = cue.index("}", i)
            out.append("(?:" + "|".join(re.escape(a) for a in cue[i + 1:j].split("/")) + ")")
            i = j
        elif ch == "[":
            j = cue.index("]", i)
            out.append("[" + "".join(re.escape(c) for c in cue[i + 1:j]) + "]")
            i = j
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out))


@dataclass
class _CompiledRule:
    rule: Rule
    patterns: list[re.Pattern[str]]


@dataclass
class Reviewer:
    """A lexicon compiled for matching, plus the phrase bank used for suggestions."""

    lexicon: Lexicon
    charmap: dict[str, str]
    phrases: tuple[Phrase, ...] = ()
    rules: list[_CompiledRule] = field(default_factory=list)
    time_res: list[re.Pattern[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        lex = self.lexicon
        self.rules = [_CompiledRule(r, [compile_cue(c, lex.gap, self.charmap) for c in r.cues]) for r in lex.rules]
        self.time_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.time_cues]
        self.own_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.own_actions]
        self.outcome_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.outcome_cues]
        self._norm = lambda words: tuple(normalise(w, self.charmap).text for w in words)
        self.negators = self._norm(lex.negators)
        self.exceptions = tuple(sorted(self._norm(lex.negator_exceptions), key=len, reverse=True))
        self.limit_words = self._norm(lex.limit_words)
        self.softeners = self._norm(lex.softeners)
        self.customer_softeners = self._norm(lex.customer_softeners)
        self.casual = self._norm(lex.casual_markers)
        self.vague = self._norm(lex.vague_cues)

    # -- context helpers
    def _mask_exceptions(self, text: str) -> str:
        for word in self.exceptions:
            text = text.replace(word, "_" * len(word))
        return text

    @staticmethod
    def _bounds(text: str, start: int, end: int, breaks: str) -> tuple[int, int]:
        left = max((text.rfind(b, 0, start) for b in breaks), default=-1) + 1
        rights = [p for p in (text.find(b, end) for b in breaks) if p != -1]
        return left, (min(rights) if rights else len(text))

    def _negated(self, text: str, start: int) -> bool:
        left, _ = self._bounds(text, start, start, CLAUSE_BREAKS)
        lo = max(left, start - 4)
        context = self._mask_exceptions(text[max(left, lo - 3):start])
        window = context[-(start - lo):] if start > lo else ""
        return any(n in window for n in self.negators)

    def _has_limit(self, text: str, start: int, end: int) -> bool:
        left, right = self._bounds(text, start, end, CLAUSE_BREAKS)
        clause = self._mask_exceptions(text[left:right])
        return any(w in clause for w in self.limit_words)

    def _has_time(self, text: str, start: int, end: int) -> bool:
        left, right = self._bounds(text, start, end, SENTENCE_BREAKS)
        sentence = text[left:right]
        return any(p.search(sentence) for p in self.time_res)

    def _own_timed(self, text: str, start: int, end: int) -> bool:
        """A dated commitment to the speaker's own action (and no outcome they cannot control)."""
        left, right = self._bounds(text, start, end, SENTENCE_BREAKS)
        sentence = text[left:right]
        return (any(p.search(sentence) for p in self.time_res) and any(p.search(sentence) for p in self.own_res)
                and not any(p.search(sentence) for p in self.outcome_res))

    def _is_question(self, text: str, start: int, end: int) -> bool:
        _, right = self._bounds(text, start, end, CLAUSE_BREAKS)
        clause_end = text[end:right]
        return (right < len(text) and text[right] in ("?", "？")) or clause_end.endswith(("吗", "么"))

    # -- matching
    def find_hits(self, norm: Normalised,
                  exempt: list[tuple[Rule, int, int]] | None = None) -> list[tuple[Rule, int, int]]:
        """Every cue that fires, after context checks and vetoes (see :data:`VETO_PREFIX`).

        Cues that matched but were set aside by one of the rubric's exceptions (a negation such as
        “不保证”, a question, a dated commitment within the speaker's own control) are appended to
        ``exempt`` when it is given: the learned model must not count those words as evidence either.
        """
        text = mask_quotes(norm.text)
        found = self._match(text, exempt)
        vetoes = [(rule.key, self._bounds(text, s, e, CLAUSE_BREAKS)) for rule, s, e in found
                  if rule.id.startswith(VETO_PREFIX)]
        return [(rule, s, e) for rule, s, e in found
                if not rule.id.startswith(VETO_PREFIX)
                and not any(key == rule.key and left <= s < right for key, (left, right) in vetoes)]

    def _match(self, text: str, exempt: list[tuple[Rule, int, int]] | None = None) -> list[tuple[Rule, int, int]]:
        found: list[tuple[Rule, int, int]] = []
        for compiled in self.rules:
            rule = compiled.rule
            for pattern in compiled.patterns:
                for m in pattern.finditer(text):
                    s, e = m.start(), m.end()
                    if s == e:
                        continue
                    if any(text[:s].endswith(w) for w in self._norm(rule.not_after)):
                        continue
                    if any(text[e:].startswith(w) for w in self._norm(rule.not_before)):
                        continue
                    if rule.negatable and self._negated(text, s):
                        if exempt is not None:
                            exempt.append((rule, s, e))
                        continue
                    if rule.needs_limit and not self._has_limit(text, s, e):
                        continue
                    if rule.needs_time and not self._has_time(text, s, e):
                        continue
                    if rule.skip_question and self._is_question(text, s, e):
                        if exempt is not None:
                            exempt.append((rule, s, e))
                        continue
                    if rule.allow_own_timed and self._own_timed(text, s, e):
                        if exempt is not None:
                            exempt.append((rule, s, e))
                        continue
                    found.append((rule, s, e))
        return found

    def style_of(self, norm_text: str, original: str) -> str:
        if any(c in norm_text for c in self.casual) or any(unicodedata.category(ch) == "So" for ch in original):
            return "casual"
        if any(w in norm_text for w in ("贵司", "我司", "敬请", "望理解", "尊敬", "您好", "特此")):
            return "formal"
        return "plain"


REQUEST_HINTS = (
    ("confidential", ("竞品", "对手", "竞争", "保密", "机密", "别家")),
    ("samples", ("样品", "试用装", "赠品", "多送", "多给")),
    ("schedule", ("插队", "插单", "提前", "排产", "排期", "交期", "加急")),
    ("contract", ("合同", "条款", "账期", "违约", "付款")),
    ("time", ("周末", "深夜", "晚上", "下班", "半夜", "节假日", "工作时间", "热线")),
    ("favour", ("帮忙", "私下", "代购", "私人", "顺便")),
    ("price", ("价", "折", "优惠", "便宜", "砍价", "降")),
)


def guess_request_type(norm_text: str) -> str:
    for request_type, words in REQUEST_HINTS:
        if any(w in norm_text for w in words):
            return request_type
    return "other"


# ---------------------------------------------------------------- loading

@lru_cache(maxsize=4)
def _reviewer_for(data_id: int) -> Reviewer:
    from .data_loader import default_course_data

    data = default_course_data()
    refusal = data.of("refusal")
    lexicon = refusal["lexicon"]
    charmap = refusal["charmap"].as_dict() if isinstance(refusal.get("charmap"), CharMap) else {}
    phrases = tuple(item for item in refusal.values() if isinstance(item, Phrase))
    return Reviewer(lexicon, charmap, phrases)


def default_reviewer() -> Reviewer:
    """The reviewer built from the course data (packaged plus ``KOSGUIDE_DATA_DIR``), compiled once."""
    from .data_loader import default_course_data

    return _reviewer_for(id(default_course_data()))


def scenarios() -> list[Scenario]:
    """Every request scenario, in file order."""
    from .data_loader import default_course_data

    return [item for item in default_course_data().of("refusal").values() if isinstance(item, Scenario)]


# ---------------------------------------------------------------- feedback

ADVICE_MISSING = {
    "empathy": "还没有先接住客户的心情。拒绝之前用一句话说出你理解他想要什么、为什么着急，对方才听得进后面的话。",
    "principle": "还没有说明为什么不行。说出背后的规则或理由（统一公开的价格、对其他客户的公平、合同、保密、安全、"
                 "必须先走的流程，或这件事不在你的权限内），拒绝才不像是你个人的态度。",
    "alternative": "还没有给出替代方案。拒绝之后立刻提出一件你权限内、说得出具体内容或时间的事，"
                   "例如一份资料、一次上门、一个热线、一个确定的回复时间。",
}
ADVICE_HARSH = "这样说会让客户觉得被打发或被指责。坚定可以，但语气要尊重：删掉这句，换成说明原因和替代方案的话。"
ADVICE_OVER = ("这是你自己无法控制或无法核实的绝对承诺，一旦落空，客户的失望会更大。只承诺自己能做到、"
               "有具体时间的事，例如“今天下午五点前把进度发给您”。")


def _pick_phrase(phrases: Iterable[Phrase], step: str, style: str, request_type: str) -> str:
    pool = [p for p in phrases if p.step == step]
    if not pool:
        return ""

    def score(p: Phrase) -> tuple[int, int]:
        fits_request = 2 if request_type in p.request_types else (1 if not p.request_types else 0)
        fits_style = 1 if p.style == style or (style == "plain" and p.style == "formal") else 0
        return (fits_request, fits_style)

    return max(pool, key=score).text


def _quotes(hits: list[Hit], key: str) -> tuple[str, ...]:
    seen: list[str] = []
    for hit in hits:
        if hit.key == key and hit.quote and hit.quote not in seen:
            seen.append(hit.quote)
    return tuple(seen[:4])


def _join_quotes(quotes: Iterable[str]) -> str:
    return "、".join(f"“{q}”" for q in quotes)


def _feedback(labels: dict[str, bool], hits: list[Hit], vague: tuple[str, ...], style: str,
              request_type: str, phrases: Iterable[Phrase]) -> tuple[StepFeedback, ...]:
    phrases = tuple(phrases)
    out: list[StepFeedback] = []
    for key in STEPS:
        quotes = _quotes(hits, key)
        if labels[key]:
            note = next(h.note for h in hits if h.key == key)
            said = f"你写了{_join_quotes(quotes)}：" if quotes else ""
            out.append(StepFeedback(key, KEY_NAMES[key], True, True, f"✓ 有。{said}{note}。", quotes))
            continue
        text = "✗ " + ADVICE_MISSING[key]
        if key == "alternative" and vague:
            text += f"你写的{_join_quotes(vague)}太模糊，客户拿不到任何确定的东西。"
        if key == "principle" and labels["harsh"] and any(h.rule_id == "harsh-bare-no" for h in hits):
            text += "只说“不行”而不说原因，是最容易伤关系的拒绝方式。"
        suggestion = _pick_phrase(phrases, key, style, request_type)
        if suggestion:
            text += f"可以试试：“{suggestion}”"
        out.append(StepFeedback(key, KEY_NAMES[key], False, False, text, (), suggestion))
    for key, advice in (("harsh", ADVICE_HARSH), ("overpromise", ADVICE_OVER)):
        quotes = _quotes(hits, key)
        if labels[key]:
            notes = "；".join(dict.fromkeys(h.note for h in hits if h.key == key))
            text = f"⚠ 发现{KEY_NAMES[key]}的说法：{_join_quotes(quotes)}（{notes}）。{advice}"
            out.append(StepFeedback(key, KEY_NAMES[key], True, False, text, quotes))
        else:
            text = f"✓ 没有发现{KEY_NAMES[key]}的说法。"
            if key == "overpromise" and labels["alternative"]:
                text += "有具体时间、在你掌控之内的承诺是好做法，不算过度承诺。"
            out.append(StepFeedback(key, KEY_NAMES[key], False, True, text))
    return tuple(out)


def _summary(labels: dict[str, bool]) -> str:
    has = [KEY_NAMES[k] for k in STEPS if labels[k]]
    missing = [KEY_NAMES[k] for k in STEPS if not labels[k]]
    flags = [KEY_NAMES[k] for k in ("harsh", "overpromise") if labels[k]]
    if not missing and not flags:
        return "这是一条完整的专业拒绝：三步齐全，没有生硬或过度承诺的说法。"
    parts = []
    if has:
        parts.append(f"已经有：{'、'.join(has)}")
    if missing:
        parts.append(f"还缺：{'、'.join(missing)}")
    if flags:
        parts.append(f"需要改掉：{'、'.join(flags)}")
    return "；".join(parts) + "。"


@dataclass
class RuleVerdict:
    """What the lexicon rules alone say about a normalised message."""

    labels: dict[str, bool]
    hits: list[Hit]
    kept: list[Hit]
    raw: list[tuple[Rule, int, int]]
    exempt: list[tuple[Rule, int, int]]
    polite: tuple[str, ...] = ()


def rule_verdict(norm: Normalised, reviewer: Reviewer) -> RuleVerdict:
    """The rules-only judgement: cue hits, the harsh conditions, and the cues set aside by exceptions."""
    exempt: list[tuple[Rule, int, int]] = []
    raw_hits = sorted(reviewer.find_hits(norm, exempt), key=lambda x: x[1])
    hits = [Hit(rule.key, rule.id, rule.note, norm.quote(s, e)) for rule, s, e in raw_hits]
    labels = {key: False for key in KEYS}
    for rule, _, _ in raw_hits:
        if not rule.condition:
            labels[rule.key] = True
    steps_present = labels["empathy"] or labels["principle"] or labels["alternative"]
    softened = any(s in norm.text for s in reviewer.softeners)
    # "unsoftened": a refusal with no empathy, no alternative and no word of courtesy aimed at the customer.
    courteous = labels["empathy"] or labels["alternative"] or any(s in norm.text for s in reviewer.customer_softeners)
    kept: list[Hit] = []
    for (rule, _, _), hit in zip(raw_hits, hits, strict=True):
        if rule.condition == "alone" and steps_present:
            continue
        if rule.condition == "bare" and (steps_present or softened):
            continue
        if rule.condition == "unsoftened" and courteous:
            continue
        if rule.condition:
            labels["harsh"] = True
        kept.append(hit)
    return RuleVerdict(labels, hits, kept, raw_hits, exempt, reviewer.customer_softeners)


def model_features(norm: Normalised, verdict: RuleVerdict, ngram_max: int = NGRAM_MAX) -> dict[str, set[str]]:
    """The learned model's features for each key (shared by :func:`review` and the training tool).

    For each key, the words of cues that an exception set aside (negated, in a question, or a dated
    commitment within the speaker's own control) are masked out first, so that the model cannot
    count “不保证” or “明天十点前我保证发给您” as over-promising where the rubric says they are not.
    """
    masked = mask_quotes(norm.text)
    rule_ids = [rule.id for rule, _, _ in verdict.raw]
    base = message_features(masked, rule_ids, verdict.labels, ngram_max)
    out: dict[str, set[str]] = {}
    for key in KEYS:
        spans = [(s, e) for rule, s, e in verdict.exempt if rule.key == key]
        if not spans:
            out[key] = base
            continue
        chars = list(masked)
        for s, e in spans:
            chars[s:e] = MASK * (e - s)
        out[key] = message_features("".join(chars), rule_ids, verdict.labels, ngram_max)
    return out


POLITE_HARSH_BAR = 0.75
"""Where the message has a word of courtesy aimed at the customer (the lexicon's ``customer_softeners``)
and no harsh rule fired, the model alone calls it harsh only at this probability or above."""


def reviewer_polite(verdict: RuleVerdict) -> tuple[str, ...]:
    return verdict.polite


MODEL_NOTE = {
    "empathy": "这是统计模型根据整句措辞的判断：这句话在体谅客户的处境",
    "principle": "这是统计模型根据整句措辞的判断：这句话在说明做不到的理由",
    "alternative": "这是统计模型根据整句措辞的判断：这句话在提出能为客户做的事",
    "harsh": "统计模型的判断：这句的语气像在打发或责怪客户",
    "overpromise": "统计模型的判断：这句像在承诺自己控制不了的结果",
}


def combine(verdict: RuleVerdict, model: RefusalModel | None, norm: Normalised,
            features: dict[str, set[str]] | None = None) -> tuple[dict[str, bool], list[Hit]]:
    """Final labels and the hits to quote, from the rules and (if there is one) the learned model.

    Each key's ``combine`` mode in the model file says how: ``model``, ``or`` (either says yes),
    ``and`` (both must) or ``rules``. A yes that only the model gave is quoted with the clause
    carrying the most weight for that key, and labelled as the model's reading.
    """
    if model is None:
        return dict(verdict.labels), list(verdict.kept)
    features = features if features is not None else model_features(norm, verdict, model.ngram_max)
    masked = mask_quotes(norm.text)
    labels: dict[str, bool] = {}
    kept: list[Hit] = []
    for key in KEYS:
        km = model[key]
        rule_yes = verdict.labels[key]
        model_yes = km.says_yes(features[key])
        if key == "harsh" and model_yes and not rule_yes and any(w in norm.text for w in reviewer_polite(verdict)):
            # The rubric: firmness itself is not harsh. A courteous message needs a clearer model reading.
            model_yes = km.probability(features[key]) >= max(km.threshold, POLITE_HARSH_BAR)
        final = {"model": model_yes, "or": rule_yes or model_yes, "and": rule_yes and model_yes,
                 "rules": rule_yes}[km.combine]
        labels[key] = final
        if not final:
            continue
        rule_hits = [h for h in verdict.kept if h.key == key]
        if rule_hits and rule_yes:
            kept.extend(rule_hits)
            continue
        span = strongest_clause(km, masked, model.ngram_max)
        quote = norm.quote(*span) if span else ""
        kept.append(Hit(key, "model", MODEL_NOTE[key], quote))
    kept.sort(key=lambda h: KEYS.index(h.key))
    return labels, kept


def review(message: str, *, scenario: Scenario | None = None, reviewer: Reviewer | None = None,
           model: RefusalModel | bool | None = True) -> Review:
    """Judge one message by the course rubric. Raises :class:`ReviewInputError` (Chinese) on bad input.

    ``model`` is the learned component to combine with the rules: ``True`` (the default) uses the
    packaged ``model.json`` if there is one, ``False`` or ``None`` judges with the rules alone.
    """
    reviewer = reviewer or default_reviewer()
    cleaned = clean_input(message)
    norm = normalise(cleaned, reviewer.charmap, reviewer.lexicon.typos)
    if not norm.text.strip():
        raise ReviewInputError("这段话里没有可以检查的文字。")
    verdict = rule_verdict(norm, reviewer)
    learned = default_model() if model is True else (model or None)
    labels, kept = combine(verdict, learned, norm)
    masked = mask_quotes(norm.text)
    vague = tuple(dict.fromkeys(norm.quote(m.start(), m.end())
                                for w in reviewer.vague for m in re.finditer(re.escape(w), masked)))
    style = reviewer.style_of(norm.text, cleaned)
    request_type = scenario.request_type if scenario else guess_request_type(norm.text)
    feedback = _feedback(labels, kept, vague, style, request_type, reviewer.phrases)
    return Review(**labels, feedback=feedback, hits=tuple(kept), style=style, request_type=request_type,
                  vague=vague, summary=_summary(labels))


def assemble(empathy: str = "", principle: str = "", alternative: str = "", *, greeting: str = "",
             closing: str = "") -> str:
    """Join the parts a learner wrote into one message to copy; each part ends with punctuation."""
    parts = []
    for part in (greeting, empathy, principle, alternative, closing):
        part = " ".join(str(part or "").split())
        if not part:
            continue
        if part[-1] not in "。！？～…，）”" + "!?~,)":
            part += "。"
        parts.append(part)
    if greeting and parts and parts[0].endswith("。") and len(greeting.strip()) <= 12:
        parts[0] = parts[0][:-1] + "，"
    return "".join(parts)
