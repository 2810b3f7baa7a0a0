"""The one-page account plan: assembled from the real tools, every part optional, escaped, printable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.core.data_loader import default_course_data
from kosguide.core.storage import MAX_BYTES, StorageError, save_text
from kosguide.tools.account_plan.plan import (
    CASE_ANSWERS,
    CASE_PROFILE,
    CASE_REFUSAL,
    CASE_WELCOME,
    MISSING,
    AccountPlan,
    PlanFactsError,
    account_plan_fragment,
    account_plan_html,
    account_plan_markdown,
    build_account_plan,
    load_facts_sample,
    parse_promise_lines,
    plan_from_facts,
    plan_risks,
    save_plan,
)
from kosguide.tools.account_plan.widget import AccountPlanBuilderView, show_account_plan_builder
from kosguide.tools.journey.planner import build_plan, load_journey
from kosguide.tools.ledger.ledger import PromiseLedger
from kosguide.tools.personality.scoring import load_quiz, save_result, score
from kosguide.tools.profile.profile import assess, new_profile, save_profile
from kosguide.tools.renewal.calculator import calculate

TODAY = date(2027, 1, 11)
EVIL = "<script>alert('x')</script>"


def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def case_plan() -> AccountPlan:
    """The chapter 8 case built directly from each tool's own result object."""
    data = default_course_data()
    bank, types = load_quiz(data)
    ledger = PromiseLedger(data.get("expectation", "default").ledger)
    ledger.add("客户 L", "发送全年询盘与成交小结", "2026-12-31", "document", today=date(2026, 12, 1))
    ledger.add("客户L", "答复彩盒类目推广费用的问题", "2027-01-08", "callback", today=date(2027, 1, 5))
    ledger.add("客户 M", "别的客户的承诺", "2027-01-20", today=date(2027, 1, 5))
    ledger.mark_kept("P001", "2026-12-30", today=TODAY)
    return build_account_plan(
        "客户 L", today=TODAY,
        profile=new_profile("客户 L", CASE_PROFILE),
        personality=score(bank, types, CASE_ANSWERS, "customer", "客户 L"),
        journey=build_plan(load_journey(data), "retention", "2027-01-12", customer="客户 L", today=TODAY,
                           factor_checks={"authenticity": True}),
        ledger=ledger,
        renewal=calculate("4, 6, 5, 7, 5, 6", "4", unit="单"), renewal_unit="单",
        welcome=CASE_WELCOME, refusal=CASE_REFUSAL, refusal_request="续费要朋友价",
        risks=["外贸业务主管可能升任副总"],
    )


# --------------------------------------------------------------------------- assembling
def test_plan_from_real_tool_results_has_every_part() -> None:
    plan = case_plan()
    assert plan.profile is not None and plan.profile.stage is not None and plan.profile.stage.id == "friend"
    assert plan.personality is not None and plan.personality.type_ids == ("perfect",)
    assert plan.journey is not None and plan.journey.stage.id == "retention"
    assert plan.promises is not None
    assert plan.promises.others == 1  # 客户 M's promise is not this customer's
    assert plan.promises.promises[0].what == "答复彩盒类目推广费用的问题"  # overdue first
    assert plan.promises.stats.rate == 0.5
    assert plan.welcome is not None and plan.welcome.check.ok
    assert plan.refusal is not None and plan.refusal.review.good
    assert plan.renewal is not None and plan.renewal.expectation.position == "between"
    assert plan.review_date == date(2027, 2, 10) and not plan.review_date_given
    md = account_plan_markdown(plan)
    for text in ("# 客户经营计划：客户 L", "“朋友”阶段", "完美型", "给出详细的资料和分析", "维系阶段（课程命名）",
                 "- [ ] 2027-01-15", "按时兑现率 50%", "⚠ 2027-01-08 答复彩盒类目推广费用的问题",
                 "底线 3.6 单，满意线 6.05 单", "在底线和满意线之间", "欢迎语（已通过检查）", "已通过检查的拒绝话术",
                 "外贸业务主管可能升任副总", "下次复盘：2027-02-10（默认：30 天后）"):
        assert text in md, text
    assert "别的客户的承诺" not in md
    # the profile's content never reaches the page: only the stage and next actions
    assert CASE_PROFILE["personnel_changes"] not in md and CASE_PROFILE["pain_points"] not in md


def test_facts_sample_runs_every_tool_without_problems() -> None:
    plan = plan_from_facts(load_facts_sample())
    assert plan.problems == {}
    assert all(getattr(plan, k) is not None
               for k in ("profile", "personality", "journey", "promises", "renewal", "welcome", "refusal"))
    assert plan.promises is not None and plan.promises.stats.rate == pytest.approx(0.6)
    assert plan.review_date == date(2027, 2, 8) and plan.review_date_given


def test_every_missing_part_says_what_to_do() -> None:
    plan = build_account_plan("客户 Z", today=TODAY)
    md = account_plan_markdown(plan)
    html = account_plan_html(plan)
    for message in MISSING.values():
        assert message in md
        assert message in html
    assert "暂时没有发现明显的风险" in md


@pytest.mark.parametrize(("part", "bad", "expected"), [
    ("profile", {"no_such_field": "x"}, "没有名为「no_such_field」的画像字段"),
    ("personality", {"answers": {"a-decide-slow": 7}}, "无效"),
    ("personality", {"types": ["gentle"]}, "性格类型只能从"),
    ("journey", {"stage": "nowhere", "start": "2027-01-12"}, "nowhere"),
    ("journey", {"stage": "retention", "start": "2027-13-40"}, "不存在"),
    ("promises", [{"what": "发资料", "due": "下周"}], "看不懂"),
    ("promises", [{"what": "发资料", "due": "2027-01-01", "status": "差不多"}], "不认识"),
    ("promises", "只有一列", "截止日期｜内容"),
    ("renewal", {"results": "四， 五"}, "不是数字"),
    ("renewal", {"results": "4, 5", "floor_margin": 0.9}, "底线幅度"),
    ("welcome", "\u200b\u200b", "内容是空的"),
    ("refusal", {"request": "朋友价", "message": ""}, "拒绝话术"),
    ("refusal", {"message": "好" * 5000}, "太长"),
])
def test_a_wrong_section_is_reported_in_place_and_the_rest_is_kept(part: str, bad: object, expected: str) -> None:
    facts = load_facts_sample()
    facts[part] = bad
    plan = plan_from_facts(facts)
    assert expected in plan.problems[part], plan.problems
    assert getattr(plan, part) is None
    kept = [k for k in ("profile", "personality", "journey", "promises", "renewal", "welcome", "refusal") if k != part]
    assert all(getattr(plan, k) is not None for k in kept)
    md = account_plan_markdown(plan)
    assert "填写的内容没能用上" in md and MISSING[part] in md


@pytest.mark.parametrize(("facts", "expected"), [
    ({}, "代号"),
    ({"customer": "   "}, "代号"),
    ({"customer": "客" * 41}, "太长"),
    ({"customer": "客户 L", "colour": "red"}, "不认识这些字段"),
    ([1, 2], "JSON 对象"),
])
def test_unusable_facts_raise_a_chinese_error(facts: object, expected: str) -> None:
    with pytest.raises(PlanFactsError, match=expected):
        plan_from_facts(facts)


def test_personality_manual_and_undecided() -> None:
    between = plan_from_facts({"customer": "客户 L", "personality": {"types": ["perfect", "peaceful"],
                                                                     "basis": "说话慢、要资料"}})
    md = account_plan_markdown(between)
    assert "介于完美型和和平型之间" in md and "依据：说话慢、要资料" in md
    few = plan_from_facts({"customer": "客户 L", "personality": {"answers": {"a-decide-slow": 2}}})
    assert few.personality is not None and few.personality.status == "insufficient"
    assert any("看不准" in r for r in plan_risks(few))


def test_risks_follow_the_tools_results() -> None:
    facts = load_facts_sample()
    facts["renewal"] = {"results": "4, 6, 5", "current": "2", "unit": "单"}
    facts["refusal"] = {"message": "价格是公司定的，我没办法。"}
    facts["welcome"] = "您好，有事 24 小时随时找我！"
    risks = plan_risks(plan_from_facts(facts))
    assert risks[0].startswith("本期结果低于客户的底线")
    assert any("拒绝话术还没通过检查" in r for r in risks)
    assert any("欢迎语还没说清边界" in r for r in risks)


def test_review_date_in_the_past_falls_back_to_the_default() -> None:
    plan = plan_from_facts({"customer": "客户 L", "today": "2027-01-11", "review_date": "2026-01-01"})
    assert plan.review_date == date(2027, 2, 10)
    assert "早于计划日期" in plan.problems["risks"]


def test_promise_lines_parse_bars_of_both_widths() -> None:
    rows = parse_promise_lines("2027-01-15｜发送模板，附说明｜进行中\n\n2026-12-31|发小结|按时兑现|2026-12-30")
    assert rows == [{"due": "2027-01-15", "what": "发送模板，附说明", "status": "进行中"},
                    {"due": "2026-12-31", "what": "发小结", "status": "按时兑现", "done": "2026-12-30"}]


# ------------------------------------------------------------------------------- HTML
def test_html_is_self_contained_and_print_ready_on_a4() -> None:
    html = account_plan_html(case_plan())
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "@page { size: A4; margin: 15mm }" in html
    assert '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif' in html
    assert "break-inside:avoid" in html
    for external in ("http://", "https://", "<link", "<script", "@import", "url("):
        assert external not in html
    assert html.count("<section") == 7


text_with_markup = st.text(min_size=1, max_size=40).map(lambda s: s + EVIL)


@settings(max_examples=40, deadline=None)
@given(code=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20),
       basis=text_with_markup, risk=text_with_markup, request=text_with_markup, unit=st.just("<b>单</b>"))
def test_every_learner_string_is_escaped(code: str, basis: str, risk: str, request: str, unit: str) -> None:
    customer = (code.strip() or "客户") + "<i>"
    plan = plan_from_facts({
        "customer": customer, "today": "2027-01-11",
        "personality": {"types": ["perfect"], "basis": basis[:300]},
        "risks": [risk[:300]],
        "refusal": {"request": request[:300], "message": CASE_REFUSAL + EVIL},
        "welcome": CASE_WELCOME + EVIL,
        "renewal": {"results": "4, 5", "current": "4", "unit": unit},
        "promises": [{"what": EVIL, "due": "2027-01-20"}],
    })
    for rendered in (account_plan_html(plan), account_plan_fragment(plan), account_plan_markdown(plan)):
        assert "<script" not in rendered and "<i>" not in rendered and "<b>单" not in rendered
        assert "&lt;script&gt;" in rendered


# --------------------------------------------------------------------------- save_text
def test_save_text_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "sub" / "plan.md"
    assert save_text(target, "第一版\n") == target
    assert target.read_text(encoding="utf-8") == "第一版\n"

    def broken_replace(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="原来的文件没有被改动"):
        save_text(target, "第二版\n")
    assert target.read_text(encoding="utf-8") == "第一版\n"
    assert [p.name for p in target.parent.iterdir()] == ["plan.md"]  # no temporary file left behind


def test_save_text_size_limit_and_bad_text(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="超过上限"):
        save_text(tmp_path / "big.md", "字" * (MAX_BYTES // 3 + 1))
    with pytest.raises(StorageError, match="超过上限 10 字节"):
        save_text(tmp_path / "small.md", "一二三四", max_bytes=10)
    with pytest.raises(StorageError, match="UTF-8"):
        save_text(tmp_path / "s.md", "坏\ud800")
    with pytest.raises(StorageError, match="应是文字"):
        save_text(tmp_path / "n.md", 42)  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root can write anywhere")
def test_save_text_unwritable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="请检查文件夹是否存在、是否可写"):
            save_text(folder / "plan.html", "x")
    finally:
        folder.chmod(0o700)


def test_save_text_where_a_file_blocks_the_folder(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(StorageError, match="无法保存到"):
        save_text(tmp_path / "blocker" / "plan.html", "x")


def test_save_plan_writes_both_formats(tmp_path: Path) -> None:
    plan = case_plan()
    html = save_plan(plan, tmp_path / "p.html", "html")
    md = save_plan(plan, tmp_path / "p.md", "md")
    assert html.read_text(encoding="utf-8") == account_plan_html(plan)
    assert md.read_text(encoding="utf-8") == account_plan_markdown(plan)
    with pytest.raises(StorageError, match="只能保存为 html 或 md"):
        save_plan(plan, tmp_path / "p.pdf", "pdf")


# ------------------------------------------------------------------------------ widget
def test_widget_builds_from_the_form_and_escapes(tmp_path: Path) -> None:
    view = AccountPlanBuilderView(today=TODAY, out_folder=tmp_path, profiles_folder=tmp_path / "none",
                                  results_path=tmp_path / "r.kosguide.json", ledger_path=tmp_path / "l.kosguide.json")
    view.build_button.click()
    assert "代号" in view.status.value and view.preview.value == ""
    view.customer.value = "客户 L " + EVIL
    view.today.value = "2027-01-11"
    view.journey_stage.value = "retention"
    view.journey_start.value = "2027-01-12"
    view.trust_boxes["authenticity"].value = True
    view.renewal_results.value = "4, 6, 5, 7, 5, 6"
    view.renewal_current.value = "4"
    view.promises.value = "2027-01-08｜答复推广费用的问题｜进行中"
    view.welcome.value = CASE_WELCOME
    view.refusal_request.value = "续费要朋友价"
    view.refusal.value = CASE_REFUSAL
    view.personality_type.value = "perfect"
    view.risks.value = "主管可能升职\n" + EVIL
    view.build_button.click()
    assert "客户经营计划已生成" in view.status.value
    assert "<script" not in view.preview.value and "&lt;script&gt;" in view.preview.value
    assert "底线 3.6 单" in view.preview.value and "维系阶段" in view.preview.value
    assert "完美型" in view.markdown.value and MISSING["profile"] in view.markdown.value
    view.html_button.click()
    saved = list(tmp_path.glob("account-plan-*.html"))
    assert len(saved) == 1 and "已保存到本机文件" in view.status.value and str(saved[0].name) in view.status.value
    view.md_button.click()
    assert len(list(tmp_path.glob("account-plan-*.md"))) == 1
    view.facts_button.click()
    facts = json.loads((tmp_path / "account-plan.kosguide.json").read_text(encoding="utf-8"))
    assert facts["journey"]["stage"] == "retention"


def test_widget_reports_a_bad_section_and_keeps_the_form(tmp_path: Path) -> None:
    view = AccountPlanBuilderView(today=TODAY, out_folder=tmp_path, profiles_folder=tmp_path)
    view.customer.value = "客户 L"
    view.renewal_results.value = "四， 五"
    view.build_button.click()
    assert "1 处填写的内容没能用上" in view.status.value
    assert "不是数字" in view.preview.value
    assert view.renewal_results.value == "四， 五"


def test_widget_fills_sections_from_the_tools_saved_files(tmp_path: Path) -> None:
    data = default_course_data()
    bank, types = load_quiz(data)
    save_profile(new_profile("客户 L", CASE_PROFILE), tmp_path / "profiles")
    save_result(score(bank, types, CASE_ANSWERS, "customer", "客户 L"), tmp_path / "results.kosguide.json")
    ledger = PromiseLedger(data.get("expectation", "default").ledger)
    ledger.add("客户 L", "发送询盘回复模板", "2027-01-15", today=TODAY)
    ledger.save(tmp_path / "promises.kosguide.json")
    view = AccountPlanBuilderView(today=TODAY, out_folder=tmp_path, profiles_folder=tmp_path / "profiles",
                                  results_path=tmp_path / "results.kosguide.json",
                                  ledger_path=tmp_path / "promises.kosguide.json")
    view.profile_saved.value = view.profile_saved.options[1][1]
    view.profile_button.click()
    assert view.customer.value == "客户 L" and view.profile_fields["contact_role"].value.startswith("总经理")
    assert "已读入“客户 L”的画像" in view.profile_note.value
    view.personality_button.click()
    assert view.personality_type.value == "perfect"
    view.ledger_button.click()
    assert "读入 1 条承诺" in view.status.value
    plan = view.build()
    assert plan is not None and plan.profile is not None and plan.profile.stage is not None
    assert plan.profile.stage.id == "friend"  # the hidden deep fields count, though not shown in the form
    assert plan.personality is not None and plan.personality.style is not None  # the saved scores, not a guess
    assert plan.promises is not None and plan.promises.stats.total == 1
    assert CASE_PROFILE["personnel_changes"] not in view.preview.value


def test_widget_load_buttons_with_nothing_saved_explain(tmp_path: Path) -> None:
    view = AccountPlanBuilderView(today=TODAY, profiles_folder=tmp_path / "p", results_path=tmp_path / "r.json",
                                  ledger_path=tmp_path / "l.kosguide.json")
    view.profile_button.click()
    assert "还没有画像" in view.status.value
    view.personality_button.click()
    assert "观察客户" in view.status.value
    (tmp_path / "l.kosguide.json").write_text("{not json", encoding="utf-8")
    view.ledger_button.click()
    assert "原文件已原样保留" in view.status.value


def test_show_account_plan_builder_returns_a_widget() -> None:
    assert show_account_plan_builder().children


# --------------------------------------------------------------------------------- CLI
def test_cli_build_writes_html_and_markdown(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(load_facts_sample(), ensure_ascii=False), encoding="utf-8")
    done = kosguide("plan", "build", str(facts), "--html", str(tmp_path / "p.html"), "--md", str(tmp_path / "p.md"))
    assert done.returncode == 0, done.stderr
    assert "已保存" in done.stdout
    assert "@page { size: A4; margin: 15mm }" in (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "# 客户经营计划：客户 L" in (tmp_path / "p.md").read_text(encoding="utf-8")
    printed = kosguide("plan", "build", str(facts))
    assert printed.returncode == 0 and "## 期望与续约" in printed.stdout
    as_json = json.loads(kosguide("plan", "build", str(facts), "--json").stdout)
    assert as_json["stage"] == "friend" and as_json["types"] == ["perfect"] and as_json["problems"] == {}


def test_cli_exit_codes_and_chinese_messages(tmp_path: Path) -> None:
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps({"customer": "客户 L", "renewal": {"results": "四"}}, ensure_ascii=False),
                       encoding="utf-8")
    done = kosguide("plan", "build", str(partial))
    assert done.returncode == 1 and "不是数字" in done.stderr and "## 期望与续约" in done.stdout
    nameless = tmp_path / "nameless.json"
    nameless.write_text("{}", encoding="utf-8")
    assert kosguide("plan", "build", str(nameless)).returncode == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    done = kosguide("plan", "build", str(broken))
    assert done.returncode == 2 and "原文件已原样保留" in done.stderr
    missing = kosguide("plan", "build", str(tmp_path / "nothing.json"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    helped = kosguide("plan", "build", "--help")
    assert helped.returncode == 0 and "客户代号（必填）" in helped.stdout and "退出码" in helped.stdout


def test_cli_unwritable_output_is_exit_2(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"customer": "客户 L"}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "blocker").write_text("x")
    done = kosguide("plan", "build", str(facts), "--html", str(tmp_path / "blocker" / "p.html"))
    assert done.returncode == 2 and "无法保存到" in done.stderr


def test_assessment_object_is_accepted_as_is() -> None:
    assessment = assess(new_profile("客户 L", {"company_code": "纸箱厂 L", "contact_role": "采购"}))
    plan = build_account_plan("客户 L", today=TODAY, profile=assessment)
    assert "画像信息还不足以支撑“医生”阶段" in account_plan_markdown(plan)
    assert any("画像还很浅" in r for r in plan_risks(plan))
