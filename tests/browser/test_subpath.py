"""The site hosted under a sub-path (``/kosguide/``), as GitHub Pages or any static host serves it:
served by the classroom server itself (``tools/serve.py --prefix /kosguide/``), a page opens, Chinese
search finds a chapter, and one exercise box of the light runtime opens and works, all guarded
(nothing leaves 127.0.0.1, no console errors). The exercise pages' own tests already run the phone
under /kosguide/ on a plain test server; here the point is the real server's types and encodings
(``.mjs``, ``.wasm``, wheels, the worker's gzip memory snapshot sent as is, not re-encoded)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import serve_process

from .conftest import SITE_DIR, close_guarded, open_guarded
from .test_exercises import INTERACTIONS, exercise_box, key, open_exercise

pytestmark = pytest.mark.browser
PREFIX = "/kosguide/"


@pytest.fixture(scope="module")
def subpath_site() -> Iterator[str]:
    """The built site served by ``tools/serve.py --prefix /kosguide/`` as an instructor starts it."""
    pytest.importorskip("whitenoise")
    port, proc = serve_process.start(SITE_DIR, "--prefix", PREFIX, timeout_s=60)
    yield f"http://127.0.0.1:{port}{PREFIX}"
    serve_process.stop(proc)


@pytest.fixture
def learner(browser: Browser) -> Iterator[Page]:
    guarded = open_guarded(browser, timeout_ms=None, locale="zh-CN", viewport={"width": 1280, "height": 1000})
    yield guarded.page
    problems = close_guarded(guarded)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_pages_and_search_work_under_a_sub_path(learner: Page, subpath_site: str) -> None:
    learner.goto(subpath_site)
    expect(learner.locator("body")).to_contain_text("客情")
    learner.goto(subpath_site + "search.html?q=" + quote("客情"))
    learner.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return !!s && s.textContent.trim().length > 0; }")
    hrefs = [a.get_attribute("href") or "" for a in learner.locator("#search-results ul.search li a").all()]
    assert any(re.search(r"book/ch\d\d-[^/]*\.html", h) for h in hrefs), hrefs
    first = learner.locator("#search-results ul.search li a").first
    first.click()
    assert learner.url.startswith(subpath_site), learner.url


def test_an_exercise_works_under_a_sub_path(learner: Page, subpath_site: str) -> None:
    learner.goto(subpath_site + "book/ch05-customer-situation.html", wait_until="load")
    box = exercise_box(learner, "ch05-renewal", "web-exercise")
    open_exercise(learner, box)
    INTERACTIONS[key("ch05-renewal", "web-exercise")](box.locator(".kos-run-output"))
    expect(box.locator(".kos-run-error")).to_have_count(0)
    # the worker unpacks its memory snapshot itself: the server must send the stored gzip bytes as is
    encoding, magic = learner.evaluate("""async () => {
        const r = await fetch('../lite/static/pyodide/kos-snapshot.bin.gz');
        return [r.headers.get('content-encoding'), Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 2))];
    }""")
    assert encoding is None and magic == [0x1F, 0x8B], (encoding, magic)
