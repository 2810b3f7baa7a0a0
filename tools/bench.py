#!/usr/bin/env python3
"""Benchmarks printed by `make bench` (numbers, not pass/fail).

Build:
- cold build: fresh output folder (no Sphinx environment, no notebook execution cache) and an
  empty Pyodide download cache (npm pack + pip download + kosguide wheel);
- build with the Pyodide cache warm, fresh output folder otherwise;
- rebuild after touching one chapter (same output folder: only that page is re-read).
Site: total size, the JupyterLite part, the Pyodide folder.
Browser (tools/bench_browser.py): the light exercise runtime and the JupyterLite REPL side by side
(click → usable cold and warm, extra memory, bytes on first use, phases, ratios), bytes of a plain
text page.
Search (tools/bench_search.py): recall and rank on the learner query set, desktop and phone, and
Pagefind on the same set when the `bench` extra is installed.
Tests: the whole suite (unit, workbooks, browser) against the site built by `make book`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JB = [str(BIN / "jupyter-book"), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"]


def timed(cmd: list[str], label: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    print(f"[bench] {label} …", flush=True)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"[bench] {label} failed (exit {result.returncode})")
    return seconds, result.stdout


def megabytes(folder: Path) -> str:
    return f"{sum(p.stat().st_size for p in folder.rglob('*') if p.is_file()) / 1e6:.1f} MB"


def main() -> int:
    results: dict[str, str] = {}
    out = Path(tempfile.mkdtemp(prefix="kosguide-bench-"))
    cache = Path(tempfile.mkdtemp(prefix="kosguide-bench-pyodide-"))
    try:
        cold, _ = timed([*JB, "--path-output", str(out / "a")], "cold build (empty output, empty Pyodide cache)",
                        {"KOSGUIDE_PYODIDE_CACHE": str(cache)})
        results["cold build (no caches at all)"] = f"{cold:.1f} s"
        warm_pyodide, _ = timed([*JB, "--path-output", str(out / "b")], "build with the Pyodide cache warm",
                                {"KOSGUIDE_PYODIDE_CACHE": str(cache)})
        results["build, Pyodide cache warm (fresh output)"] = f"{warm_pyodide:.1f} s"
        chapter = ROOT / "book" / "ch01-relationship.md"
        chapter.touch()
        rebuild, _ = timed([*JB, "--path-output", str(out / "b")], "rebuild after touching one chapter",
                           {"KOSGUIDE_PYODIDE_CACHE": str(cache)})
        results["rebuild, one chapter touched"] = f"{rebuild:.1f} s"
        html = out / "b" / "_build" / "html"
        results["site size (_build/html)"] = megabytes(html)
        results["  of which JupyterLite (lite/)"] = megabytes(html / "lite")
        results["  of which Pyodide (lite/static/pyodide)"] = megabytes(html / "lite" / "static" / "pyodide")
        results["  of which the exercise runtime (_runtime)"] = megabytes(html / "_runtime")
        snapshot = html / "lite" / "static" / "pyodide" / "kos-snapshot.bin.gz"
        if snapshot.is_file():
            results["  of which the memory snapshot"] = f"{snapshot.stat().st_size / 1e6:.1f} MB"
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    if not (ROOT / "_build" / "html" / "index.html").exists():
        timed(["make", "--no-print-directory", "book"], "make book (for the browser and the test suite)")
    _, server = timed([str(BIN / "python"), str(ROOT / "tools" / "bench_server.py")],
                      "classroom server: 40 and 150 learners open one exercise at once (new vs old server)")
    results.update(json.loads(server.strip().splitlines()[-1]))
    _, browser = timed([str(BIN / "python"), str(ROOT / "tools" / "bench_browser.py")], "browser: click to widget")
    results.update(json.loads(browser.strip().splitlines()[-1]))
    search_cmd = [str(BIN / "python"), str(ROOT / "tools" / "bench_search.py"), "--json"]
    if importlib.util.find_spec("pagefind") is not None:
        search_cmd.append("--pagefind")  # the alternative, on the same query set in the same run
    _, search = timed(search_cmd, "browser: search recall and rank (learner query set)")
    results.update(json.loads(search.strip().splitlines()[-1]))
    suite, _ = timed([str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", "tests", "workbooks", "--nbval-lax",
                      "--nbval-current-env"], "whole test suite (unit, workbooks, browser)")
    results["test suite (pytest, all)"] = f"{suite:.1f} s"
    refusal = ROOT / "tools" / "bench_refusal.py"
    print("\n== kosguide benchmarks ==")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")
    if refusal.exists():
        print("\n== refusal reviewer (tools/bench_refusal.py) ==", flush=True)
        subprocess.run([str(BIN / "python"), str(refusal)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
