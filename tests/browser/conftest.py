"""Fixtures for the browser suite: the built site on a local server and a guarded Chromium page.

The suite drives Debian's own Chromium (``/usr/bin/chromium``) through Playwright; it never runs
``playwright install``. Every test page is *guarded*: a request to any host other than
127.0.0.1/localhost is aborted and recorded, and console errors and uncaught page errors are
collected. Any of these fails the test at teardown (unless a console message matches
``ALLOWED_CONSOLE_ERRORS``), because the course promises to work offline and to send nothing.

Set ``KOSGUIDE_BOOK_DIR`` to test a book built somewhere else (it must hold ``_toc.yml`` and
``_build/html``); by default it is the repository root.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("KOSGUIDE_BOOK_DIR", REPO_ROOT)).resolve()
SITE_DIR = BOOK_DIR / "_build" / "html"
ARTIFACTS_DIR = REPO_ROOT / "tests" / "artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000

# Console errors that are known and harmless. Every entry needs a comment saying why it is
# acceptable and when it can be removed. Keep this list empty unless there is no other way.
ALLOWED_CONSOLE_ERRORS: list[re.Pattern[str]] = []


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Base URL (ending in ``/``) of the built book served from ``_build/html`` on 127.0.0.1."""
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(
            f"找不到构建好的网站 {SITE_DIR / 'index.html'}：请先运行 make book。"
            " (The built site is missing: run `make book` first.)",
            pytrace=False,
        )
    handler = functools.partial(_QuietHandler, directory=str(SITE_DIR))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"找不到 Chromium（{CHROMIUM}）：请安装 Debian 的 chromium 软件包。"
            f" (Chromium not found at {CHROMIUM}: apt-get install chromium.)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian Chromium, headless. ``launch`` gives it a fresh temporary user-data-dir (deleted on
    close) and every test opens its own ``new_context``, so no state leaks between tests."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
    )
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class PageGuard:
    """What a guarded page saw that it should not have."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = [f"外部请求 (external request, aborted): {url}" for url in self.external_requests]
        found += [f"控制台错误 (console error): {text}" for text in self.console_errors]
        found += [f"页面异常 (uncaught page error): {text}" for text in self.page_errors]
        return found


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.scheme in {"http", "https"} and (parts.hostname or "") in LOCAL_HOSTS


def _guard(context: BrowserContext, page: Page, guard: PageGuard) -> None:
    def route(route: Route) -> None:
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            guard.external_requests.append(url)
            route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = message.text
        location = message.location or {}
        if any(pattern.search(text) for pattern in ALLOWED_CONSOLE_ERRORS):
            return
        guard.console_errors.append(f"{text} [{location.get('url', '')}:{location.get('lineNumber', '')}]")

    def page_error(error: PlaywrightError) -> None:
        guard.page_errors.append(str(error))

    context.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", page_error)


PageFactory = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Factory for guarded pages in fresh contexts; fails the test at teardown on any problem."""
    opened: list[tuple[BrowserContext, PageGuard]] = []

    def make(**context_options: Any) -> Page:
        options = {
            "locale": "zh-CN",
            "viewport": VIEWPORT,
            "service_workers": "block",
            **context_options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        guard = PageGuard()
        _guard(context, page, guard)
        opened.append((context, guard))
        return page

    yield make
    problems: list[str] = []
    for context, guard in opened:
        context.close()
        problems += guard.problems()
    if problems:
        pytest.fail("页面出现了不该有的情况 (the page misbehaved):\n" + "\n".join(problems),
                    pytrace=False)


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A guarded page with JavaScript on, in a fresh browser context."""
    return new_page()
