"""Renewal expectation calculator logic (chapter 5): parsing, the rule, positions, and the chart."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kosguide.tools.renewal.calculator import (
    ABOVE_LINE,
    BELOW_FLOOR,
    BETWEEN,
    ResultInputError,
    calculate,
    check_margin,
    compute_expectation,
    fmt,
    group_explanation,
    load_situation,
    parse_current,
    parse_results,
    position_of,
    rule_text,
)
from kosguide.tools.renewal.chart import renewal_chart_svg

EVIL = "<script>alert('x')</script>"


@pytest.mark.parametrize(("text", "expected"), [
    ("12, 15, 9", [12, 15, 9]),
    ("12，15，9", [12, 15, 9]),
    ("12、15、9", [12, 15, 9]),
    ("12 15 9", [12, 15, 9]),
    ("12\n15\n9\n", [12, 15, 9]),
    ("12;15；9", [12, 15, 9]),
    ("１２，１５", [12, 15]),  # full-width digits
    ("0.5, 2", [0.5, 2]),
    ([3, "4", 5.5], [3, 4, 5.5]),
])
def test_parse_results_accepts_common_forms(text: object, expected: list[float]) -> None:
    assert parse_results(text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "还没有输入"),
    ("  \n ，", "还没有输入"),
    (None, "还没有输入"),
    ("12, abc, 9", "第 2 期的结果「abc」不是数字"),
    ("12单, 15单", "不是数字"),
    ("12, -3", "负数"),
    ("nan", "有限的数字"),
    ("inf", "有限的数字"),
    ("1e12", "太大"),
    (" ".join(["1"] * 37), "最多 36 期"),
    (EVIL, "不是数字"),
])
def test_parse_results_rejects_with_chinese_message(text: object, fragment: str) -> None:
    with pytest.raises(ResultInputError) as info:
        parse_results(text)
    assert fragment in str(info.value)


def test_parse_current_empty_means_unknown() -> None:
    assert parse_current("") is None and parse_current(None) is None and parse_current("  ") is None
    assert parse_current("11") == 11 and parse_current(7) == 7
    with pytest.raises(ResultInputError, match="本期结果"):
        parse_current("很多")


@pytest.mark.parametrize(("results", "current", "floor", "line", "position"), [
    ([12, 15, 9], 11, 8.1, 13.2, BETWEEN),
    ([12, 15, 9], 7, 8.1, 13.2, BELOW_FLOOR),
    ([12, 15, 9], 14, 8.1, 13.2, ABOVE_LINE),
    ([12, 15, 9], 8.1, 8.1, 13.2, BETWEEN),      # reaching the floor is not below it
    ([12, 15, 9], 13.2, 8.1, 13.2, ABOVE_LINE),  # reaching the line counts as satisfied
    ([10], 10, 9, 11, BETWEEN),
    ([4, 4, 4, 4], None, 3.6, 4.4, None),
])
def test_rule_table(results: list[float], current: float | None, floor: float, line: float,
                    position: str | None) -> None:
    exp = compute_expectation(results, current)
    assert math.isclose(exp.floor, floor) and math.isclose(exp.satisfaction, line)
    assert exp.position == position


def test_margins_are_parameters_and_shown_in_the_rule() -> None:
    exp = compute_expectation([10, 20], 14, floor_margin=0.2, satisfaction_margin=0.05)
    assert math.isclose(exp.floor, 8) and math.isclose(exp.satisfaction, 15.75)
    assert "20%" in exp.rule and "5%" in exp.rule and "你的假设" in exp.rule
    zero = compute_expectation([10, 20], 10, floor_margin=0, satisfaction_margin=0)
    assert zero.floor == 10 and zero.satisfaction == 15 and zero.position == BETWEEN


@pytest.mark.parametrize("margin", [-0.1, 0.51, "abc", float("nan"), None])
def test_bad_margins_are_rejected(margin: object) -> None:
    with pytest.raises(ResultInputError):
        check_margin(margin, "底线幅度")


def test_messages_and_notes_in_chinese() -> None:
    assert "不要等到续约提醒" in compute_expectation([12, 15, 9], 7).message
    assert "走个形式" in compute_expectation([12, 15, 9], 14).message
    assert "还没有填写本期结果" in compute_expectation([12, 15, 9]).message
    assert "只有一期" in compute_expectation([5]).notes[0]
    zero = compute_expectation([0, 0, 0], 0)
    assert any("都是 0" in n for n in zero.notes)
    assert "本期 11 单" in calculate("12 15 9", "11", unit="单").message


def test_calculate_parses_text_in_one_step() -> None:
    exp = calculate("12, 15, 9", "11", floor_margin=0.1, satisfaction_margin=0.1)
    assert exp.results == (12, 15, 9) and exp.current == 11
    with pytest.raises(ResultInputError, match="满意线幅度"):
        calculate("1 2", satisfaction_margin=2)


def test_new_and_churned_customers_get_an_explanation_not_a_number() -> None:
    guide = load_situation()
    new = group_explanation(guide, "new")
    assert "同行" in new and "不亏" in new
    churned = group_explanation(guide, "churned")
    assert "既不特别高，也不特别低" in churned
    with pytest.raises(KeyError):
        group_explanation(guide, "vip")


def test_fmt() -> None:
    assert fmt(8.1) == "8.1" and fmt(13.200000000000001) == "13.2" and fmt(12.0) == "12" and fmt(1234.5) == "1,234.5"


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=36),
       st.floats(min_value=0, max_value=0.5), st.floats(min_value=0, max_value=0.5))
def test_floor_never_above_minimum_and_line_never_below_average(values: list[float], f: float, s: float) -> None:
    exp = compute_expectation(values, None, floor_margin=f, satisfaction_margin=s)
    assert exp.floor <= exp.minimum + 1e-9
    assert exp.satisfaction >= exp.average - 1e-9
    assert exp.floor <= exp.satisfaction + 1e-9


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=1e6),
       st.floats(min_value=0, max_value=1e6))
def test_position_is_monotonic(current: float, a: float, b: float) -> None:
    floor, line = sorted((a, b))
    order = {BELOW_FLOOR: 0, BETWEEN: 1, ABOVE_LINE: 2}
    assert order[position_of(current, floor, line)] <= order[position_of(current + 1, floor, line)]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=36),
       st.sampled_from([", ", "，", "\n", " ", "、"]))
def test_parse_round_trip(values: list[int], sep: str) -> None:
    assert parse_results(sep.join(str(v) for v in values)) == values


def test_rule_text_names_the_assumption() -> None:
    assert "稍低于" in rule_text(0.1, 0.1) and "10%" in rule_text(0.1, 0.1)


def test_chart_marks_current_and_lines_and_escapes() -> None:
    exp = calculate("12 15 9", "7")
    svg = renewal_chart_svg(exp, unit=EVIL, customer=EVIL).svg
    assert svg.count('class="past"') == 3 and svg.count('class="current"') == 1
    assert "底线 8.1" in svg and "满意线 13.2" in svg and "本期" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "#b3261e" in svg.split('class="current"')[0].rsplit("<rect", 1)[1]  # below floor → red bar
    no_current = renewal_chart_svg(calculate(" ".join(["3"] * 36))).svg
    assert 'class="current"' not in no_current and no_current.count('class="past"') == 36
    zeros = renewal_chart_svg(calculate("0 0")).svg  # no division by zero
    assert "底线 0" in zeros
