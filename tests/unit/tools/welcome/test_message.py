"""The welcome-message builder: build, check required parts, warn on round-the-clock promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kosguide.tools.refusal.review import ReviewInputError
from kosguide.tools.welcome.message import WelcomeFields, build_welcome, check_welcome
from kosguide.tools.welcome.widget import WelcomeBuilderView

EVIL = "<script>alert('x')</script>"
FIELDS = WelcomeFields(name="小王", customer="张总", hours="周一到周五 9:00–18:00",
                       after_hours="公司的二十四小时服务热线", expect="每月初我会发您一份使用小结")


def test_built_message_states_role_hours_and_after_hours_route() -> None:
    message = build_welcome(FIELDS)
    assert message.startswith("张总您好") and "小王" in message and "每月初" in message
    result = check_welcome(message)
    assert result.ok, result


def test_missing_parts_are_named() -> None:
    result = check_welcome("您好，我是小王，很高兴认识您！")
    assert not result.ok
    assert result.present == {"role": False, "hours": False, "after-hours": False}


@pytest.mark.parametrize("phrase", ["有事24小时随时找我", "我随叫随到", "全天候为您服务", "7×24小时找我都行",
                                    "有事隨叫隨到"])
def test_round_the_clock_promises_are_warned(phrase: str) -> None:
    result = check_welcome(f"您好，我是您的专属顾问小王。工作时间周一到周五。{phrase}！")
    assert result.warnings and not result.ok


def test_a_24_hour_hotline_is_fine() -> None:
    result = check_welcome("您好，我是您的专属顾问小王，工作时间周一到周五九点到六点。"
                           "非工作时间的紧急技术问题请拨打公司7×24小时服务热线。")
    assert result.warnings == () and result.ok


def test_bad_input_gets_chinese_messages() -> None:
    with pytest.raises(ReviewInputError):
        check_welcome("")
    with pytest.raises(ReviewInputError, match="太长"):
        build_welcome(WelcomeFields(name="王" * 300))


def test_widget_builds_checks_and_escapes() -> None:
    view = WelcomeBuilderView()
    view.name.value = EVIL
    view.hours.value = "周一到周五"
    view.build_button.click()
    assert "<script>" not in view.feedback.value
    assert "说明非工作时间找谁" in view.feedback.value and "✗" in view.feedback.value
    view.message.value = f"{EVIL} 有事随叫随到"
    view.check_button.click()
    assert "<script>" not in view.feedback.value and "⚠" in view.feedback.value


def test_cli_welcome_check(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text(build_welcome(FIELDS), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kosguide", "welcome", "check", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    bad = subprocess.run([sys.executable, "-m", "kosguide", "welcome", "check", "-", "--json"],
                         capture_output=True, text=True, input="随叫随到")
    assert bad.returncode == 1 and '"ok": false' in bad.stdout
    empty = subprocess.run([sys.executable, "-m", "kosguide", "welcome", "check", "-"],
                           capture_output=True, text=True, input="")
    assert empty.returncode == 2 and "出错了" in empty.stderr
