#!/usr/bin/env python3
"""Benchmark the refusal reviewer on the labelled set (tests/data/refusal_labelled.jsonl).

For every set, separately: label accuracy over the five rubric keys, whole-message accuracy,
precision and recall per key, the harsh or over-promising messages passed with neither flag, and
(only where the rows carry the optional ``refusal`` label) how well the reviewer tells a refusal
from a message that simply grants the request.

Sets: the ``holdout`` rows (never trained or tuned on) are reported as the 37 written first and the
independent sets B, D, H, K, M, O, R and S (ids ``indep-<set>-…``; O was written before the second
issue-18 pass and measured once after it; R and S were written at the start of the third, by
writers who saw only the rubric, and measured with the reviewer as it stood); the ``dev`` rows as a
whole and per independent set
(A, C, E, F, G, L, N, P, Q). Then the review speed: loading the model plus the first 100
messages (cold) and 100 messages again (warm).

``--show-errors`` lists the wrong messages of the dev sets only: held-out messages are not read one
by one. ``--dev-only`` drops the holdout rows as soon as the file is read (they are neither scored
nor reviewed for the speed figures), for work that must not see held-out figures at all.
Usage: python tools/bench_refusal.py [--show-errors] [--json] [--holdout-only | --dev-only] [FILE]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

try:  # the tool's home since issue 13; the old path keeps the benchmark runnable on older checkouts
    from kosguide.tools.refusal.review import review
except ImportError:  # pragma: no cover - older checkouts
    from kosguide.refusal_review import review

KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")
DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "refusal_labelled.jsonl"
HOLDOUT_SETS = ("b", "d", "h", "k", "m", "o", "r", "s")
_SET_RE = re.compile(r"^indep-([a-z])-")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def set_of(row: dict) -> str:
    """``"b"``, ``"k"`` … for the independent sets (from the id prefix), ``""`` for the rest."""
    m = _SET_RE.match(row["id"])
    return m.group(1) if m else ""


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(rows: list[dict]) -> dict:
    counts = {k: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for k in KEYS}
    refusal = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "labelled": 0, "unsupported": False}
    exact = 0
    passed_bad = []
    errors = []
    for row in rows:
        result = review(row["text"])
        got = result.labels()
        wrong = [k for k in KEYS if got[k] != row[k]]
        exact += not wrong
        if wrong:
            errors.append({"id": row["id"], "text": row["text"],
                           "wrong": {k: {"label": row[k], "got": got[k]} for k in wrong}})
        for k in KEYS:
            cell = ("t" if got[k] == row[k] else "f") + ("p" if got[k] else "n")
            counts[k][cell] += 1
        if (row["harsh"] or row["overpromise"]) and not (got["harsh"] or got["overpromise"]):
            passed_bad.append(row["id"])
        if "refusal" in row:
            refusal["labelled"] += 1
            said = getattr(result, "is_refusal", None)
            if said is None:
                refusal["unsupported"] = True
                continue
            # positive class: "not a refusal" (the reviewer must notice a message that simply grants)
            cell = ("t" if said == row["refusal"] else "f") + ("p" if not said else "n")
            refusal[cell] += 1
    per_key = {}
    for k, c in counts.items():
        per_key[k] = {"precision": _ratio(c["tp"], c["tp"] + c["fp"]), "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
                      "support": c["tp"] + c["fn"]}
    correct = sum(c["tp"] + c["tn"] for c in counts.values())
    out = {"messages": len(rows), "label_accuracy": correct / (len(rows) * len(KEYS)) if rows else 0.0,
           "message_accuracy": exact / len(rows) if rows else 0.0, "per_key": per_key,
           "harsh_or_overpromise_passed_as_fine": passed_bad, "errors": errors}
    if refusal["labelled"]:
        if refusal["unsupported"]:
            out["non_refusal"] = {"labelled": refusal["labelled"], "supported": False}
        else:
            r = refusal
            out["non_refusal"] = {"labelled": r["labelled"], "supported": True,
                                  "accuracy": (r["tp"] + r["tn"]) / r["labelled"],
                                  "precision": _ratio(r["tp"], r["tp"] + r["fp"]),
                                  "recall": _ratio(r["tp"], r["tp"] + r["fn"]), "support": r["tp"] + r["fn"]}
    return out


def evaluate(rows: list[dict], holdout_only: bool = False, dev_only: bool = False) -> dict[str, dict]:
    results: dict[str, dict] = {}
    if not holdout_only:
        dev = [r for r in rows if r["split"] == "dev"]
        results["dev (all)"] = score(dev)
        for tag in sorted({set_of(r) for r in dev} - {""}):
            results[f"dev, independent set {tag.upper()}"] = score([r for r in dev if set_of(r) == tag])
    if dev_only:
        return results
    held = [r for r in rows if r["split"] == "holdout"]
    results["holdout: the 37 written first"] = score([r for r in held if not set_of(r)])
    for tag in HOLDOUT_SETS:
        part = [r for r in held if set_of(r) == tag]
        if part:
            results[f"holdout: independent set {tag.upper()}"] = score(part)
    return results


def speed(rows: list[dict]) -> dict[str, float]:
    """Seconds to load the model and review 100 messages (cold), and to review them again (warm)."""
    try:
        from kosguide.tools.refusal.model import default_model
    except ImportError:  # pragma: no cover - older checkouts
        from kosguide.refusal_model import default_model
    texts = [r["text"] for r in rows[:100]]
    started, cpu = time.perf_counter(), time.process_time()
    default_model.cache_clear()
    default_model()
    for text in texts:
        review(text)
    cold, cold_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        review(text)
    return {"cold_load_and_review_100_seconds": round(cold, 3), "cold_cpu_seconds": round(cold_cpu, 3),
            "warm_review_100_seconds": round(time.perf_counter() - started, 3),
            "warm_cpu_seconds": round(time.process_time() - cpu, 3)}


def print_result(title: str, res: dict, show: bool) -> None:
    print(f"== {title}: {res['messages']} messages ==")
    print(f"{'key':<12} {'precision':>9} {'recall':>7} {'positives':>9}")
    for k, v in res["per_key"].items():
        print(f"{k:<12} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['support']:>9}")
    print(f"label accuracy   {res['label_accuracy']:.3f}")
    print(f"message accuracy {res['message_accuracy']:.3f} (all five keys right)")
    bad = res["harsh_or_overpromise_passed_as_fine"]
    print(f"harsh/overpromise passed with neither flag: {len(bad)} {bad if bad else ''}")
    nr = res.get("non_refusal")
    if nr and not nr["supported"]:
        print(f"non-refusal detection: {nr['labelled']} rows labelled, the reviewer has no is_refusal")
    elif nr:
        print(f"non-refusal detection ({nr['labelled']} rows labelled, {nr['support']} not refusals): "
              f"accuracy {nr['accuracy']:.3f}, precision {nr['precision']:.3f}, recall {nr['recall']:.3f}")
    if show and not title.startswith("holdout"):  # held-out errors are never read one by one
        for err in res["errors"]:
            print(f"  {err['id']}: {err['text'][:60]}  {err['wrong']}")
    print()


def main(argv: list[str]) -> int:
    show = "--show-errors" in argv
    as_json = "--json" in argv
    files = [a for a in argv if not a.startswith("--")]
    rows = load(Path(files[0]) if files else DEFAULT)
    dev_only = "--dev-only" in argv
    if dev_only:
        rows = [r for r in rows if r["split"] == "dev"]
    results = evaluate(rows, "--holdout-only" in argv, dev_only)
    timing = speed(rows)
    try:
        from kosguide.tools.refusal.model import default_model, packaged_model_path
    except ImportError:  # pragma: no cover - older checkouts
        from kosguide.refusal_model import default_model, packaged_model_path
    model = default_model()
    cv = (model.training or {}).get("cv", {}) if model else {}
    if as_json:
        print(json.dumps({**results, "model_cv": cv, **timing}, ensure_ascii=False, indent=2))
        return 0
    size = packaged_model_path().stat().st_size if model else 0
    print(f"model.json: {size / 1024:.0f} KiB; load + review of 100 messages: "
          f"{timing['cold_load_and_review_100_seconds']:.3f} s (CPU {timing['cold_cpu_seconds']:.3f} s); "
          f"review of 100 messages again: {timing['warm_review_100_seconds']:.3f} s "
          f"(CPU {timing['warm_cpu_seconds']:.3f} s), CPython")
    for title, res in cv.items():
        print(f"training cross-validation, {title}: label accuracy {res['label_accuracy']:.3f}, "
              f"harsh/overpromise passed as fine {res['passed_bad']}")
    print()
    for title, res in results.items():
        print_result(title, res, show)
    held = [(t, r) for t, r in results.items() if t.startswith("holdout")]
    if not held:
        return 0
    print("summary (holdout): " + "; ".join(
        f"{t.split(': ')[1]} {r['label_accuracy']:.3f} / passed {len(r['harsh_or_overpromise_passed_as_fine'])}"
        for t, r in held))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
