"""The customer-profile data files are well-formed and every item is reachable."""

from __future__ import annotations

from pathlib import Path

import pytest

from kosguide.core.data_loader import DataError, load_course_data
from kosguide.core.datafile import read_toml
from kosguide.tools.profile.data import ProfileSection, Stage, parse_profile
from kosguide.tools.profile.profile import ProfileSchema, default_schema

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / "src" / "kosguide" / "data" / "profile"
SCHEMA = default_schema()


def test_both_files_load_and_cover_sections_and_stages() -> None:
    items = load_course_data([]).of("profile")
    assert sum(isinstance(i, ProfileSection) for i in items.values()) == 6
    assert sum(isinstance(i, Stage) for i in items.values()) == 4


def test_only_four_section_names_are_marked_as_from_the_source() -> None:
    in_source = {s.name for s in SCHEMA.sections if s.name_in_source}
    assert in_source == {"基本联络信息", "背景信息", "深度信息", "扩展信息"}
    assert {s.id for s in SCHEMA.sections if not s.name_in_source} == {"needs", "competitors"}


def test_every_stage_is_supported_by_a_section_and_has_actions() -> None:
    for stage in SCHEMA.stages:
        assert any(s.stage == stage.id for s in SCHEMA.sections), stage.id
        assert len(stage.guidance) >= 3 and stage.formula and stage.supplier_position and stage.parallel_use
    assert [s.stage for s in SCHEMA.sections] == ["doctor", "doctor", "teacher", "teacher", "friend", "brother"]


def test_deep_and_extended_are_hidden_and_every_section_has_core_fields() -> None:
    assert {s.id for s in SCHEMA.sections if s.hidden_by_default} == {"deep", "extended"}
    for section in SCHEMA.sections:
        assert section.core_fields
        for item in section.fields:
            assert item.label and item.help and item.sensitivity in ("ordinary", "internal", "confidential")
            assert (item.type == "choice") == bool(item.choices)


def test_teacher_stage_records_the_source_inconsistency() -> None:
    assert "002:16" in SCHEMA.stage("teacher").note and "002:26" in SCHEMA.stage("teacher").note


def load_text(text: str) -> list[object]:
    import tomllib
    return parse_profile(tomllib.loads(text), "profile/test.toml")


GOOD_SECTION = '''kind = "profile-sections"
[[sections]]
id = "basic"
order = 1
name = "基本"
name_in_source = true
stage = "doctor"
summary = "s"
source = "002:24"
  [[sections.fields]]
  key = "code"
  label = "代号"
  type = "text"
  help = "h"
  sensitivity = "ordinary"
  core = true
'''


@pytest.mark.parametrize(("change", "fragment"), [
    (('kind = "profile-sections"', 'kind = "other"'), "kind"),
    (('stage = "doctor"', 'stage = "uncle"'), "stage"),
    (('sensitivity = "ordinary"', 'sensitivity = "secret"'), "sensitivity"),
    (('type = "text"', 'type = "choice"'), "choices"),
    (('key = "code"', 'key = "Code-1"'), "key"),
    (("core = true", "core = false"), "core"),
    (("name_in_source = true\n", ""), "name_in_source"),
    (('source = "002:24"', 'source = "002:24"\ncolour = "red"'), "colour"),
])
def test_broken_section_files_get_chinese_errors(change: tuple[str, str], fragment: str) -> None:
    assert load_text(GOOD_SECTION)
    with pytest.raises(DataError) as info:
        load_text(GOOD_SECTION.replace(*change))
    assert fragment in str(info.value) and "profile/test.toml" in str(info.value)


def test_stage_order_must_match_the_source() -> None:
    doc = read_toml(DATA / "stages.toml")
    doc["stages"][0]["order"] = 2
    with pytest.raises(DataError) as info:
        parse_profile(doc, "profile/stages.toml")
    assert "order" in str(info.value)


def test_schema_refuses_incomplete_stage_set() -> None:
    data = load_course_data([])
    data.items["profile"] = {k: v for k, v in data.of("profile").items() if k != "brother"}
    with pytest.raises(DataError):
        ProfileSchema.from_course_data(data)
