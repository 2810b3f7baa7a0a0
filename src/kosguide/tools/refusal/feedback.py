"""The refusal reviewer's coach-like feedback: per-judgement lines, quotes, suggestions and a summary.

Pure Python. Every sentence comes from ``data/refusal/feedback.toml`` (:class:`.data.FeedbackTexts`);
the notes that name each kind of problem ("这句话把责任推给了客户", "这像是在威胁") come from the
lexicon rules that fired; suggestions come from the phrase bank. This module only chooses and joins
them, quoting the learner's own words. Course's own design.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .data import KEY_NAMES, STEPS, FeedbackTexts, Phrase
from .verdict import Hit

FLAGS = ("harsh", "overpromise")
MAX_QUOTES = 4


@dataclass(frozen=True)
class StepFeedback:
    """Feedback on one of the five judgements, ready to show.

    ``present``: the judgement is yes; ``ok``: that is good (a step present, or a flag absent);
    ``text``: the Chinese line; ``quotes``: the learner's words that triggered it; ``suggestion``:
    a phrase from the phrase bank for a missing step.
    """

    key: str
    name: str
    present: bool
    ok: bool
    text: str
    quotes: tuple[str, ...] = ()
    suggestion: str = ""


def pick_phrase(phrases: Iterable[Phrase], step: str, style: str, request_type: str) -> str:
    """The phrase for ``step`` that best fits the request type, then the style (``""`` if none)."""
    pool = [p for p in phrases if p.step == step]
    if not pool:
        return ""

    def score(p: Phrase) -> tuple[int, int]:
        fits_request = 2 if request_type in p.request_types else (1 if not p.request_types else 0)
        fits_style = 1 if p.style == style or (style == "plain" and p.style == "formal") else 0
        return (fits_request, fits_style)

    return max(pool, key=score).text


def quotes_of(hits: Iterable[Hit], key: str) -> tuple[str, ...]:
    seen: list[str] = []
    for hit in hits:
        if hit.key == key and hit.quote and hit.quote not in seen:
            seen.append(hit.quote)
    return tuple(seen[:MAX_QUOTES])


def join_quotes(quotes: Iterable[str]) -> str:
    return "、".join(f"“{q}”" for q in quotes)


def _flag_lines(labels: dict[str, bool], hits: list[Hit], texts: FeedbackTexts) -> list[StepFeedback]:
    out: list[StepFeedback] = []
    for key in FLAGS:
        quotes = quotes_of(hits, key)
        if labels[key]:
            notes = "；".join(dict.fromkeys(h.note for h in hits if h.key == key))
            text = texts.get("flag_found", name=KEY_NAMES[key], quotes=join_quotes(quotes), notes=notes,
                             advice=texts.get(f"advice_{key}"))
            out.append(StepFeedback(key, KEY_NAMES[key], True, False, text, quotes))
        else:
            text = texts.get("flag_absent", name=KEY_NAMES[key])
            if key == "overpromise" and labels["alternative"]:
                text += texts.get("timed_ok")
            out.append(StepFeedback(key, KEY_NAMES[key], False, True, text))
    return out


def build_feedback(labels: dict[str, bool], hits: list[Hit], vague: tuple[str, ...], style: str,
                   request_type: str, phrases: Iterable[Phrase], texts: FeedbackTexts,
                   is_refusal: bool = True) -> tuple[StepFeedback, ...]:
    """One :class:`StepFeedback` per judgement, in the rubric's order (three steps, then two flags).

    A message that is not a refusal gets "not applicable" for the three steps, but its harsh or
    over-promising words are still pointed out.
    """
    phrases = tuple(phrases)
    out: list[StepFeedback] = []
    for key in STEPS:
        quotes = quotes_of(hits, key)
        if not is_refusal and not labels[key]:
            out.append(StepFeedback(key, KEY_NAMES[key], False, True, texts.get("not_refusal_step")))
            continue
        if labels[key]:
            note = next(h.note for h in hits if h.key == key)
            said = texts.get("you_wrote", quotes=join_quotes(quotes)) if quotes else ""
            out.append(StepFeedback(key, KEY_NAMES[key], True, True, texts.get("present", said=said, note=note),
                                    quotes))
            continue
        text = "✗ " + texts.get(f"missing_{key}")
        if key == "alternative" and vague:
            text += texts.get("vague", quotes=join_quotes(vague))
        if key == "principle" and labels["harsh"] and any(h.rule_id == "harsh-bare-no" for h in hits):
            text += texts.get("bare_no")
        suggestion = pick_phrase(phrases, key, style, request_type)
        if suggestion:
            text += texts.get("try_phrase", phrase=suggestion)
        out.append(StepFeedback(key, KEY_NAMES[key], False, False, text, (), suggestion))
    return tuple(out + _flag_lines(labels, hits, texts))


def summary(labels: dict[str, bool], texts: FeedbackTexts, is_refusal: bool = True) -> str:
    """One sentence: which steps the message has, which are missing, which flags to fix."""
    flags = [KEY_NAMES[k] for k in FLAGS if labels[k]]
    if not is_refusal:
        text = texts.get("not_refusal_summary")
        if flags:
            text += texts.get("summary_flags", items="、".join(flags)) + "。"
        return text
    has = [KEY_NAMES[k] for k in STEPS if labels[k]]
    missing = [KEY_NAMES[k] for k in STEPS if not labels[k]]
    if not missing and not flags:
        return texts.get("summary_good")
    parts = []
    if has:
        parts.append(texts.get("summary_has", items="、".join(has)))
    if missing:
        parts.append(texts.get("summary_missing", items="、".join(missing)))
    if flags:
        parts.append(texts.get("summary_flags", items="、".join(flags)))
    return "；".join(parts) + "。"
