"""Expectation-gap model: satisfaction = experience − expectation on one fixed scale (no widget import).

The course reads source 001 as "what decides satisfaction is the difference between what the
customer experiences and what they expected beforehand". The scale and the band thresholds are
the course's illustration and live in ``data/expectation/*.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Band, ExpectationConfig, Scale


class GapInputError(ValueError):
    """A score is missing, not a number or off the scale. ``str(error)`` is Chinese."""


@dataclass(frozen=True)
class GapResult:
    expectation: int
    experience: int
    gap: int
    band: Band
    cliff: bool  # the gap is at or below the scale's cliff threshold

    @property
    def signed_gap(self) -> str:
        return f"{self.gap:+d}" if self.gap else "0"


@dataclass(frozen=True)
class PromiseComparison:
    """The same delivery judged against a conservative and an inflated promise."""

    delivery: int
    conservative: GapResult
    inflated: GapResult
    explanation: str


def to_score(value: object, scale: Scale, what: str) -> int:
    """Turn learner input (int, float or text such as "7" or "７") into a whole score on the scale."""
    if isinstance(value, bool) or value is None:
        raise GapInputError(f"{what}还没有填写，请填一个 {scale.minimum} 到 {scale.maximum} 之间的整数。")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise GapInputError(f"{what}还没有填写，请填一个 {scale.minimum} 到 {scale.maximum} 之间的整数。")
        try:
            number = float(text)  # float() also accepts full-width digits
        except ValueError:
            raise GapInputError(
                f"{what}“{text[:20]}”不是数字，请填一个 {scale.minimum} 到 {scale.maximum} 之间的整数。"
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise GapInputError(f"{what}应当是数字。")
    if number != number or number in (float("inf"), float("-inf")):
        raise GapInputError(f"{what}不是有效的数字。")
    if number != int(number):
        raise GapInputError(f"{what}请填整数（刻度上没有 {number:g} 这一格）。")
    score = int(number)
    if not scale.minimum <= score <= scale.maximum:
        raise GapInputError(f"{what}应在 {scale.minimum} 到 {scale.maximum} 之间，实际是 {score}。")
    return score


def band_for(gap: int, bands: tuple[Band, ...]) -> Band:
    """The band whose range holds ``gap`` (bands are sorted by ``min_gap``; the first covers the lowest gap)."""
    chosen = bands[0]
    for band in bands:
        if gap >= band.min_gap:
            chosen = band
    return chosen


def evaluate(expectation: object, experience: object, config: ExpectationConfig) -> GapResult:
    """Score one situation: the gap, its band and whether it is an experience cliff."""
    scale = config.scale
    e = to_score(expectation, scale, scale.expectation_label)
    x = to_score(experience, scale, scale.experience_label)
    gap = x - e
    return GapResult(e, x, gap, band_for(gap, config.bands), gap <= scale.cliff_gap)


def explain(result: GapResult, config: ExpectationConfig) -> str:
    """A few Chinese sentences on what the learner sees."""
    scale = config.scale
    text = (f"{scale.expectation_label} {result.expectation} 分，{scale.experience_label} {result.experience} 分，"
            f"差值 {result.signed_gap}，落在“{result.band.label}”区间。{result.band.advice}")
    if result.cliff:
        text += ("差距这么大，客户感受到的是一道“体验断崖”：东西也许不差，但和他心里的样子落差太大，"
                 "这种落差会悄悄消耗他的忠诚。")
    return text


def compare_promises(delivery: object, conservative: object, inflated: object,
                     config: ExpectationConfig) -> PromiseComparison:
    """Judge one delivery against two promises and say why the inflated one hurts."""
    scale = config.scale
    d = to_score(delivery, scale, scale.experience_label)
    low = evaluate(conservative, d, config)
    high = evaluate(inflated, d, config)
    if low.expectation > high.expectation:
        raise GapInputError("保守承诺的分值应当不高于夸大承诺的分值。")
    swing = low.gap - high.gap
    text = (f"交付完全一样，都是 {d} 分。承诺 {low.expectation} 分时，差值 {low.signed_gap}，客户的感受是"
            f"“{low.band.label}”；承诺 {high.expectation} 分时，差值 {high.signed_gap}，感受变成“{high.band.label}”。")
    if swing:
        text += (f"两种说法之间差了 {swing} 分的满意度，而交付上你并没有多花一分力气：变的只是事先说出口的那句话。")
    else:
        text += "两个承诺一样高，所以感受也一样。"
    if high.gap < 0 <= low.gap:
        text += "夸大的承诺把同一次交付变成了失望。"
    return PromiseComparison(d, low, high, text)


def comparison_for_delivery(delivery: object, config: ExpectationConfig) -> PromiseComparison:
    """The explorer's what-if: promise ``margin`` points below and above the delivery (kept on the scale)."""
    scale = config.scale
    d = to_score(delivery, scale, scale.experience_label)
    margin = scale.comparison_margin
    return compare_promises(d, max(scale.minimum, d - margin), min(scale.maximum, d + margin), config)
