#!/usr/bin/env python3
"""Classroom-server benchmark: a class opening one exercise at once, over 127.0.0.1.

40 and 150 simulated learners start together; each fetches, one after another on one keep-alive
connection and accepting gzip like a browser, every file one exercise needs (the chapter page and
its assets, the exercise runtime, Pyodide, its memory snapshot, the wheels). The list is taken from
the built site: a real Chromium opens the first exercise page, clicks 打开练习 and the server records
every file the page and its worker fetch until the widget is ready.

Measured for each server: wall time, p50/p99 time to first byte (request sent → status line and
headers received), errors (refused, reset, timeout, non-200), peak server memory (VmHWM of the
server process and its workers). Goal: 0 errors and p99 first byte < 0.3 s
at 150 learners.

The servers. ``tools/serve.py`` as ``make serve`` runs it (WhiteNoise under granian), the same app
under waitress (``serve.py --server waitress``, the pure-Python fallback and the previous choice),
and the server both replaced (``http.server`` with in-memory gzip, kept only here as
``OldCourseHandler``). The learners are spread over 5
client processes, and they share the machine's cores with the server: on this 2-core machine
receiving 2.4 GB costs the clients about as much CPU as sending it costs the server, so this is
harsher than a classroom, where the browsers run on the learners' own devices. Each of the two
current servers is measured ``--repeat`` times (default 5) per class size; the summary gives the p99
of all their requests pooled (the 99th percentile of one run's 7,650 requests is its 77th slowest,
which one scheduling hiccup moves) with every run's own p99 beside it; the old server runs once.
Prints one JSON line at the end for ``tools/bench.py``.

Usage: ``python tools/bench_server.py [--learners 40,150] [--repeat 5] [--client-processes 5]
[--servers granian,waitress] [--skip-old] [DIR]``.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
REQUEST_TIMEOUT_S = 30
LEARNER_DEADLINE_S = 240
CHROMIUM = "/usr/bin/chromium"
CLIENT_PROCESSES = 5


# --- the server tools/serve.py replaced, kept only as the comparison ------------------------------
_OLD_GZIP_CACHE: dict[tuple[str, int, int], bytes] = {}
_OLD_HASHED = re.compile(r"/lite/build/.*[.-][0-9a-f]{7,}\.(js|css)$")
_OLD_COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".ipynb", ".txt", ".map"}


class OldCourseHandler(SimpleHTTPRequestHandler):
    """The previous tools/serve.py handler (http.server, gzip per file version kept in memory)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".wasm": "application/wasm",
        ".ipynb": "application/json", ".whl": "application/zip"}

    def do_GET(self) -> None:
        if not self._send_gzipped():
            super().do_GET()

    def _send_gzipped(self) -> bool:
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        path = Path(self.translate_path(self.path))
        if path.suffix not in _OLD_COMPRESSIBLE or not path.is_file():
            return False
        stat = path.stat()
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        body = _OLD_GZIP_CACHE.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            _OLD_GZIP_CACHE[key] = body
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)
        return True

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if _OLD_HASHED.search(path)
                         else "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def run_old_server(directory: str, port: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(OldCourseHandler, directory=directory))
    server.serve_forever()


# --- the file list, from the built site ----------------------------------------------------------
def exercise_files(site: Path) -> list[str]:
    """Paths (with query) a learner's browser fetches to open the first exercise box of the light
    runtime, recorded on the server side (the exercise's Web Worker fetches Pyodide, the snapshot and
    the wheels itself, which Playwright's request events do not show)."""
    import importlib.util

    import waitress
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import CHROMIUM_FLAGS

    spec = importlib.util.spec_from_file_location("kos_serve", ROOT / "tools" / "serve.py")
    serve = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(serve)  # type: ignore[union-attr]
    files_app = serve.make_app(site)
    seen: list[str] = []

    def recording(environ, start_response):  # type: ignore[no-untyped-def]
        query = environ.get("QUERY_STRING", "")
        seen.append(environ.get("PATH_INFO", "") + (f"?{query}" if query else ""))
        return files_app(environ, start_response)

    server = waitress.create_server(recording, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, name="bench-site", daemon=True).start()
    port = server.effective_port  # type: ignore[union-attr]
    try:
        html = next(p for p in sorted((site / "book").glob("ch0*.html")) if 'class="kos-run' in p.read_text("utf-8"))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_context(service_workers="block").new_page()
            page.goto(f"http://127.0.0.1:{port}/book/{html.name}", wait_until="load")
            box = page.locator(".kos-run").first
            box.get_by_role("button", name=re.compile("打开练习")).click()
            page.locator(".kos-run[data-state=ready]").first.wait_for(timeout=240_000)
            browser.close()
    finally:
        server.close()
    paths = []
    for path in seen:
        file = site / urlsplit(path).path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file() and path not in paths:  # only the site's files
            paths.append(path)
    return paths


# --- the load ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def learner(port: int, paths: list[str], start: threading.Event, ttfb: list[float], errors: list[str],
            got: list[int]) -> None:
    start.wait()
    deadline = time.monotonic() + LEARNER_DEADLINE_S
    conn: http.client.HTTPConnection | None = None
    for path in paths:
        if time.monotonic() > deadline:
            errors.append("learner deadline")
            return
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
            sent = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Encoding": "gzip", "Connection": "keep-alive"})
            response = conn.getresponse()
            ttfb.append(time.perf_counter() - sent)
            size = 0
            while chunk := response.read(262_144):
                size += len(chunk)
            got.append(size)
            if response.status != 200:
                errors.append(f"{response.status} {path}")
            if response.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()


def peak_rss_mb_tree(pid: int) -> float:
    """Peak resident memory (VmHWM, MB) of ``pid`` plus its child processes (granian serves from a
    worker process); NaN when /proc is missing. An upper bound: pages the processes share (the
    interpreter, its libraries) count once per process, and the peaks need not coincide."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return peak_rss_mb(pid) + sum(peak_rss_mb(int(child)) for child in children)


def peak_rss_mb(pid: int) -> float:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return float("nan")
    for line in lines:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _client_process(port: int, paths: list[str], learners: int, start_at: float, out: Any) -> None:
    """One client process: ``learners`` threads that start together at ``start_at`` (time.time())."""
    start = threading.Event()
    ttfb: list[float] = []
    errors: list[str] = []
    got: list[int] = []
    threads = [threading.Thread(target=learner, args=(port, paths, start, ttfb, errors, got), daemon=True)
               for _ in range(learners)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, start_at - time.time()))
    start.set()
    for thread in threads:
        thread.join(timeout=LEARNER_DEADLINE_S + REQUEST_TIMEOUT_S)
    out.put((ttfb, errors + ["unfinished"] * sum(t.is_alive() for t in threads), sum(got)))


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank, as in ``measure``) of sorted ``values``; NaN when empty."""
    return round(values[min(len(values) - 1, int(len(values) * 0.99))], 3) if values else float("nan")


def measure(command: list[str], port: int, paths: list[str], learners: int,
            client_processes: int = CLIENT_PROCESSES) -> dict[str, Any]:
    """Run ``learners`` simulated learners, spread over ``client_processes`` processes so that the
    clients' own interpreter lock does not queue their responses. The result's ``ttfb`` holds every
    first-byte time (seconds, sorted) for pooling over runs."""
    import multiprocessing

    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = multiprocessing.get_context("spawn")
    try:
        wait_for_port(port)
        out = context.Queue()
        shares = [learners // client_processes + (i < learners % client_processes) for i in range(client_processes)]
        start_at = time.time() + 3.0
        procs = [context.Process(target=_client_process, args=(port, paths, n, start_at, out)) for n in shares if n]
        for proc in procs:
            proc.start()
        parts = [out.get(timeout=LEARNER_DEADLINE_S + REQUEST_TIMEOUT_S + 60) for _ in procs]
        wall = time.time() - start_at
        for proc in procs:
            proc.join(timeout=10)
        memory = peak_rss_mb_tree(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    ttfb = sorted(t for part in parts for t in part[0])
    errors = [e for part in parts for e in part[1]]
    return {
        "wall_s": round(wall, 2),
        "p50_first_byte_s": round(statistics.median(ttfb), 3) if ttfb else float("nan"),
        "p99_first_byte_s": p99(ttfb),
        "errors": len(errors),
        "requests": learners * len(paths),
        "megabytes": round(sum(part[2] for part in parts) / 1e6, 1),
        "server_peak_rss_mb": round(memory, 1),
        "ttfb": ttfb,
    }



def _summary(rows: list[dict[str, Any]]) -> str:
    pooled = sorted(t for r in rows for t in r["ttfb"])
    walls = sorted(r["wall_s"] for r in rows)
    return (f"{len(rows)} run(s): first byte p50 "
            f"{round(statistics.median(pooled), 3) if pooled else float('nan')} s / p99 {p99(pooled)} s over all "
            f"{len(pooled)} requests (each run's p99: {', '.join(str(r['p99_first_byte_s']) for r in rows)}), "
            f"wall {walls[len(walls) // 2]} s (median), errors {sum(r['errors'] for r in rows)}/"
            f"{sum(r['requests'] for r in rows)}, {rows[0]['megabytes']} MB per run, "
            f"server RSS {max(r['server_peak_rss_mb'] for r in rows)} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(SITE))
    parser.add_argument("--learners", default="40,150")
    parser.add_argument("--servers", default="granian,waitress",
                        help="serve.py --server choices to measure, comma-separated (default granian,waitress)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs per current server and class size (the old server: once); the summary pools "
                             "their requests")
    parser.add_argument("--client-processes", type=int, default=CLIENT_PROCESSES,
                        help="processes the simulated learners are spread over (default 5)")
    parser.add_argument("--skip-old", action="store_true", help="do not measure the old http.server")
    parser.add_argument("--old-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.old_server:
        run_old_server(args.directory, args.old_server)
        return 0
    site = Path(args.directory)
    subprocess.run([sys.executable, str(ROOT / "tools" / "serve.py"), "--compress", str(site)], check=True,
                   stdout=subprocess.DEVNULL)
    paths = exercise_files(site)
    print(f"[bench-server] one exercise = {len(paths)} files (recorded in Chromium)", flush=True)
    results: dict[str, str] = {}

    def serve_py(kind: str) -> Any:
        return lambda p: [sys.executable, str(ROOT / "tools" / "serve.py"), "--server", kind, "--port", str(p),
                          "--quiet", str(site)]

    for learners in (int(n) for n in args.learners.split(",")):
        servers = [(f"WhiteNoise under {kind}", serve_py(kind), max(1, args.repeat))
                   for kind in args.servers.split(",")]
        if not args.skip_old:
            servers.append(("old http.server", lambda p: [sys.executable, __file__, "--old-server", str(p), str(site)],
                            1))
        for name, make, runs in servers:
            rows = []
            for _ in range(runs):
                port = free_port()
                rows.append(measure(make(port), port, paths, learners, args.client_processes))
                shown = {k: v for k, v in rows[-1].items() if k != "ttfb"}
                print(f"[bench-server] {learners:>3} learners, {name:<22} {json.dumps(shown)}", flush=True)
            results[f"server {learners} learners, {name}"] = _summary(rows)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
