"""Every exercise page in a real browser, offline: one click on 打开练习 loads the site's own
JupyterLite + Pyodide, the widget appears, and a real interaction gives the expected result.

Two independent guards prove that nothing leaves 127.0.0.1:

* ``context.route`` sees every request of the page and its frames: non-local ones are aborted
  and recorded (service workers stay allowed, as for a learner: JupyterLite registers one);
* Chromium runs with ``--proxy-server`` pointing at a recording proxy in this module, so any
  non-loopback request from anywhere in the browser (workers included) is recorded and refused.
  Chromium's own background services are listed apart and are not the site's requests.

Add an interaction to ``INTERACTIONS`` for every new exercise workbook: a page without one fails.
"""

from __future__ import annotations

import json
import re
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, Playwright, expect

import kosguide
from kosguide.data_loader import load_course_data

from .conftest import CHROMIUM, CHROMIUM_FLAGS, REPO_ROOT, SITE_DIR, PageGuard, _guard

pytestmark = pytest.mark.browser

WIDGET_TIMEOUT_MS = 180_000  # the first run starts Pyodide in a fresh worker: wait for the widget itself
QUIET_FLAGS = [
    "--disable-features=AutofillServerCommunication,OptimizationHints,Translate,MediaRouter,"
    "DialMediaRouteProvider,SigninInterception,AccountConsistency",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
]
# Hosts Chromium itself (not a page) may contact; a page request there would still be caught by
# the route guard.
BROWSER_INTERNAL_HOSTS = {
    "update.googleapis.com", "accounts.google.com", "content-autofill.googleapis.com",
    "optimizationguide-pa.googleapis.com", "clients2.google.com", "safebrowsing.googleapis.com",
}
TIMINGS_FILE = REPO_ROOT / "tests" / "artifacts" / "exercise-timings.json"


def exercise_pages() -> list[tuple[str, str]]:
    """(page docname, workbook name) for every ``kos-exercise`` box in a published chapter."""
    found = []
    toc = (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")
    for md in sorted((REPO_ROOT / "book").glob("*.md")):
        doc = f"book/{md.stem}"
        if doc not in toc:
            continue
        for workbook in re.findall(r"```\{kos-exercise\}\s+(\S+)", md.read_text(encoding="utf-8")):
            found.append((doc, workbook))
    return found


# --- one real interaction per exercise ------------------------------------------------------------


def use_ch01(frame: FrameLocator) -> None:
    """Answer question 1 of the chapter-1 knowledge check correctly, then check it."""
    question = load_course_data([]).knowledge_check("ch01").questions[0]
    first_box = frame.locator(".widget-vbox").filter(has=frame.locator(".widget-radio-box")).first
    if question.kind == "single":
        correct = question.options[min(question.correct_indexes)].text
        first_box.locator(".widget-radio-box label", has_text=correct[:12]).first.click()
    first_box.get_by_role("button", name="检查答案").first.click()
    expect(first_box).to_contain_text("回答正确", timeout=30_000)


INTERACTIONS: dict[str, Callable[[FrameLocator], None]] = {
    "ch01-relationship": use_ch01,
}


# --- browser with a recording proxy ---------------------------------------------------------------


class RecordingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.site_requests: list[str] = []
        self.browser_internal: list[str] = []
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(8192).decode("latin-1").strip()
                if line:
                    target = line.split()[1] if len(line.split()) > 1 else line
                    host = urlsplit(target if "://" in target else f"//{target}").hostname
                    bucket = proxy.browser_internal if host in BROWSER_INTERNAL_HOSTS else proxy.site_requests
                    bucket.append(line)
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()
    assert server.site_requests == [], f"请求离开了 127.0.0.1 (seen by the proxy): {server.site_requests}"


@pytest.fixture(scope="module")
def proxied_browser(playwright_instance: Playwright, proxy: RecordingProxy) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_FLAGS, *QUIET_FLAGS, f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}"],
    )
    yield browser
    browser.close()


def open_exercise(page: Page, site: str, doc: str, workbook: str) -> tuple[FrameLocator, float]:
    page.goto(f"{site}{doc}.html", wait_until="load")
    box = page.locator(f'.kos-lite[data-workbook="{workbook}.ipynb"]')
    assert page.locator("iframe").count() == 0, "练习在点击前就加载了（a reader who only reads must start no kernel）"
    button = box.get_by_role("button", name=re.compile("打开练习"))
    expect(button).to_be_visible()
    button.focus()
    start = time.monotonic()
    page.keyboard.press("Enter")  # the button is keyboard-usable
    expect(box).to_have_attribute("data-state", "ready", timeout=WIDGET_TIMEOUT_MS)
    seconds = time.monotonic() - start
    expect(box.locator(".kos-lite-status")).to_contain_text("练习已就绪")
    return page.frame_locator(".kos-lite-iframe"), seconds


def record_timing(workbook: str, seconds: float) -> None:
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS_FILE.read_text()) if TIMINGS_FILE.exists() else {}
    data[workbook] = round(seconds, 1)
    TIMINGS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2))


def test_built_lite_config_is_local_and_offline() -> None:
    config = json.loads((SITE_DIR / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    # Browser storage is keyed by the course version: an older site's saved copies never shadow
    # or break the current workbooks (see test_stale_browser_storage_…).
    major_minor = ".".join(kosguide.__version__.split(".")[:2])
    assert config["jupyter-config-data"]["contentsStorageName"] == f"kosguide-{major_minor}-contents"
    assert config["jupyter-config-data"]["settingsStorageName"] == f"kosguide-{major_minor}-settings"
    pyodide = SITE_DIR / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    served = {p.name for p in pyodide.iterdir()}
    for name, package in lock["packages"].items():
        assert package["file_name"] in served, f"lock names {name} but the site does not serve {package['file_name']}"
    assert "kosguide" in lock["packages"] and "ipywidgets" in lock["packages"]
    assert not list(SITE_DIR.rglob("*.map")), "source maps should be stripped from the site"


def test_every_exercise_has_an_interaction() -> None:
    pages = exercise_pages()
    assert pages, "no exercise page found"
    missing = sorted({workbook for _, workbook in pages} - set(INTERACTIONS))
    assert missing == [], f"add a browser interaction for: {missing}"


@pytest.mark.parametrize(("doc", "workbook"), exercise_pages(), ids=[w for _, w in exercise_pages()])
def test_exercise_works_offline_after_one_click(
    proxied_browser: Browser, site: str, doc: str, workbook: str
) -> None:
    context = proxied_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000},
                                          service_workers="allow")
    page = context.new_page()
    guard = PageGuard()
    _guard(context, page, guard)
    try:
        frame, seconds = open_exercise(page, site, doc, workbook)
        record_timing(workbook, seconds)
        INTERACTIONS[workbook](frame)
    finally:
        context.close()
    assert guard.problems() == [], "\n".join(guard.problems())


def test_stale_browser_storage_from_an_older_site_does_not_break_the_exercise(
    proxied_browser: Browser, site: str, tmp_path: Path
) -> None:
    """A learner's JupyterLite storage left by an older version of the site (old workbook copy,
    unknown settings, a garbage record) is ignored by the exercise: it runs its code from the page."""
    doc, workbook = exercise_pages()[0]
    context = proxied_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000},
                                          service_workers="allow")
    page = context.new_page()
    guard = PageGuard()
    _guard(context, page, guard)
    try:
        page.goto(f"{site}{doc}.html", wait_until="load")
        page.evaluate(
            """async () => {
              const names = ["JupyterLite Storage", "kosguide-0.0-contents", "kosguide-0.0-settings"];
              for (const name of names) {
                await new Promise((resolve, reject) => {
                  const open = indexedDB.open(name, 1);
                  open.onupgradeneeded = () => open.result.createObjectStore("files");
                  open.onsuccess = () => {
                    const tx = open.result.transaction("files", "readwrite");
                    tx.objectStore("files").put({name: "old", content: "{not json"}, "workbooks/old.ipynb");
                    tx.oncomplete = () => { open.result.close(); resolve(); };
                    tx.onerror = () => reject(tx.error);
                  };
                  open.onerror = () => reject(open.error);
                });
              }
              localStorage.setItem("@jupyterlab/settingregistry", "{garbage");
            }"""
        )
        frame, _ = open_exercise(page, site, doc, workbook)
        INTERACTIONS[workbook](frame)
    finally:
        context.close()
    assert guard.problems() == [], "\n".join(guard.problems())


def test_a_kernel_that_cannot_start_gets_a_chinese_message_not_a_spinner(
    proxied_browser: Browser, site: str
) -> None:
    """Pyodide's WebAssembly is made unreachable: the learner is told what to try, and can retry."""
    doc, workbook = exercise_pages()[0]
    context = proxied_browser.new_context(locale="zh-CN", service_workers="block")
    external: list[str] = []

    def route(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.endswith("pyodide.asm.wasm"):
            route.abort("failed")
        elif (urlsplit(url).hostname or "") in {"127.0.0.1", "localhost"} or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(f"{site}{doc}.html", wait_until="load")
        page.evaluate("window.KOS_LITE_SLOW_MS = 4000")
        box = page.locator(f'.kos-lite[data-workbook="{workbook}.ipynb"]')
        box.get_by_role("button", name=re.compile("打开练习")).click()
        expect(box).to_have_attribute("data-state", "slow", timeout=60_000)
        status = box.locator(".kos-lite-status")
        expect(status).to_contain_text("练习还没有准备好")
        expect(status).to_contain_text("下载练习册")
        retry = status.get_by_role("button", name="重新加载练习")
        expect(retry).to_be_visible()
        retry.click()
        expect(box).to_have_attribute("data-state", "loading")
    finally:
        context.close()
    assert external == []
