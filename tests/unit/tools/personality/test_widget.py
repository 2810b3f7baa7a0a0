"""The personality quiz widget and CLI, driven as a learner would (no kernel)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ipywidgets as w

from kosguide.core.data_loader import load_course_data
from kosguide.tools.personality.scoring import load_quiz
from kosguide.tools.personality.widget import PersonalityQuizView, show_personality_quiz, show_saved_results

BANK, TYPES = load_quiz(load_course_data([]))
EVIL = "<img src=x onerror=alert(1)>"


def answer_all(view: PersonalityQuizView, style: str, action: str) -> None:
    target = {"style": style, "action": action}
    for item in BANK.items:
        view.answers[item.id].value = 2 if item.direction == target[item.axis] else -2


def test_self_mode_shows_chart_profile_and_caveat(tmp_path: Path) -> None:
    view = PersonalityQuizView(BANK, TYPES, results_path=tmp_path / "r.kosguide.json")
    assert view.labels["a-risk-take"].value.startswith("我")
    assert "不是经过验证的心理测量" in view.widget.children[0].value
    answer_all(view, "理性", "优柔")
    assert f"已作答 {len(BANK.items)}/{len(BANK.items)} 题" in view.progress.value
    view.show.click()
    assert "完美型" in view.output.value and "的特点" in view.output.value and "最擅长" in view.output.value
    assert "不是经过验证的心理测量" in view.output.value
    assert "<svg" in view.chart.value and "完美型" in view.chart.value


def test_customer_mode_wording_unobserved_option_and_advice(tmp_path: Path) -> None:
    view = PersonalityQuizView(BANK, TYPES, results_path=tmp_path / "r.kosguide.json")
    view.answers["a-risk-take"].value = 1
    view.mode.value = "customer"
    assert "这位客户" in view.labels["a-risk-take"].value
    assert view.answers["a-risk-take"].value == 1, "switching mode keeps the answers given"
    labels = [label for label, _ in view.answers["s-plan"].options]
    assert "没注意到 / 不确定" in labels
    for control in view.answers.values():
        control.value = "unobserved"
    view.show.click()
    assert "还不能下结论" in view.output.value and "还要再观察" in view.output.value
    answer_all(view, "感性", "率直")
    view.name.value = "客户 A"
    view.show.click()
    assert "怎样与活泼型客户合作" in view.output.value and "一起快乐" in view.output.value
    assert "按幻灯片版面推断" in view.output.value
    assert "不是经过验证的心理测量" in view.output.value


def test_save_and_compare_several(tmp_path: Path) -> None:
    path = tmp_path / "personality-results.kosguide.json"
    view = PersonalityQuizView(BANK, TYPES, results_path=path)
    view.save.click()
    assert "请先点“查看结果”" in view.status.value
    view.name.value = f"我{EVIL}"
    answer_all(view, "感性", "优柔")
    view.show.click()
    view.save.click()
    assert "已在本机文件" in view.status.value
    view.mode.value = "customer"
    view.name.value = "客户 B"
    answer_all(view, "理性", "率直")
    view.show.click()
    view.save.click()
    view.compare.click()
    html = view.chart.value + view.output.value
    assert "已保存的 2 个结果" in html and "客户 B" in html and "力量型" in html and "和平型" in html
    assert "<img" not in html and "&lt;img" in html
    assert json.loads(path.read_text(encoding="utf-8"))["results"][1]["name"] == "客户 B"
    shown = show_saved_results(path)
    assert isinstance(shown, w.HTML) and "客户 B" in shown.value


def test_save_failure_is_reported(tmp_path: Path) -> None:
    view = PersonalityQuizView(BANK, TYPES, results_path="/proc/no-such-dir/r.kosguide.json")
    view.show.click()
    view.save.click()
    assert "无法保存" in view.status.value


def test_show_personality_quiz_builds() -> None:
    widget = show_personality_quiz("customer")
    assert isinstance(widget, w.VBox)


# ---------- CLI ----------

def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def write(tmp_path: Path, doc: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def test_cli_score_gives_the_same_result_as_the_library(tmp_path: Path) -> None:
    from kosguide.tools.personality.scoring import score

    answers = {i.id: (2 if i.direction in ("理性", "率直") else -2) for i in BANK.items}
    answers["s-plan"] = None
    path = write(tmp_path, {"mode": "customer", "name": "客户 A", "answers": answers})
    result = kosguide("quiz", "score", str(path), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    expected = score(BANK, TYPES, answers, "customer", "客户 A")
    assert out["types"] == list(expected.type_ids) == ["powerful"] and out["type_names"] == ["力量型"]
    assert out["style"] == round(expected.style.score, 1) and out["counted"]["style"] == len(BANK.on_axis("style")) - 1
    assert "不是经过验证的心理测量" in out["caveat"]
    text = kosguide("quiz", "score", str(path))
    assert text.returncode == 0 and "一起行动" in text.stdout and "倾向于力量型" in text.stdout


def test_cli_cannot_conclude_is_still_a_result(tmp_path: Path) -> None:
    path = write(tmp_path, {"mode": "customer", "answers": {"a-risk-take": None}})
    out = kosguide("quiz", "score", str(path), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["can_conclude"] is False


def test_cli_bad_files_exit_2_with_a_chinese_message(tmp_path: Path) -> None:
    cases = {
        "broken.json": "{",
        "list.json": [1, 2],
        "mode.json": {"mode": "boss", "answers": {}},
        "unknown.json": {"mode": "self", "answers": {"nope": 1}},
        "value.json": {"mode": "self", "answers": {"a-risk-take": 7}},
        "extra.json": {"mode": "self", "answers": {}, "salary": 1},
    }
    for name, doc in cases.items():
        result = kosguide("quiz", "score", str(write(tmp_path, doc, name)))
        assert result.returncode == 2, name
        assert "出错了" in result.stderr and "ANSWERS.json 的格式" in result.stderr, name
    missing = kosguide("quiz", "score", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "找不到" in missing.stderr
    (tmp_path / "gbk.json").write_bytes("{\"mode\": \"自测\"}".encode("gbk"))
    assert kosguide("quiz", "score", str(tmp_path / "gbk.json")).returncode == 2


def test_cli_items_lists_every_item() -> None:
    out = kosguide("quiz", "items", "--mode", "customer", "--json")
    assert out.returncode == 0
    doc = json.loads(out.stdout)
    assert len(doc["items"]) == len(BANK.items) and all("这位客户" in i["text"] for i in doc["items"])
    assert doc["unobserved"]["value"] is None
