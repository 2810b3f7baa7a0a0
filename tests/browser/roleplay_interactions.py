"""Browser interactions for the 对话演练 exercise boxes (shared by test_exercises and test_roleplay).

``ROLEPLAY_INTERACTIONS`` (one per chapter box, used by the every-exercise test) is kept short: the
widget opens with the customer line the pure engine gives, one scripted strong reply is sent
through the real chat view and the customer's answer is the engine's answer to the same reply.
:func:`play_strong` (used by test_roleplay, once per viewport) plays the whole strong script from
``tests/data/roleplay_scripts.toml`` to the good ending and its debrief.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, expect

from kosguide.tools.roleplay.engine import Session, get_scenario, scenarios

SCRIPTS = tomllib.loads((Path(__file__).resolve().parents[1] / "data" / "roleplay_scripts.toml")
                        .read_text(encoding="utf-8"))["runs"]
CHAPTERS = ("ch02", "ch04", "ch05", "ch06", "ch07", "ch08")
REPLY_PLACEHOLDER = re.compile("写下你要发给客户的微信回复")


def strong_script(chapter: str) -> tuple[str, list[str]]:
    """The chapter's first scenario (the one the widget opens with) and its strong replies."""
    first = next(s for s in scenarios() if s.chapter == chapter)
    replies = next(r["replies"] for r in SCRIPTS if r["scenario"] == first.id and r["kind"] == "strong")
    return first.id, replies


def play(output: Locator, chapter: str, turns: int | None = None) -> Session:
    """Send the first ``turns`` strong replies (all when ``None``); after each, the customer's line
    on the page is the one the pure engine gives for the same reply."""
    scenario_id, replies = strong_script(chapter)
    session = Session(get_scenario(scenario_id))
    expect(output.locator(".kos-rp-customer").last).to_contain_text(session.customer_line(), timeout=30_000)
    box = output.get_by_placeholder(REPLY_PLACEHOLDER)
    send = output.get_by_role("button", name="发送")
    for reply in replies[:turns]:
        if session.finished:
            break
        session.send(reply)
        box.fill(reply)
        send.click()
        expect(output.locator(".kos-rp-customer").last).to_contain_text(session.customer_line(), timeout=30_000)
    return session


def play_strong(output: Locator, chapter: str) -> None:
    session = play(output, chapter)
    assert session.ending is not None and session.ending.kind == "good"
    expect(output).to_contain_text("结局：圆满", timeout=30_000)
    expect(output).to_contain_text("更有力的回复会")
    expect(output.get_by_role("button", name="再练一次")).to_be_visible()


def _for(chapter: str) -> Callable[[Locator], None]:
    def interaction(output: Locator) -> None:
        session = play(output, chapter, turns=1)
        expect(output.locator(".kos-rp-me")).to_have_count(len(session.turns))

    interaction.__doc__ = (f"Open the first {chapter} role-play scenario and send one strong reply: "
                           "the engine's answer shows.")
    return interaction


ROLEPLAY_INTERACTIONS: dict[str, Callable[[Locator], None]] = {f"roleplay-{ch}": _for(ch) for ch in CHAPTERS}
