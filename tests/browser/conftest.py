"""Fixtures for the browser suite: the built site on a local server and guarded Chromium pages.

The suite drives Debian's own Chromium (``/usr/bin/chromium``) through Playwright; it never runs
``playwright install``. Public fixtures: ``site`` (base URL of ``_build/html`` on 127.0.0.1),
``browser`` (one headless Chromium per session), ``new_page`` (factory of guarded pages, each in a
fresh context; keyword arguments go to ``browser.new_context``), ``page`` (one guarded page), and
:class:`PageGuard` (what a guarded page saw). :func:`open_guarded` / :func:`close_guarded` do the same
for a test that needs its own context (``test_exercises.py``).

Every guarded page fails its test at teardown on any of:

* a request of the page or one of its frames (and dedicated workers) to a host other than
  127.0.0.1/localhost: ``context.route`` aborts and records it;
* a request that ``route`` cannot see (shared workers, WebSockets, anything else issued inside the
  context): each context gets its **own** recording proxy (``new_context(proxy=…)``), so every
  non-loopback connection made by that context's pages, frames and workers arrives there, is refused
  and recorded — told apart by what issued it, never by host name;
* console errors and uncaught page errors (unless a message matches ``ALLOWED_CONSOLE_ERRORS``).

Chromium's own housekeeping (component and dictionary downloads, variations …) is not issued by
any page: it uses the browser's system network context, whose proxy is a separate sink
(``browser_traffic``) that refuses it and writes it to ``tests/artifacts/browser-own-traffic.txt``
without failing anything. The flags below and the managed policy that
``tools/ensure_system_deps.sh`` installs (``/etc/chromium/policies/managed/kosguide-tests.json``)
keep that traffic at zero anyway.

Set ``KOSGUIDE_BOOK_DIR`` to test a book built somewhere else (it must hold ``_toc.yml`` and
``_build/html``); by default it is the repository root.
"""

from __future__ import annotations

import functools
import os
import re
import socketserver
import threading
import time
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
    # Chromium's own services that would otherwise fetch something on a first run (for a developer
    # who is not root and so has no managed policy): translation, safe browsing lists, autofill and
    # optimisation hints, media router, sign-in, variations seeds. (Spelling dictionaries have no
    # switch: the managed policy turns them off, and they never reach a context's proxy anyway.)
    "--disable-features=AutofillServerCommunication,OptimizationHints,Translate,"
    "MediaRouter,DialMediaRouteProvider,SigninInterception,AccountConsistency,InterestFeedContentSuggestions",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--no-pings",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--variations-server-url=http://127.0.0.1:9/",
    "--lang=zh-CN",
]
# Loopback never goes through a proxy (Chromium's implicit rule, kept by naming the hosts here).
PROXY_BYPASS = "127.0.0.1,localhost"
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


class RecordingProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy on 127.0.0.1 that forwards nothing: it records each request line
    (``CONNECT host:443 …`` or ``GET http://host/… …``) and answers 403."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.requests: list[str] = []
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(8192).decode("latin-1").strip()
                if line:
                    proxy.requests.append(line)
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

        super().__init__(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self.serve_forever, name="recording-proxy", daemon=True)
        self._thread.start()

    @property
    def playwright_proxy(self) -> dict[str, str]:
        return {"server": f"http://127.0.0.1:{self.server_address[1]}", "bypass": PROXY_BYPASS}

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser_traffic() -> Iterator[RecordingProxy]:
    """The proxy of the browser process itself: Chromium's own housekeeping lands here, refused and
    listed in ``tests/artifacts/browser-own-traffic.txt``. It is not the site's and fails nothing."""
    proxy = RecordingProxy()
    yield proxy
    proxy.close()
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / "browser-own-traffic.txt").write_text("".join(f"{r}\n" for r in proxy.requests),
                                                          encoding="utf-8")


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, browser_traffic: RecordingProxy) -> Iterator[Browser]:
    """Debian Chromium, headless. ``launch`` gives it a fresh temporary user-data-dir (deleted on
    close) and every test opens its own ``new_context``, so no state leaks between tests. Its own
    (browser-process) traffic goes to ``browser_traffic``; open contexts with :func:`open_guarded`
    (or the ``new_page``/``page`` fixtures) so that theirs goes to a strict proxy of their own."""
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True, proxy=browser_traffic.playwright_proxy
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
    proxied_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = [f"外部请求 (external request, aborted): {url}" for url in self.external_requests]
        found += [f"外部连接 (seen by the context's proxy, refused): {line}" for line in self.proxied_requests]
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


@dataclass
class Guarded:
    """A context opened by :func:`open_guarded`: its first page, its guard and its own proxy."""

    context: BrowserContext
    page: Page
    guard: PageGuard
    proxy: RecordingProxy


def open_guarded(browser: Browser, *, timeout_ms: float | None = TIMEOUT_MS, **context_options: Any) -> Guarded:
    """A fresh context whose every request is guarded (route + its own recording proxy) and its page.
    ``timeout_ms`` is the context's default timeout (None keeps Playwright's 30 s)."""
    proxy = RecordingProxy()
    context = browser.new_context(proxy=proxy.playwright_proxy, **context_options)
    if timeout_ms is not None:
        context.set_default_timeout(timeout_ms)
    page = context.new_page()
    guard = PageGuard()
    _guard(context, page, guard)
    return Guarded(context, page, guard, proxy)


def close_guarded(guarded: Guarded) -> list[str]:
    """Close the context and its proxy; every problem the guard saw (empty when all was well)."""
    guarded.context.close()
    time.sleep(0.05)  # a connection the closing context had just opened reaches the proxy first
    guarded.proxy.close()
    guarded.guard.proxied_requests.extend(guarded.proxy.requests)
    return guarded.guard.problems()


PageFactory = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser) -> Iterator[PageFactory]:
    """Factory for guarded pages in fresh contexts; fails the test at teardown on any problem."""
    opened: list[Guarded] = []

    def make(**context_options: Any) -> Page:
        options = {
            "locale": "zh-CN",
            "viewport": VIEWPORT,
            "service_workers": "block",
            **context_options,
        }
        guarded = open_guarded(browser, **options)
        opened.append(guarded)
        return guarded.page

    yield make
    problems: list[str] = []
    for guarded in opened:
        problems += close_guarded(guarded)
    if problems:
        pytest.fail("页面出现了不该有的情况 (the page misbehaved):\n" + "\n".join(problems),
                    pytrace=False)


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """A guarded page with JavaScript on, in a fresh browser context."""
    return new_page()
