#!/usr/bin/env python3
"""Benchmarks printed by `make bench` (numbers, not pass/fail): build and test timings.

- cold build: a fresh output folder (no Sphinx environment, no notebook execution cache);
- rebuild after touching one chapter: only that page is re-read, cached notebooks are not re-run;
- the whole test suite (ruff excluded) against the site built by `make book`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JB = [str(BIN / "jupyter-book"), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"]


def timed(cmd: list[str], label: str) -> float:
    print(f"[bench] {label} …", flush=True)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"[bench] {label} failed (exit {result.returncode})")
    return seconds


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    results: dict[str, str] = {}
    out = Path(tempfile.mkdtemp(prefix="kosguide-bench-"))
    try:
        cold = timed([*JB, "--path-output", str(out)], "cold build (empty output folder and cache)")
        results["cold build"] = f"{cold:.1f} s"
        chapter = ROOT / "book" / "ch01-relationship.md"
        chapter.touch()
        warm = timed([*JB, "--path-output", str(out)], "rebuild after touching book/ch01-relationship.md")
        results["rebuild, one chapter touched"] = f"{warm:.1f} s"
        results["built site size"] = f"{folder_bytes(out / '_build' / 'html') / 1e6:.1f} MB"
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if not (ROOT / "_build" / "html" / "index.html").exists():
        timed(["make", "--no-print-directory", "book"], "make book (for the test suite)")
    suite = timed([str(BIN / "pytest"), "-q", "tests", "workbooks", "--nbval-lax", "--nbval-current-env"],
                  "whole test suite (unit, workbooks, browser)")
    results["test suite"] = f"{suite:.1f} s"
    print("\n== kosguide benchmarks ==")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
