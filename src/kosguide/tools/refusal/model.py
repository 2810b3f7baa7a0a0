"""The refusal reviewer's learned component: per-key logistic regression on character n-grams.

Pure Python (standard library only, so it runs in the browser's Pyodide kernel). The weights live in
``data/refusal/model.json``, written by ``tools/train_refusal_model.py``; this module only extracts
features and scores. Features of a message (its normalised text, quotes masked, see
:mod:`kosguide.tools.refusal.review`):

* ``c:<gram>`` — character 1-, 2- and 3-grams of the text framed by ``^`` and ``$``;
* ``r:<rule id>`` — every lexicon rule that fired (after its context checks and vetoes);
* ``l:<key>`` — the rules-only verdict for each of the five keys;
* ``m:…`` — length, question and exclamation marks, how often “您” occurs, emoji.

Each key has a bias, a probability threshold, a way to combine with the rules (``combine``) and a
sparse weight table. A malformed file is a Chinese :class:`~kosguide.core.datafile.DataError` naming the
file, the key and the field.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...core.datafile import DataError
from .data import KEYS

MODEL_FORMAT = "kosguide-refusal-model"
MODEL_LABEL = "refusal/model.json"
NGRAM_MAX = 3
COMBINE_MODES = {
    "model": "只看模型",
    "or": "规则或模型任一判为有",
    "and": "规则和模型都判为有",
    "rules": "只看规则",
}
_BREAKS = "，。！？；、…：～" + ",!?;:\n~"


@dataclass(frozen=True)
class KeyModel:
    """Logistic regression for one of the five judgements."""

    key: str
    bias: float
    threshold: float
    combine: str
    weights: Mapping[str, float]

    def logit(self, features: Iterable[str]) -> float:
        w = self.weights
        if isinstance(features, (set, frozenset)):
            # only the features that have a weight: a set intersection runs in C (much faster in Pyodide)
            return self.bias + sum(map(w.__getitem__, w.keys() & features))
        return self.bias + sum(w.get(f, 0.0) for f in features)

    def probability(self, features: Iterable[str]) -> float:
        z = self.logit(features)
        if z < -30:
            return 0.0
        if z > 30:
            return 1.0
        return 1.0 / (1.0 + math.exp(-z))

    def says_yes(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold


@dataclass(frozen=True)
class RefusalModel:
    """The five per-key models plus a record of how they were trained."""

    keys: Mapping[str, KeyModel]
    ngram_max: int = NGRAM_MAX
    training: Mapping[str, Any] | None = None

    def __getitem__(self, key: str) -> KeyModel:
        return self.keys[key]


# ---------------------------------------------------------------- features

def _length_bucket(n: int) -> str:
    for limit in (4, 8, 15, 30, 60, 100):
        if n <= limit:
            return f"m:len<={limit}"
    return "m:len>100"


def text_features(text: str, ngram_max: int = NGRAM_MAX) -> set[str]:
    """Character n-gram and surface features of normalised text (quotes already masked)."""
    feats: set[str] = set()
    framed = "^" + text.replace("\n", "。") + "$"
    for n in range(1, ngram_max + 1):
        for i in range(len(framed) - n + 1):
            gram = framed[i:i + n]
            if gram in ("^", "$"):
                continue
            feats.add("c:" + gram)
    feats.add(_length_bucket(len(text)))
    clauses = [c for c in "".join("|" if ch in _BREAKS else ch for ch in text).split("|") if c]
    feats.add(f"m:clauses={min(len(clauses), 5)}")
    if "?" in text or "？" in text:
        feats.add("m:question")
    if "!" in text or "！" in text:
        feats.add("m:exclaim")
    nin = text.count("您")
    feats.add(f"m:nin={min(nin, 2)}")
    if any(unicodedata.category(ch) == "So" for ch in text) or "[" in text:
        feats.add("m:emoji")
    return feats


def message_features(text: str, rule_ids: Iterable[str] = (), rule_labels: Mapping[str, bool] | None = None,
                     ngram_max: int = NGRAM_MAX) -> set[str]:
    """All features of one message: text features plus the lexicon's rule hits and rules-only verdict."""
    feats = text_features(text, ngram_max)
    feats.update("r:" + r for r in rule_ids)
    for key, value in (rule_labels or {}).items():
        if value:
            feats.add("l:" + key)
    return feats


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each clause of ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _BREAKS:
            if i > start:
                spans.append((start, i))
            start = i + 1
    if len(text) > start:
        spans.append((start, len(text)))
    return spans


def strongest_clause(model: KeyModel, text: str, ngram_max: int = NGRAM_MAX) -> tuple[int, int] | None:
    """The clause whose n-grams carry the most positive weight for this key (to quote in feedback)."""
    best: tuple[float, tuple[int, int]] | None = None
    for start, end in clause_spans(text):
        feats = {"c:" + text[i:i + n] for n in range(1, ngram_max + 1) for i in range(start, end - n + 1)}
        weight = sum(max(model.weights.get(f, 0.0), 0.0) for f in feats)
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, (start, end))
    return best[1] if best else None


# ---------------------------------------------------------------- loading

def _number(value: Any, key: str, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataError(MODEL_LABEL, f"应是一个有限的数字，实际是 {value!r}。", key, field_name)
    return float(value)


def parse_model(doc: Any, label: str = MODEL_LABEL) -> RefusalModel:
    """Validate a decoded model file; every problem is a Chinese :class:`DataError`."""
    if not isinstance(doc, dict):
        raise DataError(label, "整个文件应是一个 JSON 对象。")
    if doc.get("format") != MODEL_FORMAT:
        raise DataError(label, f"format 应是“{MODEL_FORMAT}”，实际是 {doc.get('format')!r}。", "", "format")
    unknown = sorted(set(doc) - {"format", "version", "ngram_max", "keys", "training"})
    if unknown:
        raise DataError(label, f"有不认识的字段：{'、'.join(unknown)}。", "", unknown[0])
    ngram_max = doc.get("ngram_max", NGRAM_MAX)
    if not isinstance(ngram_max, int) or isinstance(ngram_max, bool) or not 1 <= ngram_max <= 5:
        raise DataError(label, "应是 1 到 5 之间的整数。", "", "ngram_max")
    keys = doc.get("keys")
    if not isinstance(keys, dict):
        raise DataError(label, "缺少 keys，或者它不是一个对象。", "", "keys")
    missing = [k for k in KEYS if k not in keys]
    if missing:
        raise DataError(label, f"缺少这些判断的模型：{'、'.join(missing)}。", "", "keys")
    extra = sorted(set(keys) - set(KEYS))
    if extra:
        raise DataError(label, f"有不认识的判断：{'、'.join(extra)}。", "", "keys")
    models: dict[str, KeyModel] = {}
    for key in KEYS:
        entry = keys[key]
        if not isinstance(entry, dict):
            raise DataError(label, "应是一个对象。", key, "keys")
        unknown = sorted(set(entry) - {"bias", "threshold", "combine", "weights"})
        if unknown:
            raise DataError(label, f"有不认识的字段：{'、'.join(unknown)}。", key, unknown[0])
        for name in ("bias", "threshold", "combine", "weights"):
            if name not in entry:
                raise DataError(label, "缺少这个字段。", key, name)
        bias = _number(entry["bias"], key, "bias")
        threshold = _number(entry["threshold"], key, "threshold")
        if not 0.0 < threshold < 1.0:
            raise DataError(label, f"应在 0 和 1 之间（不含两端），实际是 {threshold}。", key, "threshold")
        combine = entry["combine"]
        if combine not in COMBINE_MODES:
            raise DataError(label, f"「{combine}」不是允许的组合方式（可选：{'、'.join(COMBINE_MODES)}）。",
                            key, "combine")
        weights = entry["weights"]
        if not isinstance(weights, dict):
            raise DataError(label, "应是“特征 → 权重”的对象。", key, "weights")
        clean: dict[str, float] = {}
        for feature, value in weights.items():
            if not feature or feature[:2] not in ("c:", "r:", "l:", "m:"):
                raise DataError(label, f"特征名「{feature}」应以 c、r、l 或 m 加英文冒号开头。", key, "weights")
            clean[feature] = _number(value, key, f"weights[{feature}]")
        models[key] = KeyModel(key, bias, threshold, combine, clean)
    training = doc.get("training")
    if training is not None and not isinstance(training, dict):
        raise DataError(label, "应是一个对象。", "", "training")
    return RefusalModel(models, ngram_max, training)


def packaged_model_path() -> Path:
    return Path(str(resources.files("kosguide") / "data" / "refusal" / "model.json"))


def load_model(path: Path | None = None) -> RefusalModel | None:
    """Read and validate the model file; ``None`` when there is none (the reviewer then uses its rules only)."""
    path = path or packaged_model_path()
    label = MODEL_LABEL if path == packaged_model_path() else str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(label, f"无法读取：{exc}") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataError(label, f"不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}。") from None
    return parse_model(doc, label)


@lru_cache(maxsize=1)
def default_model() -> RefusalModel | None:
    """The packaged model, read once."""
    return load_model()
