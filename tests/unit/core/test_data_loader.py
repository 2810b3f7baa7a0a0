"""The validating loader: good files load, broken ones give Chinese errors naming file, item and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kosguide.core.data_loader import check_data_dir, load_course_data
from kosguide.core.datafile import DataError, read_toml
from kosguide.tools.knowledge_check.data import parse_knowledge_check

GOOD = textwrap.dedent(
    """
    id = "demo"
    chapter = "ch01"
    title = "演示"

    [[questions]]
    id = "demo-q1"
    kind = "single"
    prompt = "哪一个是对的？"
    explanation = "因为……"

      [[questions.options]]
      text = "甲"
      correct = true

      [[questions.options]]
      text = "乙"
      correct = false
      feedback = "乙不对"
    """
)


def write_check(folder: Path, text: str, name: str = "demo.toml") -> Path:
    target = folder / "knowledge_checks"
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    path.write_text(text, encoding="utf-8")
    return path


def parse(text: str):
    import tomllib

    return parse_knowledge_check(tomllib.loads(text), "knowledge_checks/demo.toml")[0]


def test_good_file_loads_and_merges_with_packaged_data(tmp_path: Path) -> None:
    write_check(tmp_path, GOOD)
    data = load_course_data([tmp_path])
    check = data.knowledge_check("demo")
    assert check.questions[0].correct_indexes == {0}
    assert check.questions[0].options[1].feedback == "乙不对"
    assert "knowledge_checks/demo.toml" in data.files
    # packaged data is still there
    assert any(c.id == "ch01" for c in data.chapters)


def test_env_var_names_instructor_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_check(tmp_path, GOOD)
    monkeypatch.setenv("KOSGUIDE_DATA_DIR", str(tmp_path))
    assert "demo" in load_course_data().knowledge_checks


@pytest.mark.parametrize(
    ("change", "item", "field", "phrase"),
    [
        (('kind = "single"', 'kind = "many"'), "第 1 题（id=demo-q1）", "kind", "不在允许的取值中"),
        (('prompt = "哪一个是对的？"', 'prompt = ""'), "第 1 题（id=demo-q1）", "prompt", "不能为空"),
        (('prompt = "哪一个是对的？"', "prompt = 3"), "第 1 题（id=demo-q1）", "prompt", "应为文字"),
        (('explanation = "因为……"', ""), "第 1 题（id=demo-q1）", "explanation", "缺少这个必填字段"),
        (('id = "demo-q1"', 'id = "Demo Q1"'), "第 1 题", "id", "不是合法的编号"),
        (("correct = false", "correct = true"), "第 1 题（id=demo-q1）", "options", "恰好有 1 个"),
        (("correct = true\n", 'correct = "yes"\n'), "第 1 个选项", "correct", "true 或 false"),
        (('feedback = "乙不对"', 'feedbak = "乙不对"'), "第 2 个选项", "", "未知字段 feedbak"),
        (('text = "乙"', 'text = "甲"'), "第 1 题（id=demo-q1）", "options", "完全相同"),
        (('kind = "single"', 'kind = "single"\nskill = "memory"'), "第 1 题（id=demo-q1）", "skill",
         "不在允许的取值中"),
        (('kind = "single"', 'kind = "single"\nskill = 2'), "第 1 题（id=demo-q1）", "skill", "应为文字"),
    ],
)
def test_broken_fields_are_named_in_chinese(change: tuple[str, str], item: str, field: str, phrase: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(DataError) as caught:
        parse(GOOD.replace(old, new, 1))
    error = caught.value
    message = str(error)
    assert "knowledge_checks/demo.toml" in message
    assert item in message
    assert phrase in message
    assert error.field_name == field
    if field:
        assert f"字段 {field}" in message


def test_skill_is_optional_and_read_when_given() -> None:
    assert parse(GOOD).questions[0].skill == ""
    for skill in ("recall", "application"):
        with_skill = GOOD.replace('kind = "single"', f'kind = "single"\nskill = "{skill}"', 1)
        assert parse(with_skill).questions[0].skill == skill


def test_too_few_options_is_reported() -> None:
    one_option = GOOD.rsplit("[[questions.options]]", 1)[0]
    assert one_option.count("[[questions.options]]") == 1
    with pytest.raises(DataError, match="至少需要 2 项"):
        parse(one_option)


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write_check(tmp_path, 'id = "demo\n')
    with pytest.raises(DataError) as caught:
        read_toml(path, "knowledge_checks/demo.toml")
    assert "knowledge_checks/demo.toml" in str(caught.value)
    assert "不是合法的 TOML" in str(caught.value)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write_check(tmp_path, "")
    path.write_bytes('title = "客情关系"'.encode("gbk"))
    with pytest.raises(DataError, match="UTF-8"):
        read_toml(path)


def test_duplicate_check_id_is_refused_not_merged(tmp_path: Path) -> None:
    write_check(tmp_path, GOOD.replace('id = "demo"', 'id = "ch01"', 1), "mine.toml")
    data, problems = check_data_dir(tmp_path)
    assert any("已在" in str(p) and "ch01" in str(p) for p in problems)
    # the packaged chapter-1 check is untouched
    assert data.knowledge_checks["ch01"].file is not None
    assert data.knowledge_checks["ch01"].file.name == "ch01.toml"


def test_check_data_collects_every_problem(tmp_path: Path) -> None:
    write_check(tmp_path, GOOD.replace('kind = "single"', 'kind = "x"'), "a.toml")
    write_check(tmp_path, "not toml at all = = =", "b.toml")
    write_check(tmp_path, GOOD.replace('id = "demo"', 'id = "ok-one"', 1), "c.toml")
    data, problems = check_data_dir(tmp_path)
    assert len(problems) == 2
    assert {p.file for p in problems} == {"knowledge_checks/a.toml", "knowledge_checks/b.toml"}
    assert "ok-one" in data.knowledge_checks


def test_missing_instructor_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="找不到这个数据文件夹"):
        load_course_data([tmp_path / "nope"])


def test_unknown_check_id_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="ch01"):
        load_course_data([]).knowledge_check("nope")


def test_a_broken_instructor_file_is_skipped_with_a_warning_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kosguide.core.data_loader import DataWarning, _cached, default_course_data

    write_check(tmp_path, GOOD.replace('id = "demo"', 'id = "extra"', 1), "good.toml")
    write_check(tmp_path, "broken = = =", "bad.toml")
    monkeypatch.setenv("KOSGUIDE_DATA_DIR", str(tmp_path))
    _cached.cache_clear()
    try:
        with pytest.warns(DataWarning, match="knowledge_checks/bad.toml"):
            data = default_course_data()
        assert "extra" in data.knowledge_checks and "ch01" in data.knowledge_checks
    finally:
        _cached.cache_clear()
