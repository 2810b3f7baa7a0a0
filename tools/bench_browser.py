#!/usr/bin/env python3
"""Browser benchmarks for `make bench`: click-to-widget time (cold and warm), memory, page bytes.

Needs the built site (`make book`) and Debian chromium. Prints numbers; asserts nothing.

- cold: a brand-new browser profile, first visit, click 打开练习， wait for the widget;
- warm: the same profile, a second visit (HTTP cache filled; the site's server answers 304s,
  and Chromium reuses the WebAssembly it compiled for Pyodide);
- memory: peak resident memory of all Chromium processes of that profile, sampled every 0.2 s;
- plain page: bytes transferred for a text-only chapter page in a fresh profile.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXERCISE_PAGE = "book/ch01-relationship.html"
PLAIN_PAGE = "book/ch00-guide.html"


def rss_of_profile(profile: str) -> int:
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if profile.encode() not in cmdline:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


class PeakSampler(threading.Thread):
    def __init__(self, profile: str) -> None:
        super().__init__(daemon=True)
        self.profile, self.peak, self.running = profile, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_of_profile(self.profile))
            time.sleep(0.2)


def click_to_widget(page, base: str) -> float:  # type: ignore[no-untyped-def]
    page.goto(base + EXERCISE_PAGE, wait_until="load")
    box = page.locator(".kos-lite").first
    start = time.monotonic()
    box.locator(".kos-lite-open").click()
    page.wait_for_selector('.kos-lite[data-state="ready"]', timeout=300_000)
    return time.monotonic() - start


def main() -> int:
    if not (SITE / "index.html").exists():
        print("先运行 make book", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "tools"))
    from serve import CourseHandler

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CourseHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        results: dict[str, str] = {}
        with sync_playwright() as p:
            profile = tempfile.mkdtemp(prefix="kosguide-bench-profile-")
            sampler = PeakSampler(profile)
            sampler.start()
            ctx = p.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                       headless=True, args=FLAGS)
            cold = click_to_widget(ctx.new_page(), base)
            for extra in ctx.pages:
                extra.close()
            warm = click_to_widget(ctx.new_page(), base)
            ctx.close()
            sampler.running = False
            sampler.join()
            shutil.rmtree(profile, ignore_errors=True)
            results["click → usable widget, cold (new profile)"] = f"{cold:.1f} s"
            results["click → usable widget, warm (second visit)"] = f"{warm:.1f} s"
            results["browser memory peak (all chromium processes)"] = f"{sampler.peak / 2**20:.0f} MiB"

            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            page = browser.new_context().new_page()
            transferred = []
            page.on("requestfinished", lambda r: transferred.append(r.sizes()))
            page.goto(base + PLAIN_PAGE, wait_until="networkidle")
            browser.close()
            body = sum(s["responseBodySize"] for s in transferred)
            headers = sum(s["responseHeadersSize"] for s in transferred)
            results[f"plain text page ({PLAIN_PAGE})"] = (
                f"{(body + headers) / 1e3:.0f} kB in {len(transferred)} requests")
    finally:
        server.shutdown()
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
