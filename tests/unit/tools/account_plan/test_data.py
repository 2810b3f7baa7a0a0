"""The account plan's course data: section texts and the chapter 8 case, validated like every kind."""

from __future__ import annotations

import tomllib

import pytest

from kosguide.core.data_loader import DataError, load_course_data, packaged_data_dir
from kosguide.tools.account_plan.data import PlanTexts, WorkedCase, parse_account_plan
from kosguide.tools.account_plan.plan import load_facts_sample, plan_from_facts

FOLDER = packaged_data_dir() / "account_plan"


def doc(name: str) -> dict:
    return tomllib.loads((FOLDER / name).read_text(encoding="utf-8"))


def test_packaged_texts_and_case_load() -> None:
    data = load_course_data([])
    assert isinstance(data.get("account_plan", "plan-texts"), PlanTexts)
    case = data.get("account_plan", "case-l")
    assert isinstance(case, WorkedCase) and case.customer == "客户 L"
    assert set(data.of(WorkedCase)) == {"case-l"}


def test_the_case_from_data_builds_a_complete_plan() -> None:
    plan = plan_from_facts(load_facts_sample())
    assert plan.customer == "客户 L" and not plan.problems


def test_a_missing_section_title_names_file_item_and_field() -> None:
    bad = doc("texts.toml")
    del bad["sections"]["risks"]
    with pytest.raises(DataError) as err:
        parse_account_plan(bad, "account_plan/texts.toml")
    assert (err.value.file, err.value.field_name) == ("account_plan/texts.toml", "risks")
    assert "缺少" in str(err.value)


def test_a_misspelt_case_field_is_refused_in_chinese() -> None:
    bad = doc("case-l.toml")
    bad["renewal"]["unitt"] = "单"
    with pytest.raises(DataError, match="未知字段 unitt"):
        parse_account_plan(bad, "account_plan/case-l.toml")


def test_an_answer_out_of_range_is_refused() -> None:
    bad = doc("case-l.toml")
    bad["personality"]["answers"]["a-cautious"] = 5
    with pytest.raises(DataError, match="-2 到 2"):
        parse_account_plan(bad, "account_plan/case-l.toml")


def test_an_unknown_kind_of_file_is_refused() -> None:
    with pytest.raises(DataError, match="看不出这是哪种文件"):
        parse_account_plan({"id": "x"}, "account_plan/x.toml")


def test_a_risk_sentence_with_an_unknown_placeholder_is_refused() -> None:
    bad = doc("texts.toml")
    bad["risks"]["overdue"] = "有 {owned} 条承诺已经逾期。"
    with pytest.raises(DataError, match="未知的占位符 owned") as err:
        parse_account_plan(bad, "account_plan/texts.toml")
    assert err.value.field_name == "overdue"
