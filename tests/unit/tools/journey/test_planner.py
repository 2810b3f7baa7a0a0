"""Journey trust planner logic (chapter 2): stage suggestion, dated plans, warnings and Markdown export."""

from __future__ import annotations

from datetime import date

import pytest

from kosguide.tools.journey.planner import (
    PlanInputError,
    build_plan,
    clean_customer,
    load_journey,
    parse_date,
    plan_markdown,
    plan_to_dict,
    suggest_stage,
)

MODEL = load_journey()
TODAY = date(2026, 5, 4)
EVIL = "<script>alert('x')</script>"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-05-06", date(2026, 5, 6)),
    ("2026/5/6", date(2026, 5, 6)),
    ("2026年5月6日", date(2026, 5, 6)),
    ("２０２６－０５－０６", date(2026, 5, 6)),  # full-width digits and dash
    (" 2026-5-6 ", date(2026, 5, 6)),
    (date(2026, 1, 2), date(2026, 1, 2)),
])
def test_parse_date_accepts_common_forms(text: object, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "请填写"),
    (None, "请填写"),
    ("下周一", "看不懂"),
    ("06/05/2026", "看不懂"),
    ("2026-02-30", "不存在"),
    ("2026-13-01", "不存在"),
    ("x" * 500, "……"),
])
def test_parse_date_rejects_with_chinese_message(text: object, fragment: str) -> None:
    with pytest.raises(PlanInputError) as info:
        parse_date(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(("yes", "stage"), [
    (["new-problem"], "awareness"),
    (["new-problem", "no-options-yet"], "awareness"),
    (["problem-clear", "asking-others"], "consideration"),
    (["shortlist", "asking-terms", "problem-clear"], "decision"),
    (["already-bought", "asking-renewal"], "retention"),
    (["already-bought", "asking-renewal", "problem-clear"], "retention"),
])
def test_suggest_stage_picks_the_stage_with_most_yes(yes: list[str], stage: str) -> None:
    result = suggest_stage(MODEL, yes)
    assert result.stage == stage
    assert "提示" in result.message


def test_suggest_stage_reports_ties_and_no_answers() -> None:
    tie = suggest_stage(MODEL, ["already-bought", "problem-clear"])
    assert tie.stage is None and set(tie.tied) == {"consideration", "retention"}
    assert "来回" in tie.message and "考虑阶段" in tie.message and "维系阶段" in tie.message
    none = suggest_stage(MODEL, [])
    assert none.stage is None and "判断不出" in none.message
    with pytest.raises(PlanInputError, match="没有这些诊断问题"):
        suggest_stage(MODEL, ["no-such-question"])


def test_plan_has_due_dates_from_start_and_tactic_days() -> None:
    plan = build_plan(MODEL, "decision", "2026-05-06", today=TODAY, customer="客户 A")
    assert plan.warnings == ()
    by_id = {a.tactic.id: a.due for a in plan.actions}
    assert by_id == {"trial-demo": date(2026, 5, 11), "meet-needs": date(2026, 5, 13), "security": date(2026, 5, 13)}
    assert [a.due for a in plan.actions] == sorted(a.due for a in plan.actions)
    assert plan.end == date(2026, 5, 13) and plan.customer == "客户 A"
    assert [f.id for f in plan.gaps] == [f.id for f in MODEL.factors]  # nothing ticked yet


def test_plan_with_chosen_tactics_checks_and_due_override() -> None:
    plan = build_plan(MODEL, "retention", date(2026, 5, 6), tactic_ids=["extra-value", "keep-promises"],
                      factor_checks={"authenticity": True, "privacy": False}, today=TODAY,
                      due={"extra-value": "2026-05-08"})
    # sorted by due date: the override (05-08) comes before keep-promises (05-06 + 3 days)
    assert [(a.tactic.id, a.due) for a in plan.actions] == [("extra-value", date(2026, 5, 8)),
                                                            ("keep-promises", date(2026, 5, 9))]
    assert [f.id for f in plan.gaps] == ["endorsement", "values", "privacy"]


def test_dates_in_the_past_warn_in_chinese_but_keep_the_plan() -> None:
    plan = build_plan(MODEL, "awareness", "2026-04-20", today=TODAY)
    assert len(plan.actions) == 3  # nothing lost
    assert any("早于今天" in w and "2026-04-20" in w for w in plan.warnings)
    past = [a for a in plan.actions if a.past]
    assert [a.tactic.id for a in past] == ["brand-image", "true-story"]  # 04-27, 04-30 past; 05-04 is today
    assert any("已经过去" in w for w in plan.warnings)
    assert "（日期已过）" in plan_markdown(plan)


def test_due_before_start_is_flagged() -> None:
    plan = build_plan(MODEL, "decision", "2026-06-01", tactic_ids=["trial-demo"], today=TODAY,
                      due={"trial-demo": "2026-05-20"})
    assert any("早于开始日期" in w for w in plan.warnings)


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"stage_id": "nowhere"}, "没有编号为「nowhere」的阶段"),
    ({"tactic_ids": []}, "请至少选一个"),
    ({"tactic_ids": ["trial-demo", "keep-promises"]}, "不是决策阶段的做法"),
    ({"start": "明天"}, "看不懂"),
    ({"customer": "客" * 41}, "最多 40 个字"),
    ({"factor_checks": {"luck": True}}, "没有这些信任因素"),
    ({"due": {"security": "2026-05-10"}, "tactic_ids": ["trial-demo"]}, "没有选中的做法"),
    ({"due": {"trial-demo": "someday"}, "tactic_ids": ["trial-demo"]}, "完成日期"),
])
def test_bad_plan_input_raises_chinese_error(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"stage_id": "decision", "start": "2026-05-06", "today": TODAY}
    args.update(kwargs)
    with pytest.raises(PlanInputError) as info:
        build_plan(MODEL, **args)  # type: ignore[arg-type]
    assert fragment in str(info.value)


def test_markdown_export_escapes_and_lists_everything() -> None:
    plan = build_plan(MODEL, "consideration", "2026-05-06", customer=EVIL, today=TODAY,
                      factor_checks={"endorsement": True})
    text = plan_markdown(plan)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "考虑阶段（课程命名）" in text
    assert text.count("- [ ] 2026-") == 3
    assert "- [x] 第三方背书" in text and text.count("- [ ] ") == 3 + 3
    assert "## 提醒" not in text


def test_markdown_names_the_source_stage_without_mark() -> None:
    text = plan_markdown(build_plan(MODEL, "decision", "2026-05-06", today=TODAY))
    assert "决策阶段\n" in text and "（课程命名）" not in text
    assert "（未命名客户）" in text


def test_plan_to_dict_is_json_ready() -> None:
    import json

    data = plan_to_dict(build_plan(MODEL, "retention", "2026-05-01", today=TODAY))
    assert json.loads(json.dumps(data, ensure_ascii=False))["stage_name"] == "维系阶段"
    assert data["stage_name_from_source"] is False and data["warnings"]


def test_clean_customer_collapses_spaces() -> None:
    assert clean_customer("  客户   A \n") == "客户 A"
    assert clean_customer(None) == ""
