"""The refusal reviewer's judgement: lexicon rules, the harsh conditions, and the learned model combined.

Pure Python. :func:`rule_verdict` applies the lexicon (see :mod:`.matching`), including the kinds that
turn a cue against the customer (``cancels``) and the check whether the message declines anything
at all; :func:`combine` adds the learned model of :mod:`.model` key by key. Course's own design.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .data import KEYS, Rule
from .matching import Reviewer
from .model import NGRAM_MAX, RefusalModel, message_features, strongest_clause
from .normalise import MASK, Normalised, mask_quotes

NOT_JUDGED_WITHOUT_REFUSAL = ("principle", "alternative")
"""A message that declines nothing has no reason for a refusal and offers no alternative to one."""


@dataclass(frozen=True)
class Hit:
    """One cue that triggered a judgement: the rule and the learner's own words."""

    key: str
    rule_id: str
    note: str
    quote: str


@dataclass
class RuleVerdict:
    """What the lexicon rules alone say about a normalised message."""

    labels: dict[str, bool]
    hits: list[Hit]
    kept: list[Hit]
    raw: list[tuple[Rule, int, int]]
    exempt: list[tuple[Rule, int, int]]
    polite: tuple[str, ...] = ()
    cancelled: frozenset[str] = frozenset()
    """Keys that a rule with ``cancels`` took away (the model may not say yes to them either)."""
    is_refusal: bool | None = True
    """True: it declines something; False: it grants the request; None: the rules cannot tell."""


def rule_verdict(norm: Normalised, reviewer: Reviewer) -> RuleVerdict:
    """The rules-only judgement: cue hits, the harsh conditions, and the cues set aside by exceptions."""
    exempt: list[tuple[Rule, int, int]] = []
    cancelling: set[str] = set()
    raw_hits = sorted(reviewer.find_hits(norm, exempt, cancelling), key=lambda x: x[1])
    refusal = reviewer.is_refusal(norm, raw_hits)
    if refusal is False:
        # a message that grants the request (or only greets) has no reason and no alternative to judge
        raw_hits = [(r, s, e) for r, s, e in raw_hits if r.key not in NOT_JUDGED_WITHOUT_REFUSAL]
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
    for (rule, start, end), hit in zip(raw_hits, hits, strict=True):
        if rule.condition and refusal is False:
            continue  # "a bare no" and its kin describe refusals; a message that grants is none
        if rule.condition == "alone" and steps_present:
            # words harsh only when nothing else is said ("您说呢") are not evidence for the model either
            exempt.append((rule, start, end))
            continue
        if rule.condition == "bare" and (steps_present or softened or labels["overpromise"]):
            continue
        if rule.condition == "unsoftened" and courteous:
            continue
        if rule.condition:
            labels["harsh"] = True
        kept.append(hit)
    cancelling |= {key for rule, _, _ in raw_hits for key in rule.cancels}
    cancelled = frozenset(key for key in cancelling if not labels[key])
    if refusal is False:
        cancelled |= frozenset(NOT_JUDGED_WITHOUT_REFUSAL)
        if not labels["harsh"]:
            # the model's harsh reading is about curt refusals (short, unsoftened); a message that grants
            # the request ("OK", "👌") is harsh only where a harsh cue says so
            cancelled |= {"harsh"}
    return RuleVerdict(labels, hits, kept, raw_hits, exempt, reviewer.customer_softeners, cancelled, refusal)


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


def combine(verdict: RuleVerdict, model: RefusalModel | None, norm: Normalised,
            features: dict[str, set[str]] | None = None,
            model_note: Callable[[str], str] = lambda key: "") -> tuple[dict[str, bool], list[Hit]]:
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
        if key in verdict.cancelled:
            model_yes = False  # aimed at the customer (or not a refusal at all): not evidence for this key
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
        kept.append(Hit(key, "model", model_note(key), quote))
    kept.sort(key=lambda h: KEYS.index(h.key))
    return labels, kept
