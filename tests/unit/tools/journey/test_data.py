"""The journey data file (chapter 2) is well-formed, complete and reachable; broken copies fail in Chinese."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from kosguide.core.data_loader import load_course_data, packaged_data_dir
from kosguide.core.datafile import DataError
from kosguide.tools.journey.data import parse_journey

FILE = packaged_data_dir() / "journey" / "stages.toml"
ROOT = Path(__file__).resolve().parents[4]


def doc() -> dict:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def test_packaged_model_loads_with_four_stages_and_four_factors() -> None:
    model = load_course_data([]).get("journey", "journey")
    assert [s.id for s in model.stages] == ["awareness", "consideration", "decision", "retention"]
    assert [f.id for f in model.factors] == ["authenticity", "endorsement", "values", "privacy"]
    assert all(len(s.tactics) == 3 for s in model.stages)
    assert model.source == "004"


def test_only_the_decision_stage_name_comes_from_the_source() -> None:
    model = load_course_data([]).get("journey", "journey")
    assert {s.id for s in model.stages if s.name_from_source} == {"decision"}
    assert model.stage("decision").name == "决策阶段"


def test_decision_pricing_tactic_is_about_public_pricing_only() -> None:
    tactic = next(t for t in load_course_data([]).get("journey", "journey").stage("decision").tactics
                  if t.id == "meet-needs")
    assert "公开" in tactic.title and "第 7 章" in tactic.why


def test_every_stage_every_tactic_and_factor_is_reachable() -> None:
    """Each stage can be suggested; each factor is ticked in plans; each tactic's factor exists."""
    from kosguide.tools.journey.planner import build_plan, suggest_stage

    model = load_course_data([]).get("journey", "journey")
    for stage in model.stages:
        yes = [s.id for s in model.signals if s.stage == stage.id]
        assert suggest_stage(model, yes).stage == stage.id
        plan = build_plan(model, stage.id, "2099-01-01")
        assert {a.tactic.id for a in plan.actions} == {t.id for t in stage.tactics}
    factor_ids = {f.id for f in model.factors}
    assert {t.factor for s in model.stages for t in s.tactics} <= factor_ids


def test_chapter_two_page_mentions_every_stage_and_factor() -> None:
    page = ROOT / "book" / "ch02-trust-journey.md"
    text = page.read_text(encoding="utf-8")
    model = load_course_data([]).get("journey", "journey")
    for name in [s.name for s in model.stages] + [f.name for f in model.factors]:
        assert name in text, name
    assert re.search(r"```\{kos-exercise\} ch02-trust-journey", text)


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["stages"][0]["tactics"][0].update(factor="luck"), "不是已定义的信任因素"),
    (lambda d: d["signals"][0].update(stage="nowhere"), "不在允许的取值中"),
    (lambda d: d["stages"][1].update(order=1), "阶段顺序 order"),
    (lambda d: d["stages"][0]["tactics"][1].update(id="brand-image"), "做法编号「brand-image」重复"),
    (lambda d: d["stages"][0].update(colour="red"), "未知字段 colour"),
    (lambda d: d["stages"][0]["tactics"][0].update(days=-1), "字段 days"),
    (lambda d: d.update(signals=[s for s in d["signals"] if s["stage"] != "retention"]), "没有任何诊断问题"),
    (lambda d: d["factors"][0].pop("check"), "字段 check"),
])
def test_broken_copies_fail_with_chinese_errors(mutate, fragment: str) -> None:
    data = doc()
    mutate(data)
    with pytest.raises(DataError) as info:
        parse_journey(data, "journey/stages.toml")
    assert fragment in str(info.value) and "journey/stages.toml" in str(info.value)
