"""Every shipped scenario is a valid graph; broken graphs get Chinese errors naming the node."""

from __future__ import annotations

from pathlib import Path

import pytest

from kosguide.core.data_loader import check_data_dir, load_course_data
from kosguide.core.datafile import DataError
from kosguide.tools.roleplay.data import Scenario, graph_problems, parse_roleplay
from kosguide.tools.roleplay.engine import scenarios

SCENARIOS = scenarios(load_course_data())
GOOD = """
id = "demo"
chapter = "ch07"
title = "演示"
industry = "演示行业"
summary = "演示"
you = "你是销售。"
start = "a"
[persona]
name = "甲"
role = "老板"
personality = "powerful"
stage = "retention"
situation = "演示"
[[nodes]]
id = "a"
customer = "你好"
hint = "h"
strong = "s"
model = "m"
  [[nodes.edges]]
  when = ["empathy", "!harsh"]
  to = "b"
  [[nodes.edges]]
  to = "bad"
[[nodes]]
id = "b"
customer = "再说"
hint = "h"
strong = "s"
model = "m"
  [[nodes.edges]]
  to = "good"
[[endings]]
id = "good"
kind = "good"
customer = "好"
debrief = "d"
[[endings]]
id = "bad"
kind = "bad"
customer = "坏"
debrief = "d"
"""


def parse(text: str) -> Scenario:
    import tomllib

    return parse_roleplay(tomllib.loads(text), "roleplay/demo.toml")[0]


def test_enough_scenarios_over_the_chapters_and_industries() -> None:
    assert len(SCENARIOS) >= 14
    assert {s.chapter for s in SCENARIOS} >= {"ch02", "ch04", "ch05", "ch06", "ch07", "ch08"}
    assert len({s.industry for s in SCENARIOS}) >= 12
    assert len({s.persona.personality for s in SCENARIOS}) == 4


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_shipped_graph_is_valid_with_two_kinds_of_ending(scenario: Scenario) -> None:
    assert graph_problems(scenario) == []
    assert len({e.kind for e in scenario.endings.values()}) >= 2
    assert scenario.id.startswith(scenario.chapter)


def test_good_file_parses() -> None:
    s = parse(GOOD)
    assert s.start == "a" and s.nodes["a"].judges == ("empathy", "harsh")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace('when = ["empathy", "!harsh"]', 'when = ["empathi"]'),
     "节点「a」的第 1 条去向用了判断「empathi」"),
    (lambda t: t.replace('  [[nodes.edges]]\n  to = "bad"\n', '  [[nodes.edges]]\n  when = ["harsh"]\n  to = "bad"\n'),
     "节点「a」没有兜底的去向"),
    (lambda t: t.replace('  [[nodes.edges]]\n  to = "good"\n', ''), "节点「b」没有任何去向"),
    (lambda t: t.replace('to = "good"', 'to = "a"'), "从节点「a」出发的路径会绕回「a」"),
    (lambda t: t.replace('when = ["empathy", "!harsh"]\n  to = "b"', 'when = ["empathy"]\n  to = "good"'),
     "节点「b」从开场走不到"),
    (lambda t: t.replace('to = "good"', 'to = "nowhere"'), "节点「b」的第 1 条去向指向「nowhere」"),
    (lambda t: t.replace('start = "a"', 'start = "z"'), "开场节点 start =「z」不存在"),
    (lambda t: t.replace('personality = "powerful"', 'personality = "bossy"'), "「bossy」不在允许的取值中"),
])
def test_broken_graph_is_reported_in_chinese_naming_the_node(change, expected: str) -> None:
    with pytest.raises(DataError) as info:
        parse(change(GOOD))
    assert expected in str(info.value), str(info.value)


def test_check_data_reports_an_instructors_broken_scenario(tmp_path: Path) -> None:
    folder = tmp_path / "roleplay"
    folder.mkdir()
    (folder / "mine.toml").write_text(GOOD.replace('id = "demo"', 'id = "mine"'), encoding="utf-8")
    (folder / "broken.toml").write_text(GOOD.replace('id = "demo"', 'id = "broken"').replace('to = "good"', 'to = "a"'),
                                        encoding="utf-8")
    data, problems = check_data_dir(tmp_path)
    assert "mine" in data.of("roleplay")
    assert len(problems) == 1 and "绕回" in str(problems[0]) and "roleplay/broken.toml" in str(problems[0])


def test_judges_file_covers_every_judge() -> None:
    from kosguide.tools.roleplay.judges import JUDGE_IDS

    texts = load_course_data().get("roleplay", "judges")
    assert set(texts.texts) == set(JUDGE_IDS)
    assert set(texts.styles) == {"lively", "powerful", "perfect", "peaceful"}
    assert {t.stage for t in texts.tactics} == {"awareness", "consideration", "decision", "retention"}
