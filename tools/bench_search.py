#!/usr/bin/env python3
"""Recall and rank of the site search on the learner query set (printed by `make bench`).

Serves the built site under a sub-path (``/kosguide/``, as on a project page) on 127.0.0.1, runs
every query of ``tests/data/search_queries.toml`` plus every glossary term through the site's own
search page in Debian Chromium, on a desktop and on a 390 px phone viewport, and prints recall (share
of expected pages found) and rank (right chapter in the top 3, mean rank) per query kind.

With ``--pagefind`` it also indexes a copy of the site with Pagefind (``pip install
'pagefind[extended]'``; the extended binary segments Chinese with jieba-rs) and runs the same set
through Pagefind's own JavaScript API in the same browser, for comparison.

Usage: ``python tools/bench_search.py [--site _build/html] [--pagefind | --only-pagefind] [--failures] [--json]``
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_eval import ROOT, Report, all_queries, docname_of, evaluate, sphinx_search

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SUBPATH = "/kosguide/"
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``/kosguide/`` only (everything else is 404), like a project page."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUBPATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUBPATH):])

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that leaves a page while it still loads closes its connections: not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Base URL of ``site`` served under ``/kosguide/`` on 127.0.0.1 (a free port)."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_SubPathHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    finally:
        server.shutdown()
        server.server_close()


PAGEFIND_JS = """async (q) => {
  if (!window.__pf) { window.__pf = await import(window.__pfUrl); await window.__pf.options({}); }
  const r = await window.__pf.search(q);
  const data = await Promise.all(r.results.slice(0, 30).map(x => x.data()));
  return data.map(d => d.url);
}"""


def pagefind_search(page, base: str) -> Callable[[str], list[str]]:  # type: ignore[no-untyped-def]
    page.goto(base + "book/index.html")
    page.evaluate(f"window.__pfUrl = {json.dumps(base + 'pagefind/pagefind.js')}")

    def search(q: str) -> list[str]:
        urls = page.evaluate(PAGEFIND_JS, q)
        origin = base[: base.index("/", len("http://"))]
        # Pagefind's URLs are site-absolute (the sub-path included) and drop "index.html".
        return [docname_of(origin + (u + "index" if u.endswith("/") else u), base) for u in urls]

    return search


def run(site: Path, engine: str, viewports: list[str]) -> dict[str, tuple[Report, float]]:
    from playwright.sync_api import sync_playwright

    queries = all_queries(site)
    out: dict[str, tuple[Report, float]] = {}
    with sync_playwright() as pw, serve(site) as base:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for name in viewports:
            context = browser.new_context(locale="zh-CN", service_workers="block", **VIEWPORTS[name])
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("http://127.0.0.1", "data:", "blob:")) else route.abort())
            page = context.new_page()
            search = sphinx_search(page, base) if engine == "sphinx" else pagefind_search(page, base)
            start = time.perf_counter()
            report = evaluate(queries, search)
            out[name] = (report, (time.perf_counter() - start) / max(1, len(queries)))
            context.close()
        browser.close()
    return out


def pagefind_site(site: Path, work: Path) -> Path:
    """A copy of ``site`` (without JupyterLite) indexed by Pagefind's extended binary."""
    copy = work / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("lite"))
    cmd = [sys.executable, "-m", "pagefind", "--site", str(copy), "--root-selector", "article.bd-article",
           "--force-language", "zh"]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return copy


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pagefind", action="store_true", help="also measure Pagefind on the same set")
    parser.add_argument("--only-pagefind", action="store_true", help="measure Pagefind only")
    parser.add_argument("--failures", action="store_true", help="list every query that misses a goal")
    parser.add_argument("--json", action="store_true", help="print one JSON line at the end (for bench.py)")
    args = parser.parse_args(argv)
    engines: list[tuple[str, Path]] = [] if args.only_pagefind else [("sphinx", args.site)]
    work = Path(tempfile.mkdtemp(prefix="kosguide-search-"))
    figures: dict[str, str] = {}
    try:
        if args.pagefind or args.only_pagefind:
            engines.append(("pagefind", pagefind_site(args.site, work)))
        for engine, site in engines:
            for viewport, (report, per_query) in run(site, engine, list(VIEWPORTS)).items():
                label = f"search ({engine}, {viewport})"
                print(f"== {label}: {per_query * 1000:.0f} ms per query ==")
                print(report.summary())
                if args.failures:
                    print("\n".join("  " + line for line in report.failures()))
                hit, total = report.recall()
                top, n = report.top3()
                figures[f"{label}: expected pages found"] = f"{100 * hit / total:.1f} % ({hit}/{total})"
                figures[f"{label}: right chapter in top 3"] = f"{100 * top / n:.1f} % ({top}/{n})"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
