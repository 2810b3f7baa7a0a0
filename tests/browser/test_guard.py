"""The offline guard itself: a page, an iframe, a dedicated Web Worker, a shared worker and a
WebSocket that reach beyond 127.0.0.1 are each caught, so a leak can never pass as green.

Each test plants one leak in a tiny page (served by ``page.route`` on a loopback URL, so nothing
in the built site changes) and expects the guard to report it; the leaks go to ``.invalid`` hosts,
which can never resolve, so nothing real is contacted even if a guard were broken.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Route

from .conftest import Guarded, close_guarded, open_guarded

pytestmark = pytest.mark.browser

PLANT_URL = "http://127.0.0.1:9/plant.html"  # answered by page.route below; nothing listens on port 9

LEAKS = {
    "page": 'fetch("http://page-leak.invalid/x").catch(() => {});',
    "iframe": 'document.body.innerHTML = \'<iframe src="http://iframe-leak.invalid/frame.html"></iframe>\';',
    "iframe-script": (
        "const f = document.createElement('iframe');"
        "f.srcdoc = '<script>fetch(\"http://srcdoc-leak.invalid/x\").catch(() => {})<\\/script>';"
        "document.body.appendChild(f);"
    ),
    "worker": (
        "new Worker(URL.createObjectURL(new Blob("
        "['fetch(\"http://worker-leak.invalid/x\").catch(() => {})'], {type: 'text/javascript'})));"
    ),
    "shared-worker": (
        "new SharedWorker(URL.createObjectURL(new Blob("
        "['fetch(\"http://shared-leak.invalid/x\").catch(() => {})'], {type: 'text/javascript'})));"
    ),
    "websocket": 'try { new WebSocket("ws://socket-leak.invalid/ws"); } catch (e) {}',
}


def plant(browser: Browser, script: str) -> Guarded:
    guarded = open_guarded(browser, service_workers="block")

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body=f"<!doctype html><meta charset=utf-8><body><script>{script}</script></body>")

    guarded.page.route(PLANT_URL, serve)
    guarded.page.goto(PLANT_URL)
    return guarded


def caught(guarded: Guarded, host: str) -> list[str]:
    """The guard's problems after the planted leak had time to happen (bounded wait)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        seen = guarded.guard.external_requests + guarded.proxy.requests
        if any(host in line for line in seen):
            break
        guarded.page.wait_for_timeout(100)
    return close_guarded(guarded)


@pytest.mark.parametrize(("kind", "host"), [
    ("page", "page-leak.invalid"),
    ("iframe", "iframe-leak.invalid"),
    ("iframe-script", "srcdoc-leak.invalid"),
    ("worker", "worker-leak.invalid"),
    ("shared-worker", "shared-leak.invalid"),
    ("websocket", "socket-leak.invalid"),
])
def test_the_guard_catches_a_planted_leak(browser: Browser, kind: str, host: str) -> None:
    problems = caught(plant(browser, LEAKS[kind]), host)
    leaks = [p for p in problems if host in p]
    assert leaks, f"the guard missed a {kind} leak to {host}; it reported: {problems}"


def test_a_clean_page_passes_the_guard(browser: Browser) -> None:
    guarded = plant(browser, 'document.body.textContent = "离线";')
    guarded.page.wait_for_timeout(300)
    assert close_guarded(guarded) == []
