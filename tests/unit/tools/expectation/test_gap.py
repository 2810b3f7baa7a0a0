"""Expectation-gap explorer: gap maths and bands, the over-promise comparison, data file, chart, widget."""

from __future__ import annotations

import copy
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kosguide.core.data_loader import packaged_data_dir
from kosguide.core.datafile import DataError
from kosguide.tools.expectation.chart import GapRow, gap_chart_svg
from kosguide.tools.expectation.data import parse_expectation
from kosguide.tools.expectation.gap import (
    GapInputError,
    band_for,
    compare_promises,
    comparison_for_delivery,
    evaluate,
    explain,
    to_score,
)
from kosguide.tools.expectation.widget import ExpectationExplorerView, show_expectation_explorer

DEFAULT_FILE = packaged_data_dir() / "expectation" / "default.toml"
RAW = tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
# parsed directly, so these tests do not depend on other chapters' data files
CONFIG = parse_expectation(RAW, "expectation/default.toml")[0]
EVIL = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    ("expectation", "experience", "gap", "band", "cliff"),
    [
        (4, 7, 3, "surprised", False),  # promise 24 h, solved in 6 h
        (9, 7, -2, "disappointed", False),  # promise 2 h, solved in 6 h
        (6, 6, 0, "pass-mark", False),  # kept exactly: only a pass mark
        (5, 6, 1, "pass-mark", False),
        (5, 7, 2, "surprised", False),  # lower edge of "surprised"
        (5, 4, -1, "disappointed", False),  # just below "pass mark"
        (10, 7, -3, "disappointed", True),  # cliff threshold is inclusive
        (10, 0, -10, "disappointed", True),
        (0, 10, 10, "surprised", False),
        ("7", "７", 0, "pass-mark", False),  # text and full-width digits from a form
        (3.0, 8, 5, "surprised", False),
    ],
)
def test_gap_and_band(expectation, experience, gap, band, cliff) -> None:
    result = evaluate(expectation, experience, CONFIG)
    assert (result.gap, result.band.id, result.cliff) == (gap, band, cliff)


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "还没有填写"), (None, "还没有填写"), ("七", "不是数字"), ("abc", "不是数字"), (11, "应在 0 到 10 之间"),
     (-1, "应在 0 到 10 之间"), (6.5, "请填整数"), (float("nan"), "不是有效的数字"), (True, "还没有填写"),
     ([1], "应当是数字")],
)
def test_bad_scores_get_chinese_messages(value, message) -> None:
    with pytest.raises(GapInputError, match=message):
        to_score(value, CONFIG.scale, "实际交付")


@given(st.integers(0, 10), st.integers(0, 10))
def test_every_pair_on_the_scale_has_exactly_one_band(expectation: int, experience: int) -> None:
    result = evaluate(expectation, experience, CONFIG)
    assert result.gap == experience - expectation
    containing = [b for i, b in enumerate(CONFIG.bands)
                  if b.min_gap <= result.gap < (CONFIG.bands[i + 1].min_gap if i + 1 < len(CONFIG.bands) else 99)]
    assert containing == [result.band]


@given(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10))
def test_a_higher_promise_never_raises_satisfaction(delivery: int, a: int, b: int) -> None:
    low, high = sorted((a, b))
    comparison = compare_promises(delivery, low, high, CONFIG)
    assert comparison.conservative.gap >= comparison.inflated.gap
    order = [band.id for band in CONFIG.bands]
    assert order.index(comparison.conservative.band.id) >= order.index(comparison.inflated.band.id)


def test_over_promising_turns_the_same_delivery_into_disappointment() -> None:
    comparison = compare_promises(7, 4, 9, CONFIG)  # the 24 h / 2 h story, both solved in 6 h
    assert comparison.conservative.band.id == "surprised" and comparison.inflated.band.id == "disappointed"
    assert "交付完全一样" in comparison.explanation and "差了 5 分" in comparison.explanation
    assert "夸大的承诺把同一次交付变成了失望" in comparison.explanation
    same = compare_promises(7, 6, 6, CONFIG)
    assert "一样高" in same.explanation
    with pytest.raises(GapInputError, match="保守承诺"):
        compare_promises(7, 9, 4, CONFIG)


@pytest.mark.parametrize(("delivery", "low", "high"), [(7, 5, 9), (0, 0, 2), (10, 8, 10), (1, 0, 3)])
def test_comparison_for_delivery_stays_on_the_scale(delivery: int, low: int, high: int) -> None:
    comparison = comparison_for_delivery(delivery, CONFIG)
    assert (comparison.conservative.expectation, comparison.inflated.expectation) == (low, high)


def test_explanation_names_band_and_cliff() -> None:
    assert "体验断崖" in explain(evaluate(10, 6, CONFIG), CONFIG)
    assert "体验断崖" not in explain(evaluate(6, 6, CONFIG), CONFIG)
    assert "及格" in explain(evaluate(6, 6, CONFIG), CONFIG)


def test_presets_match_the_stories_they_tell() -> None:
    presets = {p.id: evaluate(p.expectation, p.experience, CONFIG) for p in CONFIG.presets}
    assert presets["conservative-24h"].band.id == "surprised"
    assert presets["inflated-2h"].band.id == "disappointed"
    assert presets["kept-as-promised"].band.id == "pass-mark"
    assert presets["ad-cliff"].cliff
    assert CONFIG.presets[0].experience == CONFIG.presets[1].experience, "the 24 h / 2 h pair share one delivery"


def broken(change) -> dict:
    doc = copy.deepcopy(RAW)
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["bands"].reverse(), "min_gap"),
        (lambda d: d["bands"][0].update(min_gap=-5), "bands"),
        (lambda d: d["bands"][1].update(tone="green"), "tone"),
        (lambda d: d["presets"][0].update(expectation=11), "expectation"),
        (lambda d: d["presets"][0].update(colour="red"), ""),
        (lambda d: d["scale"].update(comparison_margin=0), "comparison_margin"),
        (lambda d: d["ledger"]["categories"].append({"id": "callback", "label": "重复"}), "categories"),
        (lambda d: d["presets"].append(dict(d["presets"][0])), "presets"),
    ],
)
def test_broken_settings_give_chinese_errors(change, field) -> None:
    with pytest.raises(DataError) as error:
        parse_expectation(broken(change), "expectation/x.toml")
    assert error.value.field_name == field
    assert "expectation/x.toml" in str(error.value)


def test_band_for_uses_thresholds_from_data() -> None:
    assert [band_for(g, CONFIG.bands).id for g in (-10, -1, 0, 1, 2, 10)] == [
        "disappointed", "disappointed", "pass-mark", "pass-mark", "surprised", "surprised"]


def test_gap_chart_shades_green_and_red_and_escapes() -> None:
    rows = [GapRow("保守", evaluate(4, 7, CONFIG)), GapRow(f"夸大{EVIL}", evaluate(9, 7, CONFIG)),
            GapRow("持平", evaluate(6, 6, CONFIG))]
    svg = gap_chart_svg(rows, CONFIG.scale).svg
    assert "#cfead7" in svg and "#f6d2cf" in svg
    assert "差值 +3 · 惊喜" in svg and "差值 -2 · 失望" in svg and "差值 0 · 及格" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("#cfead7") == 2  # legend + one green gap (no shading for a zero gap)


def test_explorer_widget_updates_live_and_presets_set_sliders() -> None:
    view = ExpectationExplorerView(CONFIG)
    assert view.promise.description == "承诺/期望" and view.delivery.description == "实际交付"
    assert "惊喜" in view.result.value and "承诺 24 小时" in view.story.value
    view.preset_buttons[1].click()
    assert (view.promise.value, view.delivery.value) == (9, 7)
    assert "失望" in view.result.value and "差值 -2" in view.chart.value
    view.delivery.value = 2
    assert "体验断崖" in view.result.value and view.story.value == ""
    assert "交付完全一样，都是 2 分" in view.comparison.value
    assert "<svg" in view.chart.value


def test_show_explorer_uses_packaged_data() -> None:
    widget = show_expectation_explorer()
    assert len(widget.children) >= 5
    with pytest.raises(KeyError, match="没有编号为「nope」"):
        show_expectation_explorer("nope")
