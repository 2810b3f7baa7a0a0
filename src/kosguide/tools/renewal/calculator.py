"""Renewal expectation calculator (chapter 5): floor and satisfaction line from past results.

A renewing customer, in the study the course cites (source 003, a qualitative TNS study), judges a
new period against their own history: the floor sits slightly below their past minimum, the
satisfaction line slightly above their past average. "Slightly" has no number in the source, so the
margins are parameters: the learner's own assumption, always shown next to the result.

Pure logic, no widget import. Every message is Chinese.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...core.data_loader import CourseData
from .data import SituationGuide

DEFAULT_FLOOR_MARGIN = 0.10
DEFAULT_SATISFACTION_MARGIN = 0.10
MAX_MARGIN = 0.5
MAX_PERIODS = 36
MAX_VALUE = 1e9
# ASCII and full-width commas and semicolons, the enumeration comma, and any whitespace.
SEPARATORS = re.compile("[,;\uff0c\uff1b\u3001\\s]+")

BELOW_FLOOR = "below_floor"
BETWEEN = "between"
ABOVE_LINE = "above_line"
POSITION_NAMES = {BELOW_FLOOR: "低于底线", BETWEEN: "在底线和满意线之间", ABOVE_LINE: "达到或超过满意线"}


class ResultInputError(ValueError):
    """Results or settings that cannot be used. ``str(error)`` is Chinese and says what to fix."""


def fmt(value: float) -> str:
    """A number for people: at most two decimals, no trailing zeros."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _number(token: str, position: str) -> float:
    try:
        value = float(token)
    except ValueError:
        shown = token if len(token) <= 20 else token[:20] + "……"
        raise ResultInputError(
            f"{position}「{shown}」不是数字。请只填数字（例如成交单数 12），单位写在“单位”一栏里。"
        ) from None
    if not math.isfinite(value):
        raise ResultInputError(f"{position}「{token}」不是一个有限的数字，请填普通的数字。")
    if value < 0:
        raise ResultInputError(f"{position}是 {fmt(value)}，是负数。成交数、客户数这类结果不会小于 0，请检查。")
    if value > MAX_VALUE:
        raise ResultInputError(f"{position}是 {token}，太大了（上限 {MAX_VALUE:,.0f}）。请检查是否多打了几个 0。")
    return value


def parse_results(text: object, max_periods: int = MAX_PERIODS) -> list[float]:
    """Past results from text such as ``"12, 15, 9"``, ``"12 15 9"`` or one value per line.

    A list of numbers is accepted too. Raises :class:`ResultInputError` for empty input, a value that
    is not a number, a negative value or more than ``max_periods`` periods.
    """
    if isinstance(text, (list, tuple)):
        tokens = [unicodedata.normalize("NFKC", str(v)).strip() for v in text]
    else:
        raw = unicodedata.normalize("NFKC", "" if text is None else str(text))
        tokens = [t for t in SEPARATORS.split(raw) if t]
    if not tokens or all(not t for t in tokens):
        raise ResultInputError("还没有输入过去的结果。请按期填写，用逗号、空格或换行隔开，例如：12, 15, 9。")
    if len(tokens) > max_periods:
        raise ResultInputError(
            f"一共输入了 {len(tokens)} 期，最多 {max_periods} 期。"
            f"请只保留最近的 {max_periods} 期（太久以前的结果，客户自己也不太拿来比了）。"
        )
    return [_number(token, f"第 {n} 期的结果") for n, token in enumerate(tokens, start=1)]


def parse_current(text: object) -> float | None:
    """The current period's result; empty means "not known yet" (``None``)."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _number(str(text), "本期结果")
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    return None if not raw else _number(raw, "本期结果")


def check_margin(value: object, what: str) -> float:
    """A margin as a fraction (0.1 = 10 %); accepts 0 … 0.5."""
    try:
        margin = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ResultInputError(f"{what}「{value}」不是数字。请填 0 到 50 之间的百分数。") from None
    if not math.isfinite(margin) or not 0 <= margin <= MAX_MARGIN:
        raise ResultInputError(f"{what}应在 0% 到 {MAX_MARGIN:.0%} 之间，现在是 {fmt(margin * 100)}%。")
    return margin


def rule_text(floor_margin: float, satisfaction_margin: float) -> str:
    """The rule the numbers come from, with the margins named as the learner's assumption."""
    return (f"底线 = 过去最低值 ×（1 − {fmt(floor_margin * 100)}%）；"
            f"满意线 = 过去平均值 ×（1 + {fmt(satisfaction_margin * 100)}%）。"
            "来源只说“稍低于”和“略高于”，没有给出数字：这两个幅度是你的假设。")


@dataclass(frozen=True)
class Expectation:
    """The floor and satisfaction line for one renewing customer, and where this period stands."""

    results: tuple[float, ...]
    minimum: float
    average: float
    floor: float
    satisfaction: float
    floor_margin: float
    satisfaction_margin: float
    current: float | None
    position: str | None
    rule: str
    message: str
    notes: tuple[str, ...]


def position_of(current: float, floor: float, satisfaction: float) -> str:
    """Below the floor, between floor and line, or at/above the line (reaching the floor counts as between).

    A tiny tolerance absorbs floating-point noise, so 13.2 reaches a line computed as 12 × 1.1.
    """
    eps = 1e-9 * max(1.0, abs(satisfaction))
    if current < floor - eps:
        return BELOW_FLOOR
    if current < satisfaction - eps:
        return BETWEEN
    return ABOVE_LINE


def position_message(position: str | None, current: float | None, exp_floor: float, exp_line: float,
                     unit: str = "") -> str:
    say = _messages()
    if position is None or current is None:
        return say["no_current"]
    u = f" {unit.strip()}" if unit and unit.strip() else ""
    values = {"current": f"{fmt(current)}{u}", "floor": f"{fmt(exp_floor)}{u}", "line": f"{fmt(exp_line)}{u}"}
    key = {BELOW_FLOOR: "below_floor", BETWEEN: "between"}.get(position, "above_line")
    return say[key].format(**values)


def _messages() -> dict[str, str]:
    """The calculator's explanations, from the packaged ``data/renewal/situation.toml``."""
    return load_situation().messages


def compute_expectation(results: Iterable[float], current: float | None = None, *,
                        floor_margin: float = DEFAULT_FLOOR_MARGIN,
                        satisfaction_margin: float = DEFAULT_SATISFACTION_MARGIN, unit: str = "") -> Expectation:
    """Apply the rule to past results (already parsed) and place the current period."""
    values = tuple(float(v) for v in results)
    if not values:
        raise ResultInputError("还没有输入过去的结果，算不出底线和满意线。")
    for n, value in enumerate(values, start=1):
        _number(repr(value), f"第 {n} 期的结果")
    if current is not None:
        _number(repr(float(current)), "本期结果")
    f = check_margin(floor_margin, "底线幅度")
    s = check_margin(satisfaction_margin, "满意线幅度")
    minimum = min(values)
    average = sum(values) / len(values)
    floor = minimum * (1 - f)
    line = average * (1 + s)
    notes = []
    if len(values) == 1:
        notes.append(_messages()["one_period"])
    if average == 0:
        notes.append(_messages()["all_zero"])
    position = None if current is None else position_of(float(current), floor, line)
    return Expectation(values, minimum, average, floor, line, f, s, None if current is None else float(current),
                       position, rule_text(f, s), position_message(position, current, floor, line, unit),
                       tuple(notes))


def calculate(results_text: object, current_text: object = None, *, floor_margin: object = DEFAULT_FLOOR_MARGIN,
              satisfaction_margin: object = DEFAULT_SATISFACTION_MARGIN, unit: str = "",
              max_periods: int = MAX_PERIODS) -> Expectation:
    """Parse text input and compute in one step (what the widget and the command line call)."""
    results = parse_results(results_text, max_periods)
    current = parse_current(current_text)
    return compute_expectation(results, current, floor_margin=check_margin(floor_margin, "底线幅度"),
                               satisfaction_margin=check_margin(satisfaction_margin, "满意线幅度"), unit=unit)


def group_explanation(guide: Any, group: str) -> str:
    """For new or churned customers: the baseline the study describes, instead of a computation."""
    baseline = guide.baseline(group)
    return f"{baseline.group}：{baseline.baseline}\n怎么用：{baseline.advice}"


def load_situation(data: CourseData | None = None) -> SituationGuide:
    """The packaged situation guide (merged with instructor data), or the one in ``data``."""
    if data is None:
        from ...core.data_loader import default_course_data

        data = default_course_data()
    return data.get("renewal", "situation")


def expectation_to_dict(exp: Expectation) -> dict[str, Any]:
    """JSON-ready form (for ``--json``)."""
    return {
        "results": list(exp.results),
        "minimum": exp.minimum,
        "average": round(exp.average, 6),
        "floor": round(exp.floor, 6),
        "satisfaction": round(exp.satisfaction, 6),
        "floor_margin": exp.floor_margin,
        "satisfaction_margin": exp.satisfaction_margin,
        "current": exp.current,
        "position": exp.position,
        "position_name": POSITION_NAMES.get(exp.position or "", ""),
        "rule": exp.rule,
        "message": exp.message,
        "notes": list(exp.notes),
    }
