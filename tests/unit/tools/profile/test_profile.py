"""Customer-profile logic: the stage rule over every combination, validation, redaction, storage."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kosguide.core.storage import MAX_BYTES, save_json
from kosguide.tools.profile.data import ProfileField
from kosguide.tools.profile.profile import (
    EXPORT_KIND,
    NECESSARY_NOT_SUFFICIENT,
    REDACTED_NOTICE,
    SENSITIVE_NOTICE,
    Profile,
    ProfileError,
    assess,
    assessment_dict,
    assessment_lines,
    default_schema,
    export_dict,
    export_html,
    export_markdown,
    list_profiles,
    load_profile,
    new_profile,
    profile_filename,
    profile_from_dict,
    save_profile,
    statuses_from_export,
    validate_code_name,
    validate_value,
)

SCHEMA = default_schema()
SECTION_IDS = [s.id for s in SCHEMA.sections]
FIELDS = SCHEMA.fields
EVIL = "<script>alert('x')</script>&\"'"


def sample_value(item: ProfileField, marker: str = "值") -> str:
    if item.type == "choice":
        return item.choices[-1]
    if item.type == "number":
        return "120"
    if item.type == "date":
        return "2026-03-15"
    return f"{marker}·{item.key}"


def profile_with(sections: set[str], *, core_only: bool = False) -> Profile:
    profile = Profile("客户 甲")
    for section in SCHEMA.sections:
        if section.id in sections:
            for item in section.fields:
                if item.core or not core_only:
                    assert profile.set_value(item, sample_value(item)).ok
    return profile


def expected_stage(filled: set[str]) -> str | None:
    """The source's rule (002:24-32), written independently of the code under test."""
    if not {"basic", "background"} <= filled:
        return None
    if not {"needs", "competitors"} <= filled:
        return "doctor"
    if "deep" not in filled:
        return "teacher"
    if "extended" not in filled:
        return "friend"
    return "brother"


NEXT = {None: "doctor", "doctor": "teacher", "teacher": "friend", "friend": "brother", "brother": None}
NEEDS = {"doctor": {"basic", "background"}, "teacher": {"basic", "background", "needs", "competitors"},
         "friend": {"basic", "background", "needs", "competitors", "deep"}, "brother": set(SECTION_IDS)}
COMBINATIONS = [frozenset(s for s, on in zip(SECTION_IDS, bits, strict=True) if on)
                for bits in itertools.product([False, True], repeat=len(SECTION_IDS))]


def test_schema_has_the_six_sections_and_four_stages_in_order() -> None:
    assert SECTION_IDS == ["basic", "background", "needs", "competitors", "deep", "extended"]
    assert [s.name for s in SCHEMA.stages] == ["医生", "老师", "朋友", "兄弟"]
    assert len(COMBINATIONS) == 64


@pytest.mark.parametrize("filled", COMBINATIONS, ids=lambda s: "+".join(sorted(s)) or "none")
@pytest.mark.parametrize("core_only", [False, True], ids=["all-fields", "core-only"])
def test_stage_rule_for_every_combination_of_filled_sections(filled: frozenset[str], core_only: bool) -> None:
    result = assess(profile_with(set(filled), core_only=core_only), SCHEMA)
    want = expected_stage(set(filled))
    assert (result.stage.id if result.stage else None) == want
    assert result.note == NECESSARY_NOT_SUFFICIENT
    assert NECESSARY_NOT_SUFFICIENT in "\n".join(assessment_lines(result))
    assert assessment_dict(result)["note"] == NECESSARY_NOT_SUFFICIENT
    next_id = NEXT[want]
    assert (result.next_stage.id if result.next_stage else None) == next_id
    missing = {s.id for s, _ in result.missing}
    assert missing == (NEEDS[next_id] - filled if next_id else set())
    assert result.actions == SCHEMA.stage(want or "doctor").guidance
    assert all(s.counts == (s.section_id in filled) for s in result.statuses)


def test_non_core_fields_alone_do_not_make_a_section_count() -> None:
    profile = Profile("客户 乙")
    for section in SCHEMA.sections:
        for item in section.fields:
            if not item.core:
                profile.set_value(item, sample_value(item))
    result = assess(profile, SCHEMA)
    assert result.stage is None and result.filled > 0
    assert "还不足以支撑“医生”阶段" in result.headline


def test_missing_lists_the_missing_core_fields_by_label() -> None:
    profile = profile_with({"basic", "background", "needs"})
    result = assess(profile, SCHEMA)
    assert result.stage.id == "doctor"
    (section, fields), = result.missing
    assert section.id == "competitors"
    assert [f.label for f in fields] == [f.label for f in section.core_fields]


def test_sections_beyond_the_supported_stage_are_pointed_out() -> None:
    result = assess(profile_with({"basic", "background", "deep"}), SCHEMA)
    assert result.stage.id == "doctor"
    assert [s.id for s in result.ahead] == ["deep"]
    assert "先补前面的板块" in "\n".join(assessment_lines(result))


def test_teacher_stage_mentions_the_source_inconsistency() -> None:
    result = assess(profile_with({"basic", "background", "needs", "competitors"}), SCHEMA)
    assert result.stage.id == "teacher"
    assert any("002:16" in line for line in assessment_lines(result))


# ------------------------------------------------------------------------------- validation
@pytest.mark.parametrize(("key", "value", "fragment"), [
    ("company_size", "很多", "应填数字"),
    ("company_size", "-3", "不小于 0"),
    ("company_size", "inf", "不小于 0"),
    ("first_contact", "2026/13/45", "应是日期"),
    ("tier", "超级客户", "只能从这些选项中选"),
    ("company_code", "字" * 201, "太长了"),
    ("history", "字" * 2001, "太长了"),
    ("history", "字" * 100_000, "太长了"),
    ("company_code", ["列表"], "应填文字"),
    ("company_code", {"a": 1}, "应填文字"),
    ("company_code", True, "应填文字"),
    ("company_code", 12, "应填文字"),
])
def test_bad_values_get_a_chinese_message(key: str, value: object, fragment: str) -> None:
    check = validate_value(FIELDS[key], value)
    assert not check.ok and fragment in check.error and FIELDS[key].label in check.error


@pytest.mark.parametrize(("key", "value", "clean"), [
    ("company_size", "１２０", "120"),
    ("company_size", 45, "45"),
    ("company_size", "1,200", "1200"),
    ("annual_purchase", 80.5, "80.5"),
    ("first_contact", "２０２６-０３-１５", "2026-03-15"),
    # one text policy (core.text): the zero-width space is dropped like every invisible character
    ("company_code", "  华东\u0000包装\u200b A \r\n", "华东包装 A"),
    ("company_code", "第一行\n第二行", "第一行 第二行"),
    ("history", "第一行\r\n第二行", "第一行\n第二行"),
    ("history", "e\u0301", "\u00e9"),
    ("history", "坏\ud800字", "坏字"),
    ("company_code", None, ""),
    ("company_code", "   ", ""),
])
def test_values_are_cleaned(key: str, value: object, clean: str) -> None:
    check = validate_value(FIELDS[key], value)
    assert check.ok and check.value == clean


def test_invalid_value_leaves_the_stored_value_unchanged() -> None:
    profile = Profile("客户 丙", {"company_size": "50"})
    assert not profile.set_value(FIELDS["company_size"], "五十").ok
    assert profile.values["company_size"] == "50"
    assert profile.set_value(FIELDS["company_size"], "").ok
    assert "company_size" not in profile.values


@pytest.mark.parametrize("name", ["", "   ", "\u0000", "名" * 41, 5, None])
def test_code_name_is_required_and_short(name: object) -> None:
    assert not validate_code_name(name).ok
    with pytest.raises(ProfileError):
        new_profile(name, {}, SCHEMA)  # type: ignore[arg-type]


def test_new_profile_reports_every_problem() -> None:
    with pytest.raises(ProfileError) as info:
        new_profile("客户 丁", {"company_size": "x", "nope": "1"}, SCHEMA)
    assert "员工人数" in str(info.value) and "nope" in str(info.value)


# -------------------------------------------------------------------------------- redaction
hidden_keys = {f.key for s in SCHEMA.sections for f in s.fields if SCHEMA.is_hidden(s, f)}
assert {"contact_channel", "personnel_changes", "family"} <= hidden_keys


def _marked(item: ProfileField, tail: str) -> str:
    """A value that carries a unique token, so its presence in an export can be tested."""
    if item.type == "choice":
        return item.choices[-1]
    if item.type in ("number", "date"):
        return sample_value(item)
    return f"⟦{item.key}⟧{tail}"[: item.max_chars]


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


text_fields = sorted(k for k, f in FIELDS.items() if f.type in ("text", "multiline"))
assert hidden_keys <= set(text_fields), "every hidden field carries a token in the property test"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=st.dictionaries(st.sampled_from(sorted(FIELDS)), st.text(max_size=30), max_size=len(FIELDS)),
       code=st.text(min_size=1, max_size=20).filter(lambda s: validate_code_name(s).ok))
def test_redaction_never_leaks_a_hidden_field(chosen: dict[str, str], code: str) -> None:
    profile = Profile(validate_code_name(code).value)
    for key, tail in chosen.items():
        assert profile.set_value(FIELDS[key], _marked(FIELDS[key], tail)).ok
    markdown = export_markdown(profile, SCHEMA)
    data = export_dict(profile, SCHEMA)
    as_json = json.dumps(data, ensure_ascii=False)
    html = export_html(profile, SCHEMA)
    exported_keys = {f["key"] for s in data["sections"] for f in s["fields"]}
    assert not exported_keys & hidden_keys
    assert data["contains_sensitive"] is False and data["notice"] == REDACTED_NOTICE
    assert REDACTED_NOTICE in markdown and SENSITIVE_NOTICE not in markdown
    for key in chosen:
        token = f"⟦{key}⟧"
        if key not in text_fields:
            continue
        if key in hidden_keys:
            assert token not in markdown and token not in html
            assert not any(token in s for s in _strings(data)) and token not in as_json
        else:
            assert token in markdown and token in html and key in exported_keys
    # revealing takes an explicit choice, and then everything is there and the export says so
    revealed = export_dict(profile, SCHEMA, reveal=True)
    revealed_md = export_markdown(profile, SCHEMA, reveal=True)
    assert revealed["contains_sensitive"] is True and SENSITIVE_NOTICE in revealed_md
    for key in chosen:
        if key in text_fields:
            assert f"⟦{key}⟧" in revealed_md
            assert any(f"⟦{key}⟧" in s for s in _strings(revealed))


def test_every_field_is_escaped_in_html_and_markdown_exports() -> None:
    profile = Profile(f"客户{EVIL}"[:40])
    for key, item in FIELDS.items():
        if item.type in ("text", "multiline"):
            assert profile.set_value(item, f"{key}{EVIL}").ok
    for reveal in (False, True):
        for out in (export_html(profile, SCHEMA, reveal=reveal), export_markdown(profile, SCHEMA, reveal=reveal)):
            assert "<script>" not in out and "&lt;script&gt;" in out
    revealed = export_html(profile, SCHEMA, reveal=True)
    for key in text_fields:
        assert f"{key}&lt;script&gt;" in revealed


def test_markdown_table_cells_cannot_break_the_table() -> None:
    profile = Profile("客户|A")
    profile.set_value(FIELDS["company_code"], "甲|乙")
    markdown = export_markdown(profile, SCHEMA)
    assert "甲&#124;乙" in markdown and "客户&#124;A" in markdown


def test_redacted_export_can_still_be_assessed() -> None:
    profile = profile_with(set(SECTION_IDS))
    data = export_dict(profile, SCHEMA)
    assert data["kind"] == EXPORT_KIND
    from kosguide.tools.profile.profile import assess_statuses
    result = assess_statuses(SCHEMA, statuses_from_export(data, SCHEMA), data["code_name"])
    assert result.stage.id == "brother"
    for broken in ({"sections": "x"}, {"sections": [{"id": "basic", "filled": 99, "missing_core": []}]},
                   {"sections": [{"id": "zzz"}]}, {"sections": [{"id": "basic", "filled": 1, "missing_core": ["x"]}]}):
        with pytest.raises(ProfileError):
            statuses_from_export(broken, SCHEMA)


# ---------------------------------------------------------------------------------- storage
def test_save_and_load_several_customers(tmp_path: Path) -> None:
    first = new_profile("客户 A", {"company_code": "华东包装 A", "history": EVIL}, SCHEMA)
    second = new_profile("客户/B", {"company_code": "乙"}, SCHEMA)
    third = new_profile("客户_B", {"company_code": "丙"}, SCHEMA)
    paths = [save_profile(p, tmp_path) for p in (first, second, third)]
    assert len(set(paths)) == 3 and all(p.name.endswith(".kosguide.json") for p in paths)
    assert all(p.parent == tmp_path for p in paths), "a code name must not escape the folder"
    found, problems = list_profiles(tmp_path, SCHEMA)
    assert sorted(name for name, _ in found) == ["客户 A", "客户/B", "客户_B"] and problems == []
    loaded = load_profile(paths[0], SCHEMA)
    assert loaded.ok and loaded.profile.values == first.values


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "a\\b", "C:x", "客户 A", "ｘ" * 40])
def test_file_names_are_safe(name: str) -> None:
    filename = profile_filename(name)
    assert "/" not in filename and "\\" not in filename and ":" not in filename
    assert not filename.startswith(".") and filename.endswith(".kosguide.json")


def test_corrupt_file_is_kept_aside_with_a_chinese_message(tmp_path: Path) -> None:
    good = save_profile(new_profile("客户 A", {"company_code": "甲"}, SCHEMA), tmp_path)
    bad = tmp_path / "坏.kosguide.json"
    bad.write_bytes(b'{"kind": "kosguide-customer-profile", "code_na')
    found, problems = list_profiles(tmp_path, SCHEMA)
    assert [p for _, p in found] == [good]
    assert len(problems) == 1 and "原样保留" in problems[0]
    assert bad.read_bytes() == b'{"kind": "kosguide-customer-profile", "code_na'
    assert not list(tmp_path.glob("*.corrupt-*")), "listing (reading) never moves a file"


def test_oversized_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "大.kosguide.json"
    path.write_bytes(b" " * (MAX_BYTES + 1))
    loaded = load_profile(path, SCHEMA)
    assert not loaded.ok and "超过上限" in loaded.messages[0] and path.stat().st_size == MAX_BYTES + 1


def test_not_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.kosguide.json"
    path.write_bytes('{"客户": 1}'.encode("gbk"))
    loaded = load_profile(path, SCHEMA)
    assert not loaded.ok and "UTF-8" in loaded.messages[0]


@pytest.mark.parametrize(("data", "fragment"), [
    ([1, 2], "最外层应是一个 JSON 对象"),
    ({"kind": "other"}, "不是客户画像文件"),
    ({"kind": EXPORT_KIND}, "导出文件"),
    ({"kind": "kosguide-customer-profile", "code_name": ""}, "代号"),
])
def test_wrong_shapes_are_refused(tmp_path: Path, data: object, fragment: str) -> None:
    path = save_json(tmp_path / "x.kosguide.json", data)
    loaded = load_profile(path, SCHEMA)
    assert not loaded.ok and fragment in loaded.messages[0]


def test_unknown_and_invalid_values_are_kept_not_lost(tmp_path: Path) -> None:
    raw = {"kind": "kosguide-customer-profile", "version": 1, "code_name": "客户 A",
           "values": {"company_code": "甲", "company_size": "很多", "future_field": [1, 2], "history": 3}}
    profile, problems = profile_from_dict(raw, SCHEMA)
    assert profile.values == {"company_code": "甲"}
    assert profile.unrecognised == {"company_size": "很多", "future_field": [1, 2], "history": 3}
    assert len(problems) == 3 and all("保留" in p for p in problems)
    path = save_profile(profile, tmp_path)
    again = load_profile(path, SCHEMA)
    assert again.profile.unrecognised == profile.unrecognised
    assert "很多" not in export_markdown(again.profile, SCHEMA, reveal=True)
    assert "future_field" not in json.dumps(export_dict(again.profile, SCHEMA, reveal=True))


def test_values_that_are_not_a_dict_are_kept() -> None:
    profile, problems = profile_from_dict({"kind": "kosguide-customer-profile", "code_name": "甲", "values": "x"},
                                          SCHEMA)
    assert profile.unrecognised == {"values": "x"} and "values" in problems[0]
