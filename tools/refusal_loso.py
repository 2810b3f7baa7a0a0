"""Leave-one-writer-set-out evaluation of the refusal reviewer's learned model (dev rows only).

The guide metric for generalisation to writers the reviewer has never seen. For each independent dev
set (ids ``indep-<x>-…``, one writer each): fit the five per-key models on every *other* dev row,
choose each key's combination with the rules and its threshold on the other sets' left-out
probabilities only, and judge the left-out set. The lexicon rules are shared by all folds, so a set
the lexicon was tuned on (:data:`LEXICON_TUNED`) reads better than a new writer would; the sets the
rules were never tuned on are the honest ones. Holdout rows are never passed in (the caller loads
``"split": "dev"`` rows only).

Used by ``tools/train_refusal_model.py --by-set``; prints a table, writes nothing.
"""

from __future__ import annotations

import re
from types import ModuleType

LEXICON_TUNED = ("a", "c", "l", "n", "p", "q")
"""Independent dev sets whose errors the lexicon rules were tuned on (issues 7, 10 and 18); e, f and g
never were (see ``FRESH`` in the training tool). P and Q only lightly: after their first-sight
measurement, typos and the declined-promise scope (``negated_promise_cues``) came from their errors."""

_SET = re.compile(r"^indep-([a-z])-")


def set_of(row_id: str) -> str:
    m = _SET.match(row_id)
    return m.group(1) if m else ""


def leave_one_set_out(rows: list[dict], data: list[dict], t: ModuleType, show: bool = False) -> dict[str, dict]:
    """Per set letter: the trainer's :func:`evaluate` result for rules only, model only and combined.

    ``rows`` are the dev rows, ``data`` their features from ``t.featurise``; ``t`` is the training tool's
    module (its ``fit``, ``choose``, ``decide`` and ``evaluate``).
    """
    return report(rows, data, left_out_probabilities(rows, data, t), t, show)


def left_out_probabilities(rows: list[dict], data: list[dict], t: ModuleType) -> dict[str, list[float]]:
    """Per key, every row's probability from the model trained without its writer set (0 for the
    course's own rows, which only train, and for keys the rules cancelled)."""
    return t.cross_validate(data, [set_of(r["id"]) or None for r in rows])


def report(rows: list[dict], data: list[dict], oof: dict[str, list[float]], t: ModuleType,
           show: bool = False) -> dict[str, dict]:
    """Choose each left-out set's combination on the other sets, judge it, print the table."""
    keys = t.KEYS
    tags = [set_of(r["id"]) for r in rows]
    sets = sorted({s for s in tags if s})
    results: dict[str, dict] = {}
    print(f"leave-one-writer-set-out on {len(rows)} dev rows; lexicon tuned on sets "
          f"{', '.join(s.upper() for s in LEXICON_TUNED)}")
    print(f"{'set':<4} {'rows':>4} {'lexicon':>8} {'rules acc':>9} {'model acc':>9} {'combined':>9} "
          f"{'passed':>6}  chosen combination")
    pred: dict[int, dict[str, bool]] = {}
    text_of = {r["id"]: r["text"] for r in rows}
    for s in sets:
        idx = [i for i, tag in enumerate(tags) if tag == s]
        rest = [i for i, tag in enumerate(tags) if tag and tag != s]  # own rows have no left-out probability
        choice = t.choose([data[i] for i in rest], {k: [oof[k][i] for i in rest] for k in keys})
        part = [data[i] for i in idx]
        probs = {k: [oof[k][i] for i in idx] for k in keys}
        res = {
            "rules": t.evaluate(part, lambda j, d, k: d["rules"][k]),
            "model": t.evaluate(part, lambda j, d, k, probs=probs: probs[k][j] >= 0.5),
            "combined": t.evaluate(part, lambda j, d, k, probs=probs, choice=choice: t.decide(
                choice[k][0], d["rules"][k], probs[k][j], choice[k][1])),
            "choice": choice,
        }
        results[s] = res
        comb = res["combined"]
        for j, i in enumerate(idx):
            pred[i] = {k: t.decide(choice[k][0], data[i]["rules"][k], probs[k][j], choice[k][1]) for k in keys}
        print(f"{s.upper():<4} {len(idx):>4} {'tuned' if s in LEXICON_TUNED else 'new':>8} "
              f"{res['rules']['label_accuracy']:>9.3f} {res['model']['label_accuracy']:>9.3f} "
              f"{comb['label_accuracy']:>9.3f} {len(comb['passed_bad']):>6}  "
              + ", ".join(f"{k[:4]}={m}@{th}" for k, (m, th) in choice.items()))
        if show:
            for j, d in enumerate(part):
                wrong = {k: ("missed" if d["y"][k] else "false alarm", round(probs[k][j], 2)) for k in keys
                         if t.decide(choice[k][0], d["rules"][k], probs[k][j], choice[k][1]) != d["y"][k]}
                if wrong:
                    print(f"    {d['id']}: {text_of[d['id']][:70]}  {wrong}")
    order = sorted(pred)
    pooled = t.evaluate([data[i] for i in order], lambda j, d, k: pred[order[j]][k])
    results["all"] = {"combined": pooled}
    print(f"all  {len(order):>4} {'':>8} {'':>9} {'':>9} {pooled['label_accuracy']:>9.3f} "
          f"{len(pooled['passed_bad']):>6}")
    new = [s for s in sets if s not in LEXICON_TUNED]
    if new:
        n = sum(results[s]["combined"]["messages"] for s in new)
        acc = sum(results[s]["combined"]["label_accuracy"] * results[s]["combined"]["messages"] for s in new) / n
        print(f"sets the lexicon was never tuned on ({', '.join(s.upper() for s in new)}): {n} rows, "
              f"combined {acc:.3f}, passed {sum(len(results[s]['combined']['passed_bad']) for s in new)}")
    print("per key over all left-out sets (combined): " + "; ".join(
        f"{k} P {v['precision']:.3f} R {v['recall']:.3f}" for k, v in pooled["per_key"].items()))
    print("harsh/overpromise passed: " + " ".join(pooled["passed_bad"]))
    return results
