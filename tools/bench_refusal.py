#!/usr/bin/env python3
"""Benchmark the refusal reviewer on the labelled set (tests/data/refusal_labelled.jsonl).

Prints precision and recall per key, overall label accuracy, whole-message accuracy and the number
of harsh or over-promising messages the reviewer passed as fine, separately for the ``dev`` part
(used while writing the rules; it includes the independent evaluator's sets A and C, ids ``indep-a-…`` and
``indep-c-…``, which are also reported on their own) and the ``holdout`` part (written first, never tuned on).
Usage: python tools/bench_refusal.py [--show-errors] [--json] [FILE]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kosguide.refusal_review import review

KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")
DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "refusal_labelled.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(rows: list[dict]) -> dict:
    counts = {k: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for k in KEYS}
    exact = 0
    passed_bad = []
    errors = []
    for row in rows:
        got = review(row["text"]).labels()
        wrong = [k for k in KEYS if got[k] != row[k]]
        exact += not wrong
        if wrong:
            errors.append({"id": row["id"], "text": row["text"], "wrong": {k: {"label": row[k], "got": got[k]}
                                                                          for k in wrong}})
        for k in KEYS:
            cell = ("t" if got[k] == row[k] else "f") + ("p" if got[k] else "n")
            counts[k][cell] += 1
        if (row["harsh"] or row["overpromise"]) and not (got["harsh"] or got["overpromise"]):
            passed_bad.append(row["id"])
    per_key = {}
    for k, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        per_key[k] = {"precision": precision, "recall": recall, "support": c["tp"] + c["fn"]}
    correct = sum(c["tp"] + c["tn"] for c in counts.values())
    return {"messages": len(rows), "label_accuracy": correct / (len(rows) * len(KEYS)) if rows else 0.0,
            "message_accuracy": exact / len(rows) if rows else 0.0, "per_key": per_key,
            "harsh_or_overpromise_passed_as_fine": passed_bad, "errors": errors}


def main(argv: list[str]) -> int:
    show = "--show-errors" in argv
    as_json = "--json" in argv
    files = [a for a in argv if not a.startswith("--")]
    rows = load(Path(files[0]) if files else DEFAULT)
    results = {split: score([r for r in rows if r["split"] == split]) for split in ("dev", "holdout")}
    # The evaluator's sets A and C were copied into dev after the rules were first written: report them apart too.
    extra = {}
    for tag in ("a", "c", "e", "f", "g"):
        indep = [r for r in rows if r["split"] == "dev" and r["id"].startswith(f"indep-{tag}-")]
        if indep:
            extra[f"dev (independent set {tag.upper()} only)"] = score(indep)
    # Independent holdout sets: written by people who never saw the reviewer, never trained or tuned on.
    held = {}
    for tag in ("b", "d", "h"):
        indep = [r for r in rows if r["split"] == "holdout" and r["id"].startswith(f"indep-{tag}-")]
        if indep:
            held[f"holdout (independent set {tag.upper()} only)"] = score(indep)
    results = {"dev": results["dev"], **extra, "holdout": results["holdout"], **held}
    import time

    from kosguide.refusal_model import default_model, packaged_model_path
    started = time.perf_counter()
    default_model.cache_clear()
    model = default_model()
    for row in rows[:100]:
        review(row["text"])
    speed = time.perf_counter() - started
    cv = (model.training or {}).get("cv", {}) if model else {}
    if as_json:
        print(json.dumps({**results, "model_cv": cv, "load_and_review_100_seconds": round(speed, 3)},
                         ensure_ascii=False, indent=2))
        return 0
    size = packaged_model_path().stat().st_size if model else 0
    print(f"model.json: {size / 1024:.0f} KiB; load + review of 100 messages: {speed:.2f} s")
    for title, res in cv.items():
        print(f"training cross-validation, {title}: label accuracy {res['label_accuracy']:.3f}, "
              f"harsh/overpromise passed as fine {res['passed_bad']}")
    print()
    for split, res in results.items():
        print(f"== {split}: {res['messages']} messages ==")
        print(f"{'key':<12} {'precision':>9} {'recall':>7} {'positives':>9}")
        for k, v in res["per_key"].items():
            print(f"{k:<12} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['support']:>9}")
        print(f"label accuracy   {res['label_accuracy']:.3f}")
        print(f"message accuracy {res['message_accuracy']:.3f} (all five keys right)")
        bad = res["harsh_or_overpromise_passed_as_fine"]
        print(f"harsh/overpromise messages passed as fine: {len(bad)} {bad if bad else ''}")
        if show:
            for err in res["errors"]:
                print(f"  {err['id']}: {err['text'][:60]}  {err['wrong']}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
