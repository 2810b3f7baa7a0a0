"""The one registry of judges a role-play scenario may branch on.

Every judgement comes from logic the course's other tools already have; nothing is re-implemented:

* ``empathy``, ``principle``, ``alternative``, ``harsh``, ``overpromise`` and ``vague``: the refusal
  reviewer :func:`kosguide.tools.refusal.review.review` (chapter 7; source 000).
* ``role``, ``hours``, ``after-hours`` and ``always-on``: the welcome-message check
  :func:`kosguide.tools.welcome.message.check_welcome` (chapter 7; source 000).
* ``commitment``: a dated commitment to the speaker's own action with no outcome they cannot
  control, the exception the refusal reviewer makes to over-promising (chapter 6; source 001).
  It uses the reviewer's own lexicon (``time_cues``, ``own_actions``, ``outcome_cues``) as the
  reviewer compiles it (:func:`~kosguide.tools.refusal.review.default_reviewer`); it is never yes
  when ``overpromise`` is.
* ``style-fit``: the reply's wording suits the customer's personality type (chapter 4; source 003
  for the advice per type; the word lists themselves are the course's own, in
  ``data/roleplay/judges.toml``).
* ``stage-fit``: the reply uses a trust tactic of the customer's journey stage (chapter 2;
  source 004 for the tactics in ``data/journey/stages.toml``; the word lists are the course's
  own, in ``data/roleplay/judges.toml``).

:func:`judge` returns one :class:`Verdict` per requested id. It raises
:class:`kosguide.tools.refusal.normalise.ReviewInputError` (a Chinese message) when the text cannot be
judged at all; the engine turns that into a prompt to try again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..refusal.review import SENTENCE_BREAKS, clean_input, default_reviewer, normalise, review
from ..welcome.message import check_welcome


@dataclass(frozen=True)
class Verdict:
    """One judgement of one reply: its value and the learner's own words that triggered it."""

    id: str
    value: bool
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a judge may need to know about the customer: personality type and journey stage ids."""

    personality: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Judge:
    """A registered judgement: its id, the family that computes it, the module it comes from, and
    whether "yes" is the good direction (``harsh`` is bad when yes)."""

    id: str
    family: str
    source: str
    good_when: bool = True


_J = Judge
JUDGES: dict[str, Judge] = {j.id: j for j in (
    _J("empathy", "refusal", "kosguide.tools.refusal.review"),
    _J("principle", "refusal", "kosguide.tools.refusal.review"),
    _J("alternative", "refusal", "kosguide.tools.refusal.review"),
    _J("harsh", "refusal", "kosguide.tools.refusal.review", good_when=False),
    _J("overpromise", "refusal", "kosguide.tools.refusal.review", good_when=False),
    _J("vague", "refusal", "kosguide.tools.refusal.review", good_when=False),
    _J("role", "welcome", "kosguide.tools.welcome.message"),
    _J("hours", "welcome", "kosguide.tools.welcome.message"),
    _J("after-hours", "welcome", "kosguide.tools.welcome.message"),
    _J("always-on", "welcome", "kosguide.tools.welcome.message", good_when=False),
    _J("commitment", "commitment", "kosguide.tools.refusal.review (own_actions/time_cues)"),
    _J("style-fit", "style", "data/roleplay/judges.toml + data/personality/types.toml"),
    _J("stage-fit", "stage", "data/roleplay/judges.toml + data/journey/stages.toml"),
)}
JUDGE_IDS: tuple[str, ...] = tuple(JUDGES)


def is_good(verdict: Verdict) -> bool:
    """Did the reply do the right thing on this judgement (yes for empathy, no for harsh)?"""
    return verdict.value == JUDGES[verdict.id].good_when


# ---------------------------------------------------------------- families

def _refusal(text: str, ctx: Context) -> dict[str, Verdict]:
    result = review(text)
    out: dict[str, Verdict] = {}
    for key in ("empathy", "principle", "alternative", "harsh", "overpromise"):
        quotes = next((f.quotes for f in result.feedback if f.key == key), ())
        if not quotes:
            quotes = tuple(dict.fromkeys(h.quote for h in result.hits if h.key == key and h.quote))
        out[key] = Verdict(key, bool(getattr(result, key)), tuple(quotes))
    out["vague"] = Verdict("vague", bool(result.vague), tuple(result.vague))
    return out


def _welcome(text: str, ctx: Context) -> dict[str, Verdict]:
    result = check_welcome(text)
    out = {key: Verdict(key, bool(result.present.get(key, False))) for key in ("role", "hours", "after-hours")}
    out["always-on"] = Verdict("always-on", bool(result.warnings), tuple(result.quotes))
    return out


def _commitment(text: str, ctx: Context, overpromise: bool) -> dict[str, Verdict]:
    reviewer = default_reviewer()
    norm = normalise(clean_input(text), reviewer.charmap, reviewer.lexicon.typos)
    # the reviewer's own compiled cues (lexicon time_cues, own_actions, outcome_cues, compiled once per data)
    times, owns, outcomes = reviewer.time_res, reviewer.own_res, reviewer.outcome_res
    quotes: list[str] = []
    start = 0
    for i, ch in enumerate(norm.text + "\n"):
        if ch in SENTENCE_BREAKS or i == len(norm.text):
            sentence = norm.text[start:i]
            if (any(p.search(sentence) for p in times) and any(p.search(sentence) for p in owns)
                    and not any(p.search(sentence) for p in outcomes)):
                quotes.append(norm.quote(start, i))
            start = i + 1
    value = bool(quotes) and not overpromise
    return {"commitment": Verdict("commitment", value, tuple(quotes) if value else ())}


def _cue_quotes(text: str, cues: Iterable[str]) -> tuple[str, ...]:
    reviewer = default_reviewer()
    norm = normalise(clean_input(text), reviewer.charmap, reviewer.lexicon.typos)
    found: list[str] = []
    for cue in cues:
        needle = normalise(cue, reviewer.charmap).text
        at = norm.text.find(needle) if needle else -1
        if at != -1:
            found.append(norm.quote(at, at + len(needle)))
    return tuple(dict.fromkeys(found))


def _style(text: str, ctx: Context) -> dict[str, Verdict]:
    rules = fit_rules()
    style = rules.styles.get(ctx.personality)
    if style is None:
        return {"style-fit": Verdict("style-fit", False)}
    hits = _cue_quotes(text, style.cues)
    avoided = _cue_quotes(text, style.avoid)
    too_long = style.max_chars > 0 and len(text.strip()) > style.max_chars
    return {"style-fit": Verdict("style-fit", bool(hits) and not avoided and not too_long, hits + avoided)}


def _stage(text: str, ctx: Context) -> dict[str, Verdict]:
    rules = fit_rules()
    quotes: list[str] = []
    for tactic in rules.tactics:
        if tactic.stage == ctx.stage:
            quotes.extend(_cue_quotes(text, tactic.cues))
    return {"stage-fit": Verdict("stage-fit", bool(quotes), tuple(dict.fromkeys(quotes)))}


def fit_rules():  # -> data.JudgeTexts (imported lazily: data imports this module for the ids)
    """The course's own style and stage word lists, from ``data/roleplay/judges.toml``."""
    from ...core.data_loader import default_course_data

    return default_course_data().get("roleplay", "judges")


FAMILIES: dict[str, Callable[..., dict[str, Verdict]]] = {
    "refusal": _refusal, "welcome": _welcome, "style": _style, "stage": _stage,
}


def judge(text: str, ctx: Context, wanted: Iterable[str] | None = None) -> dict[str, Verdict]:
    """Judge one reply on the ``wanted`` judgements (default: all). Unknown ids raise ``KeyError``.

    Raises :class:`~kosguide.tools.refusal.review.ReviewInputError` when the text cannot be judged.
    """
    ids = list(JUDGE_IDS if wanted is None else dict.fromkeys(wanted))
    families: dict[str, dict[str, Verdict]] = {}

    def family(name: str) -> dict[str, Verdict]:
        if name not in families:
            if name == "commitment":
                families[name] = _commitment(text, ctx, family("refusal")["overpromise"].value)
            else:
                families[name] = FAMILIES[name](text, ctx)
        return families[name]

    return {jid: family(JUDGES[jid].family)[jid] for jid in ids}
