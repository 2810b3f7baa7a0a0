"""Refusal data files are well-formed; the refusal CLI keeps its contract; the composer widget escapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kosguide.core.data_loader import load_course_data
from kosguide.core.datafile import DataError
from kosguide.tools.refusal.data import STEPS, STYLES, Lexicon, Phrase, Scenario, parse_refusal
from kosguide.tools.refusal.review import assemble, review
from kosguide.tools.refusal.widget import OWN, RefusalComposerView

EVIL = "<script>alert('x')</script>"


def kosguide(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True, input=stdin)


def refusal_items() -> dict:
    return load_course_data([]).of("refusal")


def test_scenarios_cover_the_request_types() -> None:
    scenarios = [i for i in refusal_items().values() if isinstance(i, Scenario)]
    assert len(scenarios) >= 8
    assert {"price", "time", "favour", "confidential", "schedule", "samples", "contract"} <= {
        s.request_type for s in scenarios}
    for s in scenarios:
        assert s.principles and s.alternatives and s.customer_says


def test_every_scenario_alternative_reads_as_an_alternative() -> None:
    # Judged in a message as the composer assembles it (the scenario's own principle, then the
    # offer): the reviewer reads whole messages, and its learned part weighs the context.
    for s in (i for i in refusal_items().values() if isinstance(i, Scenario)):
        for alt in s.alternatives:
            message = assemble(principle=s.principles[0], alternative="我可以" + alt)
            assert review(message).alternative, message


def test_phrase_bank_has_every_step_in_several_styles_and_each_phrase_passes_its_step() -> None:
    phrases = [i for i in refusal_items().values() if isinstance(i, Phrase)]
    for step in STEPS:
        styles = {p.style for p in phrases if p.step == step}
        assert len(styles) >= 2 and styles <= set(STYLES)
    for p in phrases:
        result = review(p.text)
        assert getattr(result, p.step), p.id
        assert not result.harsh and not result.overpromise, p.id


def test_lexicon_has_rules_for_every_key() -> None:
    lexicon = refusal_items()["lexicon"]
    assert isinstance(lexicon, Lexicon)
    assert {r.key for r in lexicon.rules} == {"empathy", "principle", "alternative", "harsh", "overpromise"}


@pytest.mark.parametrize(("doc", "field"), [
    ({"scenarios": [{"id": "x", "title": "t", "request_type": "nope", "context": "c", "customer_says": "s",
                     "principles": ["p"], "alternatives": ["a"]}]}, "request_type"),
    ({"phrases": [{"id": "x", "step": "empathy", "style": "formal", "text": "t", "colour": "red"}]}, ""),
    ({"pairs": ["們"]}, "id"),
    ({"something": 1}, ""),
])
def test_broken_refusal_data_gives_chinese_errors(doc: dict, field: str) -> None:
    with pytest.raises(DataError) as info:
        parse_refusal(doc, "refusal/bad.toml")
    assert "refusal/bad.toml" in str(info.value)
    if field:
        assert field in str(info.value)


def test_cli_json_from_stdin() -> None:
    result = kosguide("refusal", "review", "--json", stdin="不行。")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["harsh"] is True and data["empathy"] is False
    assert {"empathy", "principle", "alternative", "harsh", "overpromise"} <= set(data)
    assert "不行" in data["feedback"]["harsh"]["quotes"]


def test_cli_file_argument_and_good_message_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("理解您的心情。价格对所有客户统一公开，我没有权限调整。我可以送您一个配件。", encoding="utf-8")
    result = kosguide("refusal", "review", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "三步齐全" in result.stdout


def test_cli_lines_json_gives_one_object_per_line() -> None:
    result = kosguide("refusal", "review", "--lines", "--json", stdin="不行。\n\n我保证全网最低价\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2]
    assert rows[0]["harsh"] and rows[1]["overpromise"]
    assert result.returncode == 1


def test_cli_lines_table_is_readable() -> None:
    result = kosguide("refusal", "review", "--lines", stdin="不行。\n理解您，价格统一，我可以送您配件。\n")
    assert "生硬⚠" in result.stdout and "理解与共情✓" in result.stdout


@pytest.mark.parametrize("stdin", ["", "   \n", "理解" * 1500])
def test_cli_empty_or_huge_input_exits_two_in_chinese(stdin: str) -> None:
    result = kosguide("refusal", "review", "--json", stdin=stdin)
    assert result.returncode == 2 and "出错了" in result.stderr


def test_cli_missing_file_and_non_utf8(tmp_path: Path) -> None:
    assert kosguide("refusal", "review", str(tmp_path / "nope.txt")).returncode == 2
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("不行".encode("gbk"))
    result = kosguide("refusal", "review", str(bad))
    assert result.returncode == 2 and "UTF-8" in result.stderr


def test_composer_widget_checks_steps_and_escapes() -> None:
    view = RefusalComposerView()
    view.check_button.click()
    assert "内容是空的" in view.feedback.value
    view.steps["empathy"].value = f"明白<b>的心情{EVIL}"
    view.steps["principle"].value = "价格对所有客户统一公开"
    view.steps["alternative"].value = "我可以送您一个原厂配件"
    view.greeting.value = "王总"
    view.check_button.click()
    assert "<script>" not in view.feedback.value and "<b>" not in view.feedback.value
    assert "“明白&lt;b&gt;的心情”" in view.feedback.value
    assert "✓ 有" in view.feedback.value
    assert view.final.value.startswith("王总，明白<b>的心情")


def test_composer_whole_mode_and_own_request() -> None:
    view = RefusalComposerView()
    view.picker.value = OWN
    assert view.own_request.layout.display is None
    view.mode.value = "whole"
    view.whole.value = "不行，爱要不要。"
    result = view.check()
    assert result is not None and result.harsh
    assert "生硬" in view.feedback.value and "爱要不要" in view.feedback.value


def _lexicon_doc(**changes: object) -> dict:
    """A minimal valid lexicon document (one rule per key), with some fields changed or removed."""
    rules = [{"id": f"r-{k}", "key": k, "note": "说明", "cues": ["提示"]}
             for k in ("empathy", "principle", "alternative", "harsh", "overpromise")]
    doc: dict = {"id": "lexicon", "gap": 8, "negators": ["不"], "limit_words": ["不"], "softeners": ["哦"],
                 "customer_softeners": ["您"], "casual_markers": ["哈"], "time_cues": ["今天"],
                 "own_actions": ["发给"], "outcome_cues": ["批"], "typos": {}, "rules": rules}
    for name, value in changes.items():
        if value is None:
            doc.pop(name)
        else:
            doc[name] = value
    return doc


def test_lexicon_customer_softeners_and_unsoftened_condition_parse() -> None:
    rules = _lexicon_doc()["rules"]
    rules[3] = {**rules[3], "condition": "unsoftened"}
    [lexicon] = parse_refusal(_lexicon_doc(rules=rules), "refusal/lex.toml")
    assert lexicon.customer_softeners == ("您",)
    assert lexicon.rules[3].condition == "unsoftened"
    packaged = refusal_items()["lexicon"]
    assert "您" in packaged.customer_softeners and "抱歉" in packaged.customer_softeners
    assert any(r.condition == "unsoftened" for r in packaged.rules)


@pytest.mark.parametrize(("changes", "words"), [
    ({"customer_softeners": None}, "customer_softeners"),
    ({"rules": [{"id": "h", "key": "harsh", "note": "n", "cues": ["x"], "condition": "rude"}]}, "unsoftened"),
    ({"rules": [{"id": "e", "key": "empathy", "note": "n", "cues": ["x"], "condition": "unsoftened"}]}, "harsh"),
])
def test_broken_lexicon_schema_gives_chinese_errors(changes: dict, words: str) -> None:
    with pytest.raises(DataError) as info:
        parse_refusal(_lexicon_doc(**changes), "refusal/lex.toml")
    message = str(info.value)
    assert "refusal/lex.toml" in message and words in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
