"""Class results: role-play endings and failed judgement ids (ids only) reach the export and the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kosguide.tools.results.results import (
    ROLEPLAY_FILE,
    ResultsError,
    collect,
    load_roleplay_practice,
    record_roleplay_practice,
    validate_results,
)
from kosguide.tools.roleplay.engine import Session, get_scenario

BASE = {"schema": "kosguide-results", "version": 1, "exported": "2026-11-23", "source": "website", "learner": "",
        "temperament": [], "profile_stages": [], "refusal": [], "knowledge_checks": {}}


def test_old_files_without_roleplay_still_validate_and_keep_their_shape() -> None:
    results, problem = validate_results(dict(BASE))
    assert problem == "" and results.roleplay == () and "roleplay" not in results.to_dict()


def test_roleplay_entries_round_trip() -> None:
    entry = {"scenario": "ch07-friend-price", "ending": "mixed", "failed": ["style-fit", "overpromise"]}
    results, problem = validate_results({**BASE, "roleplay": [entry]})
    assert problem == ""
    assert results.to_dict()["roleplay"] == [entry]


@pytest.mark.parametrize(("entry", "words"), [
    ({"scenario": "nope", "ending": "good", "failed": []}, "对话演练情景"),
    ({"scenario": "ch07-friend-price", "ending": "great", "failed": []}, "ending"),
    ({"scenario": "ch07-friend-price", "ending": "bad", "failed": ["我说的话"]}, "判断编号"),
    ({"scenario": "ch07-friend-price", "ending": "bad", "failed": ["harsh", "harsh"]}, "不重复"),
    ({"scenario": "ch07-friend-price", "ending": "bad", "failed": [], "text": "对话内容"}, "本格式没有的字段"),
])
def test_bad_roleplay_entries_are_refused_in_chinese(entry: dict, words: str) -> None:
    results, problem = validate_results({**BASE, "roleplay": [entry]})
    assert results is None and words in problem


def test_record_load_and_collect(tmp_path: Path) -> None:
    session = Session(get_scenario("ch07-late-night-fault"))
    session.send("不行，我下班了。")
    path = tmp_path / ROLEPLAY_FILE
    count, message = record_roleplay_practice("ch07-late-night-fault", session.ending.kind,
                                              session.failed_judgements(), path)
    assert count == 1 and "不记对话内容" in message
    text = path.read_text(encoding="utf-8")
    assert "下班" not in text  # ids and kinds only
    entries, problem = load_roleplay_practice(path)
    assert problem == "" and entries[0].failed == ("harsh", "empathy", "alternative")
    exported = collect(tmp_path, "A3", today="2026-11-29").data
    assert exported["roleplay"] == [{"scenario": "ch07-late-night-fault", "ending": "bad",
                                     "failed": ["harsh", "empathy", "alternative"]}]
    assert validate_results(exported)[0] is not None
    with pytest.raises(ResultsError):
        record_roleplay_practice("nope", "good", [], path)


def test_dashboard_shows_endings_and_most_failed_judgements(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")  # the dashboard is an instructor tool that needs pandas
    from kosguide.tools.results.dashboard import dashboard_html, load_class

    for n, (ending, failed) in enumerate([("good", []), ("bad", ["harsh", "empathy"]), ("mixed", ["empathy"])]):
        data = {**BASE, "learner": f"学员 {n}",
                "roleplay": [{"scenario": "ch07-late-night-fault", "ending": ending, "failed": failed}]}
        (tmp_path / f"{n}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    data = load_class(tmp_path)
    table = data.roleplay
    assert isinstance(table, pd.DataFrame)
    row = table.iloc[0]
    assert (row["attempts"], row["good"], row["mixed"], row["bad"], row["learners"]) == (3, 1, 1, 1, 3)
    assert row["most_failed"].startswith("共情（2 次）")
    html = dashboard_html(data)
    assert "对话演练：结局和最常没做到的判断" in html and "老客户深夜要你立刻处理故障" in html
