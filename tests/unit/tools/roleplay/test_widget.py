"""The chat widget driven directly through its ipywidgets objects (no kernel)."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w
import pytest

from kosguide.tools.roleplay.widget import RoleplayWidget


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The widget records endings in the current folder: keep that out of the repository."""
    monkeypatch.chdir(tmp_path)
    return tmp_path

STRONG = [
    "冯总，蛋糕要是坏了损失不小，您急我明白。晚上的故障是值班工程师负责，他们有配件，到得比我快；"
    "我这就帮您打热线报修，十分钟内把工单号发给您。",
    "您担心损失很正常。按合同规定，损失得由售后按保修条款来核定，我个人没有权限直接答应赔多少；"
    "明天上午十点前我把条款和申请表发您，陪您一起提交。",
    "我是您的专属客户经理，工作时间是周一到周五 9:00–18:00。下班后遇到紧急故障，"
    "请直接打公司二十四小时维修热线，值班工程师会最快上门，第二天我再跟进。",
]


def send(view: RoleplayWidget, text: str) -> None:
    view.reply.value = text
    view.send_button.click()


def test_offers_only_the_chapters_scenarios_and_opens_with_the_customer() -> None:
    view = RoleplayWidget(chapter="ch07")
    assert isinstance(view, w.VBox)
    assert all(value.startswith("ch07-") for _, value in view.picker.options) and len(view.picker.options) >= 3
    assert view.chat.value.count("kos-rp-customer") == 1 and "kos-rp-me" not in view.chat.value
    assert isinstance(view.reply, w.Textarea) and view.send_button.description == "发送"


def test_a_strong_conversation_ends_well_with_a_debrief_replay_and_transcript() -> None:
    view = RoleplayWidget(chapter="ch07", scenario="ch07-late-night-fault")
    for text in STRONG:
        send(view, text)
    assert view.session.finished and view.session.ending.kind == "good"
    assert view.chat.value.count("kos-rp-me") == 3
    assert "结局：圆满" in view.debrief.value and "更有力的回复会" in view.debrief.value
    assert "示范对话" in view.debrief.value and "✓" in view.debrief.value
    assert view.input_row.layout.display == "none" and view.end_row.layout.display == "flex"
    # the conversation and its debrief stay on screen when the input row is hidden
    assert view.chat.layout.display != "none" and view.debrief.layout.display != "none"
    assert view.results["ch07-late-night-fault"] == {"ending": "good", "failed": []}
    saved = json.loads(Path("roleplay-practice.kosguide.json").read_text(encoding="utf-8"))
    assert saved["attempts"] == [{"scenario": "ch07-late-night-fault", "ending": "good", "failed": []}]
    assert "已记录到本机文件" in view.status.value
    view.copy_button.click()
    assert view.transcript.layout.display == "flex" and "我：" + STRONG[0] in view.transcript.value
    view.replay_button.click()
    assert view.session.turns == [] and view.debrief.value == "" and view.input_row.layout.display == "flex"


def test_bad_input_keeps_the_text_and_shows_a_prompt() -> None:
    view = RoleplayWidget(scenario="ch02-shortlist")
    assert view.picker.value == "ch02-shortlist"
    send(view, "😀😀")
    assert "只发表情或符号" in view.status.value and view.reply.value == "😀😀" and view.session.turns == []
    send(view, "x" * 5000)
    assert "超过了" in view.status.value and len(view.reply.value) == 5000


def test_everything_the_learner_typed_is_escaped() -> None:
    view = RoleplayWidget(scenario="ch07-late-night-fault")
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    send(view, evil)
    html = view.chat.value + view.debrief.value
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_picking_another_scenario_starts_it() -> None:
    view = RoleplayWidget(chapter="ch06")
    send(view, "你好")
    other = next(v for _, v in view.picker.options if v != view.picker.value)
    view.picker.value = other
    assert view.session.scenario.id == other and view.session.turns == []


def test_chapter_without_scenarios_says_so() -> None:
    view = RoleplayWidget(chapter="ch01")
    assert "还没有对话演练情景" in view.status.value and view.input_row.layout.display == "none"


def test_a_corrupt_practice_file_is_kept_and_the_debrief_still_shows(in_tmp: Path) -> None:
    (in_tmp / "roleplay-practice.kosguide.json").write_text("{not json", encoding="utf-8")
    view = RoleplayWidget(scenario="ch07-friend-price")
    send(view, "不行。")
    assert view.session.finished and "结局" in view.debrief.value
    # the course's own record file is unreadable: its bytes are set aside just before the new record is written
    assert "现在共有 1 次演练" in view.status.value
    kept = list(in_tmp.glob("roleplay-practice.kosguide.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"  # the original is kept aside
