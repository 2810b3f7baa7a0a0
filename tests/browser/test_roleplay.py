"""对话演练 in a real browser, offline, on kosguide's light runtime: desktop and a 390 px phone.

Opens chapter 7's page (the phone under the sub-path /kosguide/), clicks 打开练习 on the role-play
box with the keyboard, waits for the chat widget drawn in the page itself, checks that an empty
reply gets a Chinese prompt, plays the scripted strong replies to the good ending (each customer
line is the pure engine's answer to the same reply), shows the transcript in its selectable text
box (the worker has no clipboard: the learner selects and copies), and checks that the ending was
saved in the learner's IndexedDB-backed folder. On the desktop it also replays and sends a reply
the way an input method commits text: learner markup stays text. On the phone nothing is wider
than the screen.

The fixtures of test_exercises guard every request (page, frame and worker) beyond 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from . import test_exercises as exercises
from .conftest import SCREENSHOT_DIR
from .roleplay_interactions import REPLY_PLACEHOLDER, play_strong
from .test_exercises import (
    DESKTOP,
    PHONE,
    SUB_PATH,
    CountingSite,
    assert_fits_phone,
    exercise_box,
    open_exercise,
    wait_for_saved,
)

# the guarded learner pages (each with its own recording proxy) and the counting site of the exercise suite
learner = exercises.learner
server = exercises.server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_roleplay_plays_to_a_good_ending_offline(learner: Callable[..., Page], server: CountingSite,
                                                 viewport: str) -> None:
    phone = viewport == "phone"
    page = learner(**(PHONE if phone else DESKTOP))
    base = server.base + (SUB_PATH[1:] if phone else "")
    page.goto(f"{base}book/ch07-boundaries.html", wait_until="load")
    box = exercise_box(page, "roleplay-ch07", "web-exercise")
    box.scroll_into_view_if_needed()
    open_exercise(page, box)
    output = box.locator(".kos-run-output")
    if phone:
        assert_fits_phone(page, box)

    # an empty reply: a Chinese prompt, nothing sent
    output.get_by_role("button", name="发送").click()
    expect(output).to_contain_text("还没有输入回复", timeout=30_000)
    expect(output.locator(".kos-rp-me")).to_have_count(0)

    play_strong(output, "ch07")
    expect(output.locator(".kos-rp-chat")).to_be_visible()  # the conversation stays on screen at the end
    expect(output.get_by_text("结局：圆满")).to_be_visible()
    if phone:
        assert_fits_phone(page, box)

    # the transcript: shown in a selectable text box (no clipboard in the worker)
    output.get_by_role("button", name="复制对话记录").click()
    transcript = output.locator(".widget-textarea textarea").last
    expect(transcript).to_be_visible(timeout=30_000)
    expect(transcript).to_have_value(re.compile("结局：圆满"), timeout=30_000)
    expect(output).to_contain_text("全选")
    wait_for_saved(page, "roleplay-practice.kosguide.json")
    expect(box.locator(".kos-run-error")).to_have_count(0)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(SCREENSHOT_DIR / f"roleplay-ch07-{viewport}.png"))
    if phone:
        return

    # replay, then reply the way an input method commits text (inserted, no Enter): markup stays text
    output.get_by_role("button", name="再练一次").click()
    expect(output.locator(".kos-rp-me")).to_have_count(0, timeout=30_000)
    output.get_by_placeholder(REPLY_PLACEHOLDER).click()
    page.keyboard.insert_text("<b>加粗</b>您好")
    output.get_by_role("button", name="发送").click()
    expect(output.locator(".kos-rp-me")).to_have_count(1, timeout=30_000)
    expect(output.locator(".kos-rp-me").first).to_contain_text("<b>加粗</b>您好")
    assert output.locator(".kos-rp-me b").count() == 0
