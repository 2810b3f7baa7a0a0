"""Chapter 4 personality quiz: data, scoring, chart, saved results (no kernel needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.core.data_loader import load_course_data
from kosguide.core.datafile import DataError
from kosguide.core.storage import StorageError
from kosguide.tools.personality.chart import CENTER_X, CENTER_Y, SIZE, temperament_svg, to_xy
from kosguide.tools.personality.data import AXES, LIST_FIELDS, TemperamentType, parse_personality
from kosguide.tools.personality.scoring import (
    CAVEAT,
    AnswerError,
    compare,
    load_quiz,
    load_results,
    save_result,
    score,
)

BANK, TYPES = load_quiz(load_course_data([]))
SVG_NS = "{http://www.w3.org/2000/svg}"
QUADRANTS = {  # (style pole, action pole) -> type name, as the model says
    ("感性", "率直"): "活泼型", ("理性", "率直"): "力量型", ("理性", "优柔"): "完美型", ("感性", "优柔"): "和平型",
}
NAMES = {t.id: t.name for t in TYPES}


def extreme(style_pole: str, action_pole: str) -> dict[str, int]:
    """Every item answered at the extreme that points to the given poles."""
    target = {"style": style_pole, "action": action_pole}
    return {i.id: 2 if i.direction == target[i.axis] else -2 for i in BANK.items}


# ---------- the item bank ----------

def test_every_item_has_both_wordings_an_axis_and_a_direction() -> None:
    assert BANK.items
    for item in BANK.items:
        assert item.axis in AXES and item.direction in AXES[item.axis], item.id
        assert item.self_text.startswith("我"), item.id
        assert "这位客户" in item.customer_text, item.id
        assert item.self_text != item.customer_text


@pytest.mark.parametrize("axis", sorted(AXES))
def test_each_axis_has_at_least_twelve_items_balanced_in_direction(axis: str) -> None:
    items = BANK.on_axis(axis)
    assert len(items) >= 12
    negative, positive = AXES[axis]
    assert sum(i.direction == negative for i in items) == sum(i.direction == positive for i in items)


def test_item_ids_unique_and_scale_defined_once() -> None:
    ids = [i.id for i in BANK.items]
    assert len(ids) == len(set(ids))
    assert sorted(o.value for o in BANK.scale) == [-2, -1, 0, 1, 2]
    assert BANK.unobserved_label == "没注意到 / 不确定"
    assert 0 < BANK.between_band < 100 and BANK.min_answers_per_axis >= 1


# ---------- the four types ----------

def test_four_types_one_per_quadrant_as_the_model_says() -> None:
    assert {(t.style, t.action): t.name for t in TYPES} == QUADRANTS
    assert {t.slogan for t in TYPES} == {"一起快乐", "一起行动", "一起统筹", "一起轻松"}


@pytest.mark.parametrize("type_id", sorted(NAMES))
def test_type_content_is_complete(type_id: str) -> None:
    t = next(t for t in TYPES if t.id == type_id)
    for key in LIST_FIELDS:
        values = getattr(t, key)
        assert values and all(v.strip() for v in values), f"{type_id}.{key}"
    assert t.story_role and t.slogan and t.summary
    assert "work_with" in t.layout_assigned and t.layout_note  # the advice bullets are assigned by layout


def test_layout_assigned_names_real_fields() -> None:
    doc = {"kind": "types", "types": [{"id": "x", "layout_assigned": ["nonsense"]}]}
    with pytest.raises(DataError):
        parse_personality(doc, "t.toml")


def test_parser_rejects_an_unbalanced_bank_and_an_unknown_kind() -> None:
    def item(n: int, direction: str) -> dict[str, str]:
        return {"id": f"i{n}", "axis": "action", "direction": direction, "self": "我……", "customer": "这位客户……"}

    doc = {"kind": "items", "id": "b", "title": "t",
           "scale": {"unobserved": "没注意到", "options": [{"value": v, "label": str(v)} for v in (-1, 0, 1)]},
           "scoring": {"between_band": 20, "min_answers_per_axis": 2},
           "items": [item(n, "率直") for n in range(4)]
           + [{**item(9, "感性"), "axis": "style"}, {**item(10, "理性"), "axis": "style"}]}
    with pytest.raises(DataError, match="不平衡"):
        parse_personality(doc, "b.toml")
    doc["items"][0]["direction"] = doc["items"][1]["direction"] = "优柔"
    assert parse_personality(doc, "b.toml")[0].id == "b"
    with pytest.raises(DataError, match="kind"):
        parse_personality({**doc, "kind": "other"}, "b.toml")
    doc["items"][0]["self"] = "他……"
    with pytest.raises(DataError, match="self"):
        parse_personality(doc, "b.toml")


# ---------- scoring ----------

@pytest.mark.parametrize("mode", ["self", "customer"])
@pytest.mark.parametrize(("style", "action"), sorted(QUADRANTS))
def test_all_extreme_answers_give_that_quadrant(mode: str, style: str, action: str) -> None:
    result = score(BANK, TYPES, extreme(style, action), mode)
    assert result.status == "clear" and result.can_conclude
    assert [NAMES[t] for t in result.type_ids] == [QUADRANTS[(style, action)]]
    assert abs(result.style.score) == 100 and abs(result.action.score) == 100


@pytest.mark.parametrize("mode", ["self", "customer"])
def test_neutral_answers_cannot_conclude(mode: str) -> None:
    result = score(BANK, TYPES, {i.id: 0 for i in BANK.items}, mode)
    assert result.status == "center" and not result.can_conclude and result.type_ids == ()
    assert "无法下结论" in result.message


def test_unobserved_answers_do_not_count_and_say_how_many_more() -> None:
    result = score(BANK, TYPES, {i.id: None for i in BANK.items}, "customer")
    assert result.status == "insufficient" and not result.can_conclude
    assert result.style.counted == result.action.counted == 0
    need = BANK.min_answers_per_axis
    assert result.style.needed == result.action.needed == need
    assert f"还要再观察 {need} 题" in result.message


def test_few_observations_then_enough() -> None:
    answers: dict[str, int | None] = {i.id: None for i in BANK.items}
    strong = extreme("理性", "率直")
    for axis in AXES:
        for item in BANK.on_axis(axis)[: BANK.min_answers_per_axis - 1]:
            answers[item.id] = strong[item.id]
    result = score(BANK, TYPES, answers, "customer")
    assert result.status == "insufficient" and result.needed == 2 and "还要再观察 1 题" in result.message
    for axis in AXES:
        item = BANK.on_axis(axis)[BANK.min_answers_per_axis - 1]
        answers[item.id] = strong[item.id]
    assert [NAMES[t] for t in score(BANK, TYPES, answers, "customer").type_ids] == ["力量型"]


def test_near_one_axis_is_between_two_types() -> None:
    answers = extreme("感性", "率直")
    for item in BANK.on_axis("style"):
        answers[item.id] = 0
    result = score(BANK, TYPES, answers, "self", "我")
    assert result.status == "between" and result.can_conclude
    assert {NAMES[t] for t in result.type_ids} == {"活泼型", "力量型"}
    assert "介于" in result.message


def test_band_edge_uses_the_named_threshold() -> None:
    # one item more toward 理性 than 感性 on the style axis gives 100 * 2 / (2 * n) points
    answers = extreme("理性", "优柔")
    style_items = BANK.on_axis("style")
    for item in style_items:
        answers[item.id] = 0
    answers[style_items[0].id] = 2 * style_items[0].sign
    result = score(BANK, TYPES, answers, "self")
    assert result.style.score == pytest.approx(100 / len(style_items))
    assert (result.status == "between") == (result.style.score < BANK.between_band)


answer_value = st.one_of(st.none(), st.integers(-2, 2))
answer_sets = st.fixed_dictionaries({i.id: answer_value for i in BANK.items})


@settings(max_examples=200, deadline=None)
@given(answer_sets, st.sampled_from(["self", "customer"]))
def test_scoring_is_bounded_and_symmetric(answers: dict[str, int | None], mode: str) -> None:
    result = score(BANK, TYPES, answers, mode)
    flipped = score(BANK, TYPES, {k: None if v is None else -v for k, v in answers.items()}, mode)
    for a, b in ((result.style, flipped.style), (result.action, flipped.action)):
        assert -100 <= a.score <= 100
        assert a.score == pytest.approx(-b.score)
        assert a.counted == b.counted
    assert result.status == flipped.status
    opposite = {t.id: next(o.id for o in TYPES if o.style != t.style and o.action != t.action) for t in TYPES}
    if result.status == "clear":
        assert flipped.type_ids == (opposite[result.type_ids[0]],)


@settings(max_examples=100, deadline=None)
@given(answer_sets)
def test_unobserved_answers_never_change_the_scores(answers: dict[str, int | None]) -> None:
    counted_only = {k: v for k, v in answers.items() if v is not None}
    a, b = score(BANK, TYPES, answers, "customer"), score(BANK, TYPES, counted_only, "customer")
    assert (a.style.score, a.action.score, a.status) == (b.style.score, b.action.score, b.status)


@pytest.mark.parametrize("bad", [{"no-such-item": 1}, {"a-risk-take": 3}, {"a-risk-take": "2"},
                                 {"a-risk-take": True}, {"a-risk-take": 1.5}])
def test_bad_answers_raise_a_chinese_error(bad: dict[str, object]) -> None:
    with pytest.raises(AnswerError, match="题目"):
        score(BANK, TYPES, bad, "self")
    with pytest.raises(AnswerError, match="模式"):
        score(BANK, TYPES, {}, "boss")


def test_code_name_is_cleaned_and_bounded() -> None:
    result = score(BANK, TYPES, {}, "customer", "  客户\x00A\u202e " + "长" * 100)
    assert "\x00" not in result.name and "\u202e" not in result.name and len(result.name) <= 30
    assert score(BANK, TYPES, {}, "customer", "").name == "客户"
    assert score(BANK, TYPES, {}, "self", None).name == "我"


# ---------- the chart ----------

def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_has_the_four_chinese_labels_and_the_point_where_the_scores_say() -> None:
    answers = extreme("理性", "率直")
    for item in BANK.on_axis("style")[:4]:
        answers[item.id] = 0
    result = score(BANK, TYPES, answers, "self", "我")
    root = parse_svg(temperament_svg([result], TYPES, BANK.between_band).svg)
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    for name in ("活泼型", "力量型", "完美型", "和平型", "感性", "理性", "优柔", "率直"):
        assert name in texts
    (point,) = [c for c in root.iter(f"{SVG_NS}circle") if c.get("class") == "kos-point"]
    x, y = float(point.get("cx")), float(point.get("cy"))
    assert (x, y) == pytest.approx(to_xy(result.style.score, result.action.score), abs=0.06)
    assert x > CENTER_X and y < CENTER_Y  # 理性 is right, 率直 is up: the 力量型 quadrant
    assert x == pytest.approx(CENTER_X + result.style.score / 100 * SIZE / 2, abs=0.06)


@pytest.mark.parametrize(("style", "action"), sorted(QUADRANTS))
def test_each_quadrant_label_sits_in_its_quadrant(style: str, action: str) -> None:
    root = parse_svg(temperament_svg([], TYPES).svg)
    label = next(t for t in root.iter(f"{SVG_NS}text") if t.text == QUADRANTS[(style, action)])
    x, y = float(label.get("x")), float(label.get("y"))
    assert (x < CENTER_X) == (style == "感性") and (y < CENTER_Y) == (action == "率直")


def test_chart_shades_the_between_band_and_escapes_names() -> None:
    evil = "<script>alert(1)</script>"
    result = score(BANK, TYPES, extreme("感性", "优柔"), "customer", evil)
    svg = temperament_svg([result], TYPES, 20).svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse_svg(svg)
    bands = [r for r in root.iter(f"{SVG_NS}rect") if r.get("class") == "kos-between-band"]
    assert len(bands) == 2
    vertical = next(b for b in bands if float(b.get("width")) < float(b.get("height")))
    assert float(vertical.get("width")) == pytest.approx(2 * 20 / 100 * SIZE / 2, abs=0.1)
    assert next(c for c in root.iter(f"{SVG_NS}circle")).get("data-name") == evil[:30]


def test_chart_with_several_points() -> None:
    results = [score(BANK, TYPES, extreme(s, a), "self", f"人{n}") for n, (s, a) in enumerate(sorted(QUADRANTS))]
    root = parse_svg(temperament_svg(results, TYPES).svg)
    points = [c for c in root.iter(f"{SVG_NS}circle") if c.get("class") == "kos-point"]
    assert [p.get("data-name") for p in points] == ["人0", "人1", "人2", "人3"]


# ---------- saved results ----------

def test_save_several_and_compare(tmp_path) -> None:
    path = tmp_path / "personality-results.kosguide.json"
    me = score(BANK, TYPES, extreme("感性", "率直"), "self", "我")
    customer = score(BANK, TYPES, extreme("理性", "优柔"), "customer", "客户 A")
    save_result(me, path)
    saved, message = save_result(customer, path)
    assert len(saved) == 2 and "共有 2 条" in message
    saved, message = save_result(score(BANK, TYPES, extreme("理性", "率直"), "self", "我"), path)
    assert len(saved) == 2 and "更新了" in message
    loaded, problem = load_results(path)
    assert problem == "" and [r.name for r in loaded] == ["客户 A", "我"]
    rows = compare(loaded, TYPES, BANK.between_band)
    assert [r["type"] for r in rows] == ["完美型", "力量型"] and rows[0]["mode"] == "观察客户"


def test_corrupt_results_file_is_read_without_moving_it(tmp_path) -> None:
    path = tmp_path / "personality-results.kosguide.json"
    path.write_bytes(b"{not json")
    before = path.stat().st_mtime_ns
    loaded, problem = load_results(path)
    assert loaded == [] and "原样保留" in problem
    assert path.read_bytes() == b"{not json" and path.stat().st_mtime_ns == before
    assert not list(tmp_path.glob("*.corrupt-*")), "reading never moves a file"


def test_foreign_json_is_not_overwritten(tmp_path) -> None:
    path = tmp_path / "personality-results.kosguide.json"
    path.write_text('["something else"]', encoding="utf-8")
    with pytest.raises(StorageError, match="不覆盖"):
        save_result(score(BANK, TYPES, {}, "self"), path)
    assert path.read_text(encoding="utf-8") == '["something else"]'


def test_odd_saved_entries_are_skipped(tmp_path) -> None:
    path = tmp_path / "r.kosguide.json"
    path.write_text('{"results": [{"name": "甲", "style": 1e999, "action": 0}, 5,'
                    ' {"name": "乙", "style": 500, "action": -20, "mode": "x"}]}', encoding="utf-8")
    loaded, problem = load_results(path)
    assert [(r.name, r.style, r.mode) for r in loaded] == [("乙", 100.0, "self")] and "2 条" in problem


def test_caveat_says_what_it_is_not() -> None:
    for phrase in ("不是经过验证的心理测量", "贴标签", "招聘", "考核"):
        assert phrase in CAVEAT


def test_types_are_temperament_types() -> None:
    assert all(isinstance(t, TemperamentType) for t in TYPES) and len(TYPES) == 4
