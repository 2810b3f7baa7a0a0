"""The anonymous class-results file: validation, the learner-side export, and the practice records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.core.storage import StorageError, load_json, save_json
from kosguide.tools.knowledge_check.models import KnowledgeCheck, Option, Question
from kosguide.tools.knowledge_check.widget import KnowledgeCheckView
from kosguide.tools.profile.profile import Profile, default_schema, save_profile
from kosguide.tools.refusal.widget import OWN, RefusalComposerView
from kosguide.tools.results.results import (
    KNOWLEDGE_FILE,
    REFUSAL_FILE,
    ResultsError,
    clean_learner_code,
    collect,
    collect_results,
    load_check_records,
    load_refusal_practice,
    record_first_tries,
    record_refusal_practice,
    results_filename,
    save_results,
    validate_results,
)
from kosguide.tools.results.widget import ResultsExportView, preview_rows

EVIL = "<script>alert('x')</script>"
SAMPLES = Path(__file__).resolve().parents[3] / "data" / "class-results"
GOOD: dict[str, Any] = {
    "schema": "kosguide-results", "version": 1, "exported": "2026-11-23", "source": "workbook",
    "learner": "学员 07",
    "temperament": [{"mode": "self", "status": "clear", "types": ["powerful"], "style": 40.0, "action": 55.0}],
    "profile_stages": ["teacher", "none"],
    "refusal": [{"scenario": "friend-price", "empathy": True, "principle": True, "alternative": False,
                 "harsh": False, "overpromise": False}],
    "knowledge_checks": {"ch01": {"total": 8, "correct_first_try": 6, "missed_first_try": ["ch01-definition"]}},
}


def changed(path: str, value: Any) -> dict[str, Any]:
    """GOOD with one value replaced; ``path`` like ``temperament.0.style``; value ``...`` deletes it."""
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return data


def test_good_file_round_trips() -> None:
    results, problem = validate_results(GOOD)
    assert problem == "" and results is not None
    assert results.to_dict() == GOOD
    assert results.knowledge_checks["ch01"].missed_first_try == ("ch01-definition",)


def test_learner_is_optional() -> None:
    results, _ = validate_results(changed("learner", ...))
    assert results is not None and results.learner == ""


@pytest.mark.parametrize(("path", "value", "words"), [
    ("schema", "other", "不是课程的学员结果文件"),
    ("version", 2, "不支持的版本"),
    ("version", True, "不支持的版本"),
    ("extra", "自由文字", "本格式没有的字段：extra"),
    ("refusal", ..., "缺少：refusal"),
    ("exported", "23.11.2026", "字段 exported"),
    ("exported", "2026-02-30", "不是有效日期"),
    ("source", "cloud", "字段 source"),
    ("learner", "x" * 21, "最多 20 个字符"),
    ("learner", 7, "学员代号应是文字"),
    ("temperament", {}, "字段 temperament 应是列表，实际是对象"),
    ("temperament.0.style", 101, "temperament[0].style"),
    ("temperament.0.style", True, "temperament[0].style"),
    ("temperament.0.action", "55", "实际是文字"),
    ("temperament.0.mode", "boss", "temperament[0].mode"),
    ("temperament.0.status", "great", "temperament[0].status"),
    ("temperament.0.types", ["liyi"], "课程中没有的性格类型"),
    ("temperament.0.types", [], "应有 1 个类型"),
    ("temperament.0.name", "客户 A", "本格式没有的字段：name"),
    ("profile_stages", "teacher", "字段 profile_stages 应是列表，实际是文字"),
    ("profile_stages.0", "boss", "profile_stages[0]"),
    ("refusal.0.empathy", "yes", "refusal[0].empathy"),
    ("refusal.0.scenario", "nope", "refusal[0].scenario"),
    ("refusal.0.text", "不行", "本格式没有的字段：text"),
    ("knowledge_checks", [], "字段 knowledge_checks 应是对象"),
    ("knowledge_checks.ch01.total", 8.5, "knowledge_checks.ch01.total"),
    ("knowledge_checks.ch01.correct_first_try", 9, "correct_first_try"),
    ("knowledge_checks.ch01.correct_first_try", 8, "超过了总题数"),
    ("knowledge_checks.ch01.missed_first_try", ["ch01-a", "ch01-a"], "重复"),
    ("knowledge_checks.ch01.missed_first_try", ["<b>"], "无效的题目编号"),
    ("knowledge_checks.CH 01", {"total": 1, "correct_first_try": 1, "missed_first_try": []}, "不是有效的知识检查编号"),
])
def test_each_problem_is_named_in_chinese(path: str, value: Any, words: str) -> None:
    results, problem = validate_results(changed(path, value))
    assert results is None
    assert words in problem, problem


def test_not_an_object() -> None:
    assert "JSON 对象" in validate_results([GOOD])[1]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=10)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*GOOD, "x"]), JSON, max_size=9))
def test_validation_never_crashes_on_random_json(obj: dict[str, Any]) -> None:
    results, problem = validate_results({**GOOD, **obj})
    assert (results is None) == bool(problem)
    if results is not None:
        assert validate_results(results.to_dict())[0] == results


@pytest.mark.parametrize(("code", "ok"), [
    ("", True), ("学员 07", True), ("A3", True), ("  组2-5 ", True), ("学员\u200b 01", True),
    ("张伟", False), ("Zhang Wei", False), ("li@example.com 1", False), ("13800138000", False),
    ("学员" + "1" * 19, False),
])
def test_learner_code_must_look_anonymous(code: str, ok: bool) -> None:
    if ok:
        assert len(clean_learner_code(code)) <= 20
    else:
        with pytest.raises(ResultsError, match="匿名代号"):
            clean_learner_code(code)


def test_clean_learner_code_strips_invisible_characters() -> None:
    assert clean_learner_code("  组2-5 ") == "组2-5"
    assert clean_learner_code("学员\u200b 01") == "学员 01"


def test_every_sample_learner_file_is_valid_and_the_bad_ones_are_not() -> None:
    for path in sorted(SAMPLES.glob("*.json")):
        results, problem = validate_results(json.loads(path.read_text(encoding="utf-8")) if "corrupt" not in path.name
                                            else None)
        assert (results is not None) == path.name.startswith("learner-"), (path.name, problem)


# ------------------------------------------------------------------------------ local records
def test_record_first_tries_keeps_the_earliest_try(tmp_path: Path) -> None:
    path = tmp_path / KNOWLEDGE_FILE
    score, _ = record_first_tries("ch01", 3, {"q1": True, "q2": False}, path)
    assert score.correct_first_try == 1 and score.missed_first_try == ("q2",)
    score, _ = record_first_tries("ch01", 3, {"q1": False, "q2": True, "q3": True}, path)
    assert score.correct_first_try == 2 and score.missed_first_try == ("q2",)
    records, problem = load_check_records(path)
    assert problem == "" and records["ch01"].missed_first_try == ("q2",)
    assert set(load_json(path).data["checks"]["ch01"]) == {"total", "correct_first_try", "missed_first_try",
                                                            "answered"}


def test_record_first_tries_never_overwrites_a_foreign_or_corrupt_file(tmp_path: Path) -> None:
    foreign = tmp_path / "a.kosguide.json"
    save_json(foreign, {"kind": "other", "precious": 1})
    with pytest.raises(StorageError, match="没有记录"):
        record_first_tries("ch01", 1, {"q1": True}, foreign)
    assert load_json(foreign).data == {"kind": "other", "precious": 1}
    # the course's own record file, unreadable: about to write, its bytes are set aside first
    corrupt = tmp_path / "b.kosguide.json"
    corrupt.write_text("{oops", encoding="utf-8")
    record_first_tries("ch01", 1, {"q1": True}, corrupt)
    [kept] = tmp_path.glob("b.kosguide.json.corrupt-*")
    assert kept.read_bytes() == b"{oops" and load_json(corrupt).ok


def test_refusal_practice_stores_only_ids_and_booleans(tmp_path: Path) -> None:
    path = tmp_path / REFUSAL_FILE
    labels = {"empathy": True, "principle": False, "alternative": True, "harsh": False, "overpromise": True}
    count, message = record_refusal_practice("friend-price", labels, path)
    count, message = record_refusal_practice("not-a-scenario", labels, path)
    assert count == 2 and "不记你写的话" in message
    attempts = load_json(path).data["attempts"]
    assert [a["scenario"] for a in attempts] == ["friend-price", "own"]
    assert all(set(a) == {"scenario", *labels} for a in attempts)
    entries, problem = load_refusal_practice(path)
    assert problem == "" and entries[0].labels() == labels


# ----------------------------------------------------------------------------------- collecting
def write_personality(folder: Path) -> None:
    save_json(folder / "personality-results.kosguide.json", {"kind": "personality-results", "version": 1, "results": [
        {"name": "我", "mode": "self", "style": 42.0, "action": -30.0, "status": "clear", "types": ["perfect"],
         "saved_at": "2026-11-01 10:00"},
        {"name": "客户 王总", "mode": "customer", "style": 5.0, "action": 60.0, "status": "between",
         "types": ["lively", "powerful"], "saved_at": "2026-11-02 10:00"},
    ]})


def write_profiles(folder: Path) -> None:
    schema = default_schema()
    teacher = Profile("客户 绿叶")
    for section in schema.sections:
        if section.id in {"basic", "background", "needs", "competitors"}:
            for item in section.core_fields:
                value = item.choices[-1] if item.type == "choice" else "120" if item.type == "number" else (
                    "2026-03-15" if item.type == "date" else f"机密内容{EVIL}")
                assert teacher.set_value(item, value).ok
    save_profile(teacher, folder / "customer-profiles")
    save_profile(Profile("客户 空白"), folder / "customer-profiles")


def test_collect_results_exports_ids_and_scores_only(tmp_path: Path) -> None:
    write_personality(tmp_path)
    write_profiles(tmp_path)
    record_refusal_practice("late-night", {"empathy": True, "principle": True, "alternative": False,
                                           "harsh": True, "overpromise": False}, tmp_path / REFUSAL_FILE)
    record_first_tries("ch01", 8, {"ch01-definition": False, "ch01-aims": True}, tmp_path / KNOWLEDGE_FILE)
    data = collect_results(tmp_path, "学员 07")
    results, problem = validate_results(data)
    assert results is not None, problem
    assert data["learner"] == "学员 07" and data["source"] == "workbook"
    assert [(t["mode"], t["types"]) for t in data["temperament"]] == [("self", ["perfect"]),
                                                                       ("customer", ["lively", "powerful"])]
    assert sorted(data["profile_stages"]) == ["none", "teacher"]
    assert data["refusal"][0]["scenario"] == "late-night" and data["refusal"][0]["harsh"] is True
    assert data["knowledge_checks"] == {"ch01": {"total": 8, "correct_first_try": 1,
                                                 "missed_first_try": ["ch01-definition"]}}
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("绿叶", "空白", "王总", "机密内容", "script", "我\""):
        assert secret not in text


def test_collect_from_an_empty_folder_and_reports_unreadable_files(tmp_path: Path) -> None:
    empty = collect(tmp_path)
    assert empty.notes == () and empty.data["temperament"] == [] and empty.data["knowledge_checks"] == {}
    (tmp_path / KNOWLEDGE_FILE).write_text("{broken", encoding="utf-8")
    save_json(tmp_path / REFUSAL_FILE, {"kind": "something-else"})
    collected = collect(tmp_path)
    assert any("不是完整的 JSON" in n for n in collected.notes)
    assert any("不是本工具保存的文件" in n for n in collected.notes)
    assert validate_results(collected.data)[0] is not None


def test_collect_refuses_a_learner_code_that_looks_like_a_name(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="匿名代号"):
        collect_results(tmp_path, "王小明")


def test_save_results_names_the_file_after_the_code(tmp_path: Path) -> None:
    path = save_results(collect_results(tmp_path, "学员 07"), tmp_path)
    assert path.name == "学员_07.kosguide-results.json" and validate_results(load_json(path).data)[0]
    assert save_results(collect_results(tmp_path), tmp_path).name == "anon.kosguide-results.json"
    assert results_filename("../../etc") == "etc.kosguide-results.json"
    with pytest.raises(StorageError, match="没有通过检查"):
        save_results({**GOOD, "extra": 1}, tmp_path)
    with pytest.raises(ResultsError):
        save_results({**GOOD, "learner": "张伟"}, tmp_path)


# ---------------------------------------------------------------------------------------- widgets
CHECK = KnowledgeCheck("demo", "ch01", "演示", (
    Question("q1", "single", "一", (Option("对", True), Option("错", False)), "讲解"),
    Question("q2", "single", "二", (Option("对", True), Option("错", False)), "讲解"),
))


def test_knowledge_check_widget_records_first_tries(tmp_path: Path) -> None:
    path = tmp_path / KNOWLEDGE_FILE
    view = KnowledgeCheckView(CHECK, path)
    _, radios, button, _ = view.widget.children[1].children
    radios.value = 1
    button.click()
    radios.value = 0
    button.click()
    _, radios2, button2, _ = view.widget.children[2].children
    radios2.value = 0
    button2.click()
    assert "只记题号和对错" in view.record_status.value
    assert load_check_records(path)[0]["demo"].missed_first_try == ("q1",)
    assert load_check_records(path)[0]["demo"].correct_first_try == 1


def test_knowledge_check_widget_without_a_path_writes_nothing(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    view = KnowledgeCheckView(CHECK)
    _, radios, button, _ = view.widget.children[1].children
    radios.value = 0
    button.click()
    assert list(tmp_path.iterdir()) == [] and view.record_status.value == ""


def test_knowledge_check_widget_reports_a_failed_record(tmp_path: Path) -> None:
    path = tmp_path / KNOWLEDGE_FILE
    save_json(path, {"kind": "not-mine"})
    view = KnowledgeCheckView(CHECK, path)
    _, radios, button, _ = view.widget.children[1].children
    radios.value = 0
    button.click()
    assert "没能记到本机" in view.record_status.value and load_json(path).data == {"kind": "not-mine"}


def test_refusal_composer_records_booleans_not_text(tmp_path: Path) -> None:
    path = tmp_path / REFUSAL_FILE
    view = RefusalComposerView(practice_path=path)
    view.record_button.click()
    assert "请先点“检查”" in view.record_status.value and not path.exists()
    view.steps["empathy"].value = f"明白您的心情{EVIL}"
    view.steps["principle"].value = "价格对所有客户统一公开"
    view.steps["alternative"].value = "我可以送您一个原厂配件"
    view.check_button.click()
    view.record_button.click()
    assert "共有 1 次练习" in view.record_status.value
    view.record_button.click()  # the same attempt is not recorded twice
    assert "请先点“检查”" in view.record_status.value
    view.picker.value = OWN
    view.mode.value = "whole"
    view.whole.value = "不行，爱要不要。"
    view.check_button.click()
    assert view.record()
    raw = path.read_text(encoding="utf-8")
    assert "明白" not in raw and "爱要不要" not in raw and "script" not in raw
    attempts = load_json(path).data["attempts"]
    assert [a["scenario"] for a in attempts] == [next(iter(view.scenarios)), "own"]
    assert attempts[0]["empathy"] and attempts[0]["alternative"] and attempts[1]["harsh"]


def test_refusal_composer_keeps_a_foreign_file(tmp_path: Path) -> None:
    path = tmp_path / REFUSAL_FILE
    save_json(path, [1, 2, 3])
    view = RefusalComposerView(practice_path=path)
    view.steps["empathy"].value = "理解您"
    view.check_button.click()
    assert not view.record()
    assert "没有记录" in view.record_status.value and load_json(path).data == [1, 2, 3]


def test_results_export_widget_previews_escapes_and_saves(tmp_path: Path) -> None:
    write_personality(tmp_path)
    write_profiles(tmp_path)
    view = ResultsExportView(tmp_path)
    assert "客户画像阶段" in view.preview.value and "老师" in view.preview.value
    assert "绿叶" not in view.preview.value and "王总" not in view.preview.value
    view.code.value = "<b>组1</b>"
    assert "&lt;b&gt;组1&lt;/b&gt;" in view.preview.value and "<b>组1" not in view.preview.value
    view.code.value = "张伟"
    assert "匿名代号" in view.preview.value and view.save_button.disabled
    view.save_button.click()
    assert "先改好" in view.status.value and not list(tmp_path.glob("*.kosguide-results.json"))
    view.code.value = "学员 07"
    view.save_button.click()
    saved = tmp_path / "学员_07.kosguide-results.json"
    assert saved.exists() and "已保存到本机文件" in view.status.value
    assert load_json(saved).data == view.data


def test_preview_rows_describe_every_exported_value() -> None:
    rows = dict(preview_rows(GOOD))
    assert rows["学员代号"] == "学员 07" and "力量型" in rows["性格小测"]
    assert rows["客户画像阶段"] == "老师、未到“医生”"
    assert "ch01-definition" in rows["知识检查"] and "替代✗" in rows["拒绝练习"]


def test_recording_refusal_practice_over_an_unreadable_record_keeps_its_bytes(tmp_path: Path) -> None:
    from kosguide.tools.results.practice import REFUSAL_KEYS, load_refusal_practice, record_refusal_practice

    path = tmp_path / "refusal-practice.kosguide.json"
    path.write_bytes(b'{"kind": "kosguide-refusal-practice", "attempts": [')
    before = path.stat().st_mtime_ns
    assert load_refusal_practice(path)[1] and path.stat().st_mtime_ns == before  # reading: untouched
    count, _ = record_refusal_practice("own", dict.fromkeys(REFUSAL_KEYS, True), path)
    [kept] = tmp_path.glob("refusal-practice.kosguide.json.corrupt-*")
    assert kept.read_bytes() == b'{"kind": "kosguide-refusal-practice", "attempts": ['
    assert count == 1 and load_json(path).ok
