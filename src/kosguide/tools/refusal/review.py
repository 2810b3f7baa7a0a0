"""The refusal reviewer: five yes/no judgements on a message, with coach-like Chinese feedback.

Pure Python (it also runs in the browser's Pyodide kernel). The lexicon and rules live in
``data/refusal/lexicon.toml``; the Traditional→Simplified map in ``data/refusal/charmap.toml``;
suggested phrases in ``data/refusal/phrases.toml``; every feedback sentence in
``data/refusal/feedback.toml``. The work is split by concern: :mod:`.normalise` (input checks and
normalisation), :mod:`.matching` (cue rules), :mod:`.verdict` (rules plus the learned model of
:mod:`.model`), :mod:`.feedback` (the coach's words). This module ties them together.

Judgements follow the course rubric (chapter 7): ``empathy``, ``principle`` and ``alternative`` are
the three steps of a good refusal; ``harsh`` and ``overpromise`` are the two ways to spoil it. A
message that declines nothing (it grants the request, or only greets) is not a refusal:
``Review.is_refusal`` is then false, and the three steps are not scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .data import KEY_NAMES, KEYS, STEPS, Lexicon, Phrase, Rule, Scenario
from .feedback import StepFeedback, build_feedback, summary
from .matching import VETO_PREFIX, Reviewer, compile_cue, default_reviewer, guess_request_type, scenarios
from .model import RefusalModel, default_model
from .normalise import (
    CLAUSE_BREAKS,
    MASK,
    MAX_CHARS,
    SENTENCE_BREAKS,
    Normalised,
    ReviewInputError,
    clean_input,
    mask_quotes,
    normalise,
)
from .verdict import POLITE_HARSH_BAR, Hit, RuleVerdict, combine, model_features, rule_verdict

__all__ = [
    "CLAUSE_BREAKS",
    "KEYS",
    "KEY_NAMES",
    "MASK",
    "MAX_CHARS",
    "POLITE_HARSH_BAR",
    "SENTENCE_BREAKS",
    "STEPS",
    "VETO_PREFIX",
    "Hit",
    "Lexicon",
    "Normalised",
    "Phrase",
    "Review",
    "ReviewInputError",
    "Reviewer",
    "Rule",
    "RuleVerdict",
    "Scenario",
    "StepFeedback",
    "assemble",
    "clean_input",
    "combine",
    "compile_cue",
    "default_reviewer",
    "guess_request_type",
    "mask_quotes",
    "model_features",
    "normalise",
    "review",
    "rule_verdict",
    "scenarios",
]


@dataclass(frozen=True)
class Review:
    """The reviewer's verdict on one message.

    The five booleans of the rubric; ``is_refusal`` (false when the message declines nothing: then
    ``principle`` and ``alternative`` are false and the steps are "not applicable");
    ``feedback`` (one :class:`StepFeedback` per judgement); ``hits`` (the cues quoted);
    ``style`` (``formal``/``casual``/``plain``); ``request_type``; ``vague`` (vague offers quoted);
    ``summary`` (one Chinese sentence).
    """

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
    is_refusal: bool = True
    refusal_note: str = ""
    """When ``is_refusal`` is false: the Chinese sentence saying so (empty otherwise)."""

    @property
    def good(self) -> bool:
        """A good refusal has all three steps and neither harsh nor over-promising wording."""
        return (self.is_refusal and self.empathy and self.principle and self.alternative
                and not self.harsh and not self.overpromise)

    def labels(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in KEYS}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the five booleans first, then per-step feedback with quotes and suggestions."""
        return {
            **self.labels(),
            "is_refusal": self.is_refusal,
            "refusal_note": self.refusal_note,
            "good": self.good,
            "style": self.style,
            "summary": self.summary,
            "feedback": {
                f.key: {"name": f.name, "present": f.present, "ok": f.ok, "text": f.text,
                        "quotes": list(f.quotes), "suggestion": f.suggestion}
                for f in self.feedback
            },
        }


def review(message: str, *, scenario: Scenario | None = None, reviewer: Reviewer | None = None,
           model: RefusalModel | bool | None = True) -> Review:
    """Judge one message by the course rubric. Raises :class:`ReviewInputError` (Chinese) on bad input.

    ``model`` is the learned component to combine with the rules: ``True`` (the default) uses the
    packaged ``model.json`` if there is one, ``False`` or ``None`` judges with the rules alone.
    """
    reviewer = reviewer or default_reviewer()
    texts = reviewer.feedback_texts()
    cleaned = clean_input(message)
    norm = normalise(cleaned, reviewer.charmap, reviewer.lexicon.typos)
    if not norm.text.strip():
        raise ReviewInputError("这段话里没有可以检查的文字。")
    verdict = rule_verdict(norm, reviewer)
    learned = default_model() if model is True else (model or None)
    labels, kept = combine(verdict, learned, norm, model_note=lambda key: texts.get(f"model_{key}"))
    masked = mask_quotes(norm.text)
    vague = tuple(dict.fromkeys(norm.quote(m.start(), m.end())
                                for w in reviewer.vague for m in re.finditer(re.escape(w), masked)))
    style = reviewer.style_of(norm.text, cleaned)
    request_type = scenario.request_type if scenario else guess_request_type(norm.text, reviewer)
    refusal = verdict.is_refusal
    if refusal is None:  # neither declines nor grants: a refusal if it has anything of one
        refusal = any(labels[k] for k in ("empathy", "principle", "alternative", "harsh"))
    feedback = build_feedback(labels, kept, vague, style, request_type, reviewer.phrases, texts, refusal)
    return Review(**labels, feedback=feedback, hits=tuple(kept), style=style, request_type=request_type,
                  vague=vague, summary=summary(labels, texts, refusal), is_refusal=refusal,
                  refusal_note="" if refusal else texts.get("not_refusal"))


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
