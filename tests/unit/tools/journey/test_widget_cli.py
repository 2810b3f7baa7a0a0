"""The journey planner widget (driven without a kernel) and the ``kosguide journey`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from kosguide.tools.journey.widget import JourneyPlannerView, show_journey_planner

EVIL = "<script>alert('x')</script>"
TODAY = date(2026, 5, 4)


def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def test_questions_suggest_a_stage_and_switch_the_tactics() -> None:
    view = JourneyPlannerView(today=TODAY)
    assert set(view.tactic_boxes) == {"brand-image", "true-story", "offer-solution"}
    view.signal_boxes["shortlist"].value = True
    view.signal_boxes["asking-terms"].value = True
    view.suggest_button.click()
    assert "决策阶段" in view.suggestion.value
    assert view.stage.value == "decision"
    assert set(view.tactic_boxes) == {"trial-demo", "meet-needs", "security"}
    assert "课程起的" not in view.stage_info.value  # decision is the source's own name
    view.stage.value = "awareness"
    assert "课程起的" in view.stage_info.value


def test_generating_a_plan_shows_dates_checklist_and_markdown() -> None:
    view = JourneyPlannerView(today=TODAY)
    view.stage.value = "retention"
    view.tactic_boxes["extra-value"].value = False
    view.factor_boxes["authenticity"].value = True
    view.customer.value = EVIL
    view.start.value = "2026-05-06"
    view.plan_button.click()
    assert "计划已生成" in view.status.value
    html = view.output.value
    assert "2026-05-09" in html and "2026-05-20" in html and "提供产品之外的价值" not in html
    assert "☑ <b>真实性</b>" in html and "还没勾选" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "# 信任计划" in view.markdown.value and "<script>" not in view.markdown.value


def test_past_start_date_warns_and_keeps_everything() -> None:
    view = JourneyPlannerView(today=TODAY)
    view.start.value = "2026-04-01"
    view.plan_button.click()
    assert "需要注意的日期" in view.status.value
    assert "早于今天" in view.output.value and view.plan is not None


def test_bad_input_shows_chinese_message_and_loses_nothing() -> None:
    view = JourneyPlannerView(today=TODAY)
    view.start.value = "2026-05-06"
    view.plan_button.click()
    first = view.output.value
    view.start.value = "下周一"
    view.customer.value = "客户 A"
    view.plan_button.click()
    assert "看不懂" in view.status.value
    assert view.start.value == "下周一" and view.customer.value == "客户 A"
    assert view.output.value == first  # the last good plan is still shown
    for box in view.tactic_boxes.values():
        box.value = False
    view.start.value = "2026-05-06"
    view.plan_button.click()
    assert "请至少选一个" in view.status.value


def test_show_journey_planner_returns_a_widget() -> None:
    widget = show_journey_planner()
    assert len(widget.children) > 10


def test_cli_plan_markdown_and_json() -> None:
    result = kosguide("journey", "plan", "--stage", "decision", "--start", "2099-01-01", "--customer", "客户A")
    assert result.returncode == 0, result.stderr
    assert "# 信任计划：客户A" in result.stdout and "2099-01-06" in result.stdout
    as_json = json.loads(kosguide("journey", "plan", "--stage", "retention", "--start", "2099-01-01",
                                  "--tactics", "keep-promises", "--checked", "privacy", "--json").stdout)
    assert [a["due"] for a in as_json["actions"]] == ["2099-01-04"]
    assert as_json["gaps"] == ["authenticity", "endorsement", "values"]


def test_cli_past_date_exit_1_with_warning() -> None:
    result = kosguide("journey", "plan", "--stage", "awareness", "--start", "2026-04-01", "--today", "2026-05-04")
    assert result.returncode == 1
    assert "早于今天" in result.stderr and "# 信任计划" in result.stdout


def test_cli_bad_input_exit_2_in_chinese() -> None:
    bad_date = kosguide("journey", "plan", "--stage", "decision", "--start", "明天")
    assert bad_date.returncode == 2 and "看不懂" in bad_date.stderr
    bad_stage = kosguide("journey", "plan", "--stage", "maybe", "--start", "2099-01-01")
    assert bad_stage.returncode == 2 and "没有编号为「maybe」的阶段" in bad_stage.stderr


def test_cli_stages_and_suggest() -> None:
    listing = kosguide("journey", "stages")
    assert listing.returncode == 0 and "决策阶段" in listing.stdout and "认知阶段（课程命名）" in listing.stdout
    suggested = json.loads(kosguide("journey", "suggest", "--yes", "shortlist,asking-terms", "--json").stdout)
    assert suggested["stage"] == "decision"
    assert kosguide("journey", "suggest").returncode == 1
    assert kosguide("journey", "suggest", "--yes", "nope").returncode == 2
