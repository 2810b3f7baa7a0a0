#!/usr/bin/env python3
"""Browser benchmarks for `make bench`: the light exercise runtime against JupyterLite, same run.

Needs the built site (`make book`) and Debian chromium. Prints numbers (JSON on the last line);
asserts nothing. For each path, in a brand-new browser profile:

- cold: first visit to the chapter page, click → the widget is usable;
- warm: a second visit in the same profile (HTTP cache filled: the server answers 304s);
- extra memory: peak PSS of all the profile's Chromium processes during the cold start, minus the
  PSS of the same processes with the idle chapter page open (from /proc/<pid>/smaps_rollup);
- bytes on first use: what the server sent for the cold start, counted on the wire by a small
  forwarding proxy in front of ``tools/serve.py`` (gzip as served, headers included; workers'
  requests included, which Playwright does not report);
- per-phase times of the light runtime (reported by the page: data-phases).

The JupyterLite path is the one exercise boxes used before: the JupyterLite REPL in an iframe running
the same workbook code. Outside hosts are blocked with --host-resolver-rules rather than
Playwright's route(), which would turn the HTTP cache off and make every warm load cold.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
DOC, WORKBOOK = "book/ch05-customer-situation.html", "ch05-renewal"
PLAIN_PAGE = "book/ch00-guide.html"
REPL_OPTIONS = "kernel=python&toolbar=0&showBanner=0&hideCodeInput=1&execute=1"
READY_TIMEOUT_MS = 300_000


class CountingForwarder(threading.Thread):
    """127.0.0.1:port → the site's server; counts bytes and connections server → browser."""

    def __init__(self, target_port: int) -> None:
        super().__init__(daemon=True)
        self.target = target_port
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.bytes = 0
        self.lock = threading.Lock()

    def run(self) -> None:
        while True:
            client, _ = self.sock.accept()
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self.pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client, True), daemon=True).start()

    def pipe(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        try:
            while data := src.recv(65536):
                if count:
                    with self.lock:
                        self.bytes += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def pss_of_profile(profile: str) -> int:
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if profile.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
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
            self.peak = max(self.peak, pss_of_profile(self.profile))
            time.sleep(0.2)


def exercise_code() -> str:
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from kos_exercise import exercise_code as code

    return code(ROOT / "workbooks" / f"{WORKBOOK}.ipynb")


def start_runtime(page: Page) -> dict:
    box = page.locator(".kos-run").first
    start = time.monotonic()
    box.locator(".kos-run-open").click()
    page.wait_for_selector('.kos-run[data-state="ready"]', timeout=READY_TIMEOUT_MS)
    seconds = time.monotonic() - start
    return {"seconds": seconds, "phases": json.loads(box.get_attribute("data-phases") or "{}"),
            "start": box.get_attribute("data-start")}


def start_jupyterlite(page: Page) -> dict:
    url = f"../lite/repl/index.html?{REPL_OPTIONS}&code={quote(exercise_code())}"
    start = time.monotonic()
    page.evaluate("""(url) => { const f = document.createElement('iframe'); f.id = 'kos-bench-lite';
        f.style.cssText = 'width:100%;height:800px'; f.src = url;
        document.querySelector('article').prepend(f); }""", url)
    page.frame_locator("#kos-bench-lite").locator(".widget-button").first.wait_for(timeout=READY_TIMEOUT_MS)
    return {"seconds": time.monotonic() - start, "phases": {}, "start": "jupyterlite"}


def measure(p, base: str, forwarder: CountingForwarder, starter) -> dict:  # type: ignore[no-untyped-def]
    profile = tempfile.mkdtemp(prefix="kosguide-bench-profile-")
    ctx = p.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", headless=True,
                                               args=FLAGS, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(base + DOC, wait_until="load")
        page.wait_for_timeout(1500)
        idle = pss_of_profile(profile)
        sampler = PeakSampler(profile)
        sampler.start()
        before = forwarder.bytes
        cold = starter(page)
        page.wait_for_timeout(1000)  # let late requests finish before counting
        first_use = forwarder.bytes - before
        sampler.running = False
        sampler.join()
        page.close()
        page = ctx.new_page()
        page.goto(base + DOC, wait_until="load")
        before = forwarder.bytes
        warm = starter(page)
        warm_bytes = forwarder.bytes - before
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)
    return {"cold": cold, "warm": warm, "extra_mib": (sampler.peak - idle) / 2**20, "first_use": first_use,
            "warm_bytes": warm_bytes}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    if not (SITE / "_runtime" / "kos-runtime.js").exists():
        print("先运行 make book", file=sys.stderr)
        return 2
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "tools" / "serve.py"), "--host", "127.0.0.1",
                               "--port", str(port), str(SITE)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
        forwarder = CountingForwarder(port)
        forwarder.start()
        base = f"http://127.0.0.1:{forwarder.port}/"
        results: dict[str, str] = {}
        with sync_playwright() as p:
            light = measure(p, base, forwarder, start_runtime)
            lite = measure(p, base, forwarder, start_jupyterlite) if (SITE / "lite" / "repl").is_dir() else None
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            before = forwarder.bytes
            page = browser.new_context().new_page()
            page.goto(base + PLAIN_PAGE, wait_until="networkidle")
            browser.close()
            plain = forwarder.bytes - before
    finally:
        server.terminate()
        server.wait(timeout=10)
    results["exercise runtime: click → usable, cold (new profile)"] = f"{light['cold']['seconds']:.2f} s"
    results["exercise runtime: click → usable, warm (second visit)"] = f"{light['warm']['seconds']:.2f} s"
    results["exercise runtime: start path (cold / warm)"] = f"{light['cold']['start']} / {light['warm']['start']}"
    results["exercise runtime: phases, cold (ms)"] = json.dumps(light["cold"]["phases"], ensure_ascii=False)
    results["exercise runtime: phases, warm (ms)"] = json.dumps(light["warm"]["phases"], ensure_ascii=False)
    results["exercise runtime: extra browser memory (peak PSS over idle page)"] = f"{light['extra_mib']:.0f} MiB"
    results["exercise runtime: bytes on first use (as served)"] = f"{light['first_use'] / 1e6:.1f} MB"
    results["exercise runtime: bytes on second visit"] = f"{light['warm_bytes'] / 1e6:.2f} MB"
    if lite:
        results["JupyterLite REPL: click → usable, cold"] = f"{lite['cold']['seconds']:.2f} s"
        results["JupyterLite REPL: click → usable, warm"] = f"{lite['warm']['seconds']:.2f} s"
        results["JupyterLite REPL: extra browser memory (peak PSS over idle page)"] = f"{lite['extra_mib']:.0f} MiB"
        results["JupyterLite REPL: bytes on first use (as served)"] = f"{lite['first_use'] / 1e6:.1f} MB"
        results["ratio JupyterLite / runtime: cold"] = f"{lite['cold']['seconds'] / light['cold']['seconds']:.1f}×"
        results["ratio JupyterLite / runtime: warm"] = f"{lite['warm']['seconds'] / light['warm']['seconds']:.1f}×"
        results["ratio JupyterLite / runtime: memory"] = f"{lite['extra_mib'] / max(light['extra_mib'], 1):.1f}×"
        results["ratio JupyterLite / runtime: bytes"] = f"{lite['first_use'] / max(light['first_use'], 1):.1f}×"
    results[f"plain text page ({PLAIN_PAGE}), as served"] = f"{plain / 1e3:.0f} kB"
    results["load average while measuring (1 min)"] = f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
