"""Browser interaction for the 对话演练 exercise boxes (shared by test_exercises and test_roleplay).

Plays the chapter's first scenario with the scripted strong replies from
``tests/data/roleplay_scripts.toml`` through the real chat view: type into the textarea, click
发送, and check the customer's answer and, at the end, the debrief.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import FrameLocator, expect

from kosguide.tools.roleplay.engine import Session, get_scenario, scenarios

SCRIPTS = tomllib.loads((Path(__file__).resolve().parents[1] / "data" / "roleplay_scripts.toml")
                        .read_text(encoding="utf-8"))["runs"]
CHAPTERS = ("ch02", "ch04", "ch05", "ch06", "ch07", "ch08")


def strong_script(chapter: str) -> tuple[str, list[str]]:
    """The chapter's first scenario (the one the widget opens with) and its strong replies."""
    first = next(s for s in scenarios() if s.chapter == chapter)
    replies = next(r["replies"] for r in SCRIPTS if r["scenario"] == first.id and r["kind"] == "strong")
    return first.id, replies


def play_strong(frame: FrameLocator, chapter: str) -> None:
    scenario_id, replies = strong_script(chapter)
    session = Session(get_scenario(scenario_id))
    body = frame.locator("body")
    expect(body).to_contain_text(session.customer_line(), timeout=30_000)
    box = frame.get_by_placeholder(re.compile("写下你要发给客户的微信回复"))
    send = frame.get_by_role("button", name="发送")
    for reply in replies:
        if session.finished:
            break
        session.send(reply)
        box.fill(reply)
        send.click()
        expect(body).to_contain_text(session.customer_line(), timeout=30_000)
    assert session.ending is not None and session.ending.kind == "good"
    expect(body).to_contain_text("结局：圆满")
    expect(body).to_contain_text("更有力的回复会")
    expect(frame.get_by_role("button", name="再练一次")).to_be_visible()


def _for(chapter: str) -> Callable[[FrameLocator], None]:
    def interaction(frame: FrameLocator) -> None:
        play_strong(frame, chapter)

    interaction.__doc__ = f"Play the first {chapter} role-play scenario with the strong script to a good ending."
    return interaction


ROLEPLAY_INTERACTIONS: dict[str, Callable[[FrameLocator], None]] = {f"roleplay-{ch}": _for(ch) for ch in CHAPTERS}
