"""The engine: scripted runs, model conversations, bad input, determinism (no kernel, no network)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kosguide.tools.roleplay.engine import (
    MAX_REPLY_CHARS,
    Session,
    debrief,
    get_scenario,
    model_conversation,
    scenarios,
    transcript_text,
)

RUNS = tomllib.loads((Path(__file__).resolve().parents[3] / "data" / "roleplay_scripts.toml")
                     .read_text(encoding="utf-8"))["runs"]
SCENARIOS = scenarios()
CHARS = "你好理解不行保证明天下午三点前发您😀 ，。!?<>&\n\t"


def play(scenario_id: str, replies: list[str]) -> Session:
    session = Session(get_scenario(scenario_id))
    for reply in replies:
        if session.finished:
            break
        assert session.send(reply).kind != "retry", reply
    return session


def test_every_scenario_has_a_strong_and_a_curt_script() -> None:
    for s in SCENARIOS:
        kinds = {r["kind"] for r in RUNS if r["scenario"] == s.id}
        assert {"strong", "curt"} <= kinds, s.id


@pytest.mark.parametrize("run", RUNS, ids=lambda r: f"{r['scenario']}-{r['kind']}-{r.get('ending', '')}")
def test_scripted_run(run: dict) -> None:
    session = play(run["scenario"], run["replies"])
    assert session.finished, f"对话没有结束，停在 {session.position}"
    ending = session.ending
    if run["kind"] == "strong":
        assert ending.kind == "good", session.result()
        assert session.failed_judgements() == []
    elif run["kind"] == "curt":
        assert ending.kind != "good", session.result()
        assert session.failed_judgements()
    else:
        assert ending.id == run["ending"], session.result()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_model_conversation_reaches_a_good_ending(scenario) -> None:
    session, pairs = model_conversation(scenario)
    assert session.ending is not None and session.ending.kind == "good"
    assert 2 <= len(pairs) <= 6


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_scripts_reach_at_least_two_different_endings(scenario) -> None:
    endings = {play(r["scenario"], r["replies"]).ending.id for r in RUNS if r["scenario"] == scenario.id}
    assert len(endings) >= 2


@pytest.mark.parametrize(("reply", "kind", "words"), [
    ("", "retry", "还没有输入回复"),
    ("   \n ", "retry", "还没有输入回复"),
    ("😀🙏👍", "retry", "只发表情或符号"),
    ("……！！", "retry", "只发表情或符号"),
    ("x" * 5000, "retry", "超过了 1000 字"),
    ("\u200b\u200ba", "turn", ""),
    ("Sorry, I can't come tonight.", "turn", ""),
    ("馮總，我理解您的心情，我現在就幫您報修", "turn", ""),
    ("<script>alert(1)</script>", "turn", ""),
])
def test_any_input_gives_a_turn_or_a_chinese_prompt(reply: str, kind: str, words: str) -> None:
    session = Session(get_scenario("ch07-late-night-fault"))
    step = session.send(reply)
    assert step.kind in (kind, "ending") if kind == "turn" else step.kind == kind
    assert words in step.message
    if step.kind == "retry":
        assert session.turns == [] and session.position == "open"


def test_limit_is_exact() -> None:
    assert Session(get_scenario("ch02-shortlist")).send("好" * MAX_REPLY_CHARS).kind != "retry"
    assert Session(get_scenario("ch02-shortlist")).send("好" * (MAX_REPLY_CHARS + 1)).kind == "retry"


def test_same_replies_same_conversation_and_restart() -> None:
    replies = RUNS[0]["replies"]
    first, second = play(RUNS[0]["scenario"], replies), play(RUNS[0]["scenario"], replies)
    assert first.result() == second.result()
    first.restart()
    assert first.turns == [] and first.position == first.scenario.start
    assert first.send("你好").kind in ("turn", "ending")


def test_after_the_end_sending_asks_to_replay() -> None:
    session = play("ch07-friend-price", ["不行。"])
    assert session.finished
    assert "再练一次" in session.send("还有吗").message


def test_debrief_and_transcript() -> None:
    session = play("ch07-late-night-fault", ["不行，我下班了。"])
    report = debrief(session)
    assert report["ending"]["kind"] == "bad" and report["ending"]["name"] == "搞砸了"
    judgements = {j["id"]: j for j in report["turns"][0]["judgements"]}
    assert not judgements["harsh"]["good"] and "“不行”" in judgements["harsh"]["text"]
    assert report["turns"][0]["strong"] and report["turns"][0]["model"]
    assert len(report["model"]) >= 2
    text = transcript_text(session)
    assert "冯总：" in text and "我：不行，我下班了。" in text and "结局：搞砸了" in text


def test_result_holds_ids_and_booleans_for_the_class_results() -> None:
    session = play("ch07-late-night-fault", ["不行，我下班了。"])
    assert session.result()["ending"] == {"id": "angry", "kind": "bad"}
    assert session.failed_judgements() == ["harsh", "empathy", "alternative"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=300) | st.text(alphabet=CHARS, max_size=80), min_size=1, max_size=8),
       st.sampled_from([s.id for s in SCENARIOS]))
def test_property_any_replies_never_raise(replies: list[str], scenario_id: str) -> None:
    session = Session(get_scenario(scenario_id))
    for reply in replies:
        step = session.send(reply)
        assert step.kind in ("turn", "ending", "retry")
        if step.kind == "retry":
            assert step.message and any("\u4e00" <= ch <= "\u9fff" for ch in step.message)
        else:
            assert step.customer
    assert len(session.turns) <= 8
