"""The renewal calculator widget (driven without a kernel) and the ``kosguide renewal`` command."""

from __future__ import annotations

import json
import subprocess
import sys

from kosguide.tools.renewal.widget import RenewalCalculatorView, show_renewal_calculator

EVIL = "<script>alert('x')</script>"


def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def test_calculate_shows_numbers_verdict_and_chart() -> None:
    view = RenewalCalculatorView()
    assert "你的假设" in view.rule.value and "不代表" in view.widget.children[1].value
    view.results.value = "12, 15, 9"
    view.current.value = "7"
    view.button.click()
    assert "计算完成" in view.status.value
    assert "8.1 单" in view.output.value and "13.2 单" in view.output.value and "低于底线" in view.output.value
    assert "<svg" in view.chart.value and 'class="current"' in view.chart.value


def test_changing_margins_updates_the_rule_and_result() -> None:
    view = RenewalCalculatorView()
    view.floor_margin.value = 20
    assert "20%" in view.rule.value
    view.results.value = "10\n20"
    view.button.click()
    assert "8 单" in view.output.value


def test_non_numeric_results_give_chinese_message_and_keep_input_and_last_result() -> None:
    view = RenewalCalculatorView()
    view.results.value = "12 15 9"
    view.button.click()
    good = view.output.value
    view.results.value = "12, 十五, 9"
    view.button.click()
    assert "「十五」不是数字" in view.status.value and "都还在" in view.status.value
    assert view.results.value == "12, 十五, 9" and view.output.value == good
    view.results.value = ""
    view.button.click()
    assert "还没有输入" in view.status.value


def test_new_and_churned_customers_get_the_baseline_explanation() -> None:
    view = RenewalCalculatorView()
    view.group.value = "new"
    view.button.click()
    assert "同行" in view.output.value and view.chart.value == ""
    view.group.value = "churned"
    view.button.click()
    assert "断约客户" in view.output.value


def test_learner_text_is_escaped() -> None:
    view = RenewalCalculatorView()
    view.results.value = "5 6"
    view.unit.value = EVIL
    view.customer.value = EVIL
    view.button.click()
    shown = view.output.value + view.chart.value
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    view.results.value = EVIL
    view.button.click()
    assert "<script>" not in view.status.value


def test_show_renewal_calculator_returns_a_widget() -> None:
    assert len(show_renewal_calculator().children) > 8


def test_cli_calc_text_and_json() -> None:
    result = kosguide("renewal", "calc", "12", "15", "9", "--current", "11")
    assert result.returncode == 0, result.stderr
    assert "底线：8.1" in result.stdout and "满意线：13.2" in result.stdout and "在底线和满意线之间" in result.stdout
    data = json.loads(kosguide("renewal", "calc", "12,15,9", "--current", "11", "--json").stdout)
    assert data["position"] == "between" and data["floor"] == 8.1 and data["satisfaction"] == 13.2
    assert "不代表" in data["caveat"]
    custom = json.loads(kosguide("renewal", "calc", "10", "20", "--floor-margin", "20", "--json").stdout)
    assert custom["floor"] == 8 and custom["position"] is None


def test_cli_below_floor_is_exit_1() -> None:
    result = kosguide("renewal", "calc", "12", "15", "9", "--current", "7")
    assert result.returncode == 1 and "低于底线" in result.stdout


def test_cli_bad_input_exit_2_in_chinese() -> None:
    for args, fragment in ((["12", "abc"], "不是数字"), (["12", "-3"], "负数"), ([], "还没有输入"),
                           (["12", "--current", "x"], "本期结果"), (["1", "--floor-margin", "80"], "0% 到 50%")):
        result = kosguide("renewal", "calc", *args)
        assert result.returncode == 2, args
        assert fragment in result.stderr, (args, result.stderr)


def test_cli_new_customer_explains_instead_of_computing() -> None:
    result = kosguide("renewal", "calc", "--group", "new")
    assert result.returncode == 0 and "同行" in result.stdout
