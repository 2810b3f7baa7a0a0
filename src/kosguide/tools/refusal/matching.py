"""Cue matching of the refusal reviewer: the lexicon (``data/refusal/lexicon.toml``) compiled to regexes.

Pure Python. Each rule's cues fire after its context checks (negation, questions, a dated commitment
within the speaker's control, a limit word or a set time nearby); ``veto-`` rules and rules with
``cancels`` take other cues away in their clause or sentence. Course's own design; the rubric is
chapter 7's five judgements.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.datafile import DataError
from .data import CharMap, FeedbackTexts, Lexicon, Phrase, Rule, Scenario
from .normalise import CLAUSE_BREAKS, MASK, SENTENCE_BREAKS, Normalised, mask_quotes, normalise

if TYPE_CHECKING:
    from ...core.data_loader import CourseData

VETO_PREFIX = "veto-"
"""A lexicon rule whose id starts with this never makes its judgement yes: where one of its cues fires,
it cancels the other cues of the same key in that clause (for example a scope statement such as
“赠品只能随整机送” is not an offer of an alternative)."""

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


def cue_anchor(cue: str, charmap: dict[str, str]) -> str:
    """The longest run of plain characters a cue must contain ("" if it has none).

    A cue whose anchor does not occur in the text cannot match, so the matcher skips its regex
    (a plain substring test is far cheaper, which matters in the browser's Pyodide).
    """
    cue = normalise(cue, charmap).text
    runs, run, depth = [], [], 0
    for ch in cue:
        if ch in "{[":
            depth += 1
        if depth or ch in "*#":
            if run:
                runs.append("".join(run))
            run = []
        else:
            run.append(ch)
        if ch in "}]":
            depth -= 1
    if run:
        runs.append("".join(run))
    return max(runs, key=len, default="")


@dataclass
class _CompiledRule:
    rule: Rule
    patterns: list[tuple[str, re.Pattern[str]]]
    """(anchor, regex) per cue: see :func:`cue_anchor`."""
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()


@dataclass
class Reviewer:
    """A lexicon compiled for matching, plus the phrase bank used for suggestions."""

    lexicon: Lexicon
    charmap: dict[str, str]
    phrases: tuple[Phrase, ...] = ()
    texts: FeedbackTexts | None = None
    rules: list[_CompiledRule] = field(default_factory=list)
    time_res: list[re.Pattern[str]] = field(default_factory=list)

    def feedback_texts(self) -> FeedbackTexts:
        """The feedback sentences; a Chinese ``DataError`` when the course data has none."""
        if self.texts is None:
            raise DataError("refusal/feedback.toml",
                            "缺少审阅器的反馈文字（应有一个 id = \"feedback\" 的 [texts] 文件）。")
        return self.texts

    def __post_init__(self) -> None:
        lex = self.lexicon
        self._norm = lambda words: tuple(normalise(w, self.charmap).text for w in words)
        self.rules = [_CompiledRule(r, [(cue_anchor(c, self.charmap), compile_cue(c, lex.gap, self.charmap))
                                        for c in r.cues], self._norm(r.not_after), self._norm(r.not_before))
                      for r in lex.rules]
        self.time_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.time_cues]
        self.decline_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.decline_cues]
        self.grant_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.grant_cues]
        self.own_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.own_actions]
        self.outcome_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.outcome_cues]
        self.negated_promise_res = [compile_cue(c, lex.gap, self.charmap) for c in lex.negated_promise_cues]
        self.negators = self._norm(lex.negators)
        self.exceptions = tuple(sorted(self._norm(lex.negator_exceptions), key=len, reverse=True))
        self.limit_words = self._norm(lex.limit_words)
        self.softeners = self._norm(lex.softeners)
        self.customer_softeners = self._norm(lex.customer_softeners)
        self.casual = self._norm(lex.casual_markers)
        self.vague = self._norm(lex.vague_cues)
        self.loose_times = self._norm(lex.loose_time_cues)

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
        """A negator just before ``start``, or a declined promise earlier in its clause ("不敢保证…一定")."""
        left, right = self._bounds(text, start, start, CLAUSE_BREAKS)
        if any(m.start() < start for p in self.negated_promise_res for m in p.finditer(text, left, right)):
            return True
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

    def _has_set_time(self, text: str, start: int, end: int) -> bool:
        """A time cue in the sentence other than the loose ones ("第一时间", "马上") that set no time."""
        left, right = self._bounds(text, start, end, SENTENCE_BREAKS)
        sentence = text[left:right]
        for loose in self.loose_times:
            sentence = sentence.replace(loose, MASK * len(loose))
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
    def find_hits(self, norm: Normalised, exempt: list[tuple[Rule, int, int]] | None = None,
                  cancelling: set[str] | None = None) -> list[tuple[Rule, int, int]]:
        """Every cue that fires, after context checks and vetoes (see :data:`VETO_PREFIX`).

        Cues that matched but were set aside by one of the rubric's exceptions (a negation such as
        “不保证”, a question, a dated commitment within the speaker's own control) are appended to
        ``exempt`` when it is given: the learned model must not count those words as evidence either.
        The keys taken away by a vague-offer veto or a rule's ``cancels`` are added to ``cancelling``.
        """
        text = mask_quotes(norm.text)
        found = self._match(text, exempt)
        vetoes: list[tuple[str, tuple[int, int]]] = []
        for rule, s, e in found:
            if not rule.id.startswith(VETO_PREFIX):
                continue
            if rule.unless_time:
                # a vague offer ("回头", "有机会") is cancelled in its whole sentence unless a set time is given
                if self._has_set_time(text, s, e):
                    continue
                vetoes.append((rule.key, self._bounds(text, s, e, SENTENCE_BREAKS)))
                if cancelling is not None:
                    cancelling.add(rule.key)
            else:
                vetoes.append((rule.key, self._bounds(text, s, e, CLAUSE_BREAKS)))
        # a rule with `cancels` (the empathy word turned against the customer, a threat, mockery) takes
        # away the cues of those keys in its sentence: they are aimed at the customer, not for them
        for rule, s, e in found:
            if rule.cancels and not rule.id.startswith(VETO_PREFIX):
                span = (0, len(text)) if rule.cancel_scope == "message" else self._bounds(text, s, e, SENTENCE_BREAKS)
                vetoes.extend((key, span) for key in rule.cancels)
        return [(rule, s, e) for rule, s, e in found
                if not rule.id.startswith(VETO_PREFIX)
                and not any(key == rule.key and left <= s < right for key, (left, right) in vetoes)]

    def is_refusal(self, norm: Normalised, hits: list[tuple[Rule, int, int]]) -> bool | None:
        """Does the message decline anything? ``None`` when the rules cannot tell.

        Yes when a ``decline_cues`` cue occurs (outside quotes); else no when it grants the request
        (``grant_cues``: “好的，明天给您换”); else yes when a reason for a refusal is given; otherwise
        undecided (the
        reviewer then calls it a refusal only if it has any of the five judgements but over-promising:
        a greeting or a bare promise is not a refusal). Course's own rule (issue 18).
        """
        text = mask_quotes(norm.text)
        if any(p.search(text) for p in self.decline_res):
            return True
        if any(p.search(text) for p in self.grant_res):
            return False
        return True if any(r.key == "principle" for r, _, _ in hits) else None

    def _match(self, text: str, exempt: list[tuple[Rule, int, int]] | None = None) -> list[tuple[Rule, int, int]]:
        found: list[tuple[Rule, int, int]] = []
        for compiled in self.rules:
            rule = compiled.rule
            for anchor, pattern in compiled.patterns:
                if anchor not in text:
                    continue
                for m in pattern.finditer(text):
                    s, e = m.start(), m.end()
                    if s == e:
                        continue
                    if compiled.not_after and text[:s].endswith(compiled.not_after):
                        continue
                    if compiled.not_before and text.startswith(compiled.not_before, e):
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


def guess_request_type(norm_text: str, reviewer: Reviewer | None = None) -> str:
    """The kind of request a message answers, from the lexicon's ``request_hints`` (``"other"`` if none fits)."""
    reviewer = reviewer or default_reviewer()
    for request_type, words in reviewer.lexicon.request_hints:
        if any(w in norm_text for w in words):
            return request_type
    return "other"


def _build_reviewer(data: CourseData) -> Reviewer:
    lexicon = data.get("refusal", "lexicon")
    charmaps = data.of(CharMap)
    charmap = charmaps["charmap"].as_dict() if "charmap" in charmaps else {}
    texts = data.of(FeedbackTexts).get("feedback")
    return Reviewer(lexicon, charmap, tuple(data.of(Phrase).values()), texts)


def default_reviewer() -> Reviewer:
    """The reviewer built from the course data (packaged plus ``KOSGUIDE_DATA_DIR``), compiled once per data."""
    from ...core.data_loader import default_course_data

    return default_course_data().derived("refusal.reviewer", _build_reviewer)


def scenarios() -> list[Scenario]:
    """Every request scenario, in file order."""
    from ...core.data_loader import default_course_data

    return list(default_course_data().of(Scenario).values())
