"""Personality quiz logic (chapter 4): scoring, type by quadrant, honesty about uncertainty.

No widget import: the widget, the CLI and the tests all use these functions.

Scores: each axis runs from -100 to +100. ``style``: -100 = fully 感性， +100 = fully 理性.
``action``: -100 = fully 优柔， +100 = fully 率直. An answer is an integer on the scale (-2 … 2) or
``None`` ("没注意到 / 不确定" in customer mode, or not answered yet); ``None`` does not count.

A result is one of four statuses:

- ``"clear"``: both axis scores are at least ``between_band`` away from 0 → one type;
- ``"between"``: one axis is near 0 → the person sits between two types;
- ``"center"``: both axes are near 0 → no tendency shows; cannot conclude;
- ``"insufficient"``: an axis has fewer than ``min_answers_per_axis`` counted answers → cannot
  conclude, and the result says how many more observations (or answers) each axis needs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.data_loader import CourseData, default_course_data
from ...core.storage import StorageError, load_json, save_json, set_aside_before_write
from ...core.text import clean_code
from .data import AXES, MODES, SCALE_MAX, ItemBank, TemperamentType

SCORE_MAX = 100.0
DEFAULT_BANK = "quiz"
RESULTS_FILE = "personality-results.kosguide.json"
RESULTS_KIND = "personality-results"
MAX_SAVED_RESULTS = 50
MAX_NAME_CHARS = 30

CAVEAT = (
    "请记住：这个小测是销售培训中用来帮助沟通的工具，不是经过验证的心理测量。"
    "它只说明你此刻观察到的倾向，不能据此给任何一个真实的人贴标签；"
    "更不能用于招聘、考核或评价员工。每一种性格都有它的价值。"
)
STATUS_LABELS = {"clear": "倾向明显", "between": "介于两种类型之间", "center": "看不出明显倾向",
                 "insufficient": "答案太少，无法下结论"}


class AnswerError(ValueError):
    """Answers that cannot be scored. ``str(error)`` is Chinese."""


@dataclass(frozen=True)
class AxisScore:
    axis: str  # "action" or "style"
    score: float  # -100 … +100
    counted: int  # answers that count (not None)
    total: int  # items on this axis
    needed: int  # more counted answers needed before concluding (0 = enough)

    @property
    def pole(self) -> str:
        """The pole the score leans to ("" at exactly 0)."""
        negative, positive = AXES[self.axis]
        return positive if self.score > 0 else negative if self.score < 0 else ""


@dataclass(frozen=True)
class Result:
    """A scored quiz: both axes, the status and the type(s) it points to."""

    mode: str  # "self" or "customer"
    name: str  # code name, e.g. "我" or "客户 A"
    style: AxisScore
    action: AxisScore
    status: str  # "clear" | "between" | "center" | "insufficient"
    type_ids: tuple[str, ...]  # 1 for clear, 2 for between, () otherwise
    message: str  # Chinese explanation for the learner
    between_band: float

    @property
    def can_conclude(self) -> bool:
        return self.status in ("clear", "between")

    @property
    def needed(self) -> int:
        return self.style.needed + self.action.needed

    def to_dict(self) -> dict[str, Any]:
        """The saved / JSON form (no answers: only what the chart and comparison need)."""
        return {
            "name": self.name, "mode": self.mode, "status": self.status, "types": list(self.type_ids),
            "style": round(self.style.score, 1), "action": round(self.action.score, 1),
            "counted": {"style": self.style.counted, "action": self.action.counted},
            "totals": {"style": self.style.total, "action": self.action.total},
            "needed": {"style": self.style.needed, "action": self.action.needed},
            "message": self.message,
        }


def load_quiz(data: CourseData | None = None, bank_id: str = DEFAULT_BANK) -> tuple[ItemBank, list[TemperamentType]]:
    """The item bank and the four types from the course data (packaged plus instructor folders)."""
    data = data or default_course_data()
    bank = data.get("personality", bank_id)
    if not isinstance(bank, ItemBank):
        raise KeyError(f"「{bank_id}」不是性格小测的题库。")
    types = list(data.of(TemperamentType).values())
    return bank, types


def axis_score(values: Iterable[tuple[int, int | None]]) -> tuple[float, int]:
    """Score one axis from ``(sign, answer)`` pairs: the mean signed answer scaled to -100 … +100."""
    counted = [(sign, value) for sign, value in values if value is not None]
    if not counted:
        return 0.0, 0
    total = sum(sign * value for sign, value in counted)
    score = SCORE_MAX * total / (SCALE_MAX * len(counted))
    return max(-SCORE_MAX, min(SCORE_MAX, score)), len(counted)


def type_for(style: str, action: str, types: Iterable[TemperamentType]) -> TemperamentType:
    """The type in the quadrant of the two poles, e.g. ("感性", "率直") → 活泼型."""
    for t in types:
        if t.style == style and t.action == action:
            return t
    raise KeyError(f"没有位于 {style} + {action} 象限的性格类型。")


def clean_answers(bank: ItemBank, answers: Mapping[str, Any], mode: str) -> dict[str, int | None]:
    """Validate raw answers (item id → -2 … 2, or None / "unobserved"); unknown ids and odd values are errors."""
    if mode not in MODES:
        raise AnswerError(f"模式「{mode}」无效，只能是 self（自测）或 customer（观察客户）。")
    if not isinstance(answers, Mapping):
        raise AnswerError("答案应当是“题目编号 → 分值”的对应表。")
    known = {i.id for i in bank.items}
    allowed = {o.value for o in bank.scale}
    clean: dict[str, int | None] = {}
    for key, value in answers.items():
        if key not in known:
            raise AnswerError(f"没有编号为「{str(key)[:40]}」的题目。可以用 kosguide quiz items 查看全部题目编号。")
        if value is None or value == "unobserved":
            clean[key] = None
        elif isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            shown = str(value)[:40]
            raise AnswerError(
                f"题目「{key}」的答案「{shown}」无效：应为 {min(allowed)} 到 {max(allowed)} 的整数，"
                "或 null（没注意到 / 不确定，不计分）。")
        else:
            clean[key] = value
    return clean


def clean_name(name: object, mode: str = "self") -> str:
    """A short, printable code name; empty → a default. Real names are the learner's choice to avoid."""
    text = clean_code(name or "")[0]
    if not text:
        return "我" if mode == "self" else "客户"
    return text[:MAX_NAME_CHARS]


def score(bank: ItemBank, types: Iterable[TemperamentType], answers: Mapping[str, Any], mode: str = "self",
          name: object = "") -> Result:
    """Score a set of answers. ``answers`` maps item id → -2 … 2 or None; missing items do not count."""
    types = list(types)
    clean = clean_answers(bank, answers, mode)
    axes: dict[str, AxisScore] = {}
    for axis in AXES:
        items = bank.on_axis(axis)
        value, counted = axis_score((i.sign, clean.get(i.id)) for i in items)
        needed = max(0, bank.min_answers_per_axis - counted)
        axes[axis] = AxisScore(axis, value, counted, len(items), needed)
    style, action = axes["style"], axes["action"]
    band = bank.between_band
    observe = "观察" if mode == "customer" else "作答"
    who = clean_name(name, mode)
    if style.needed or action.needed:
        missing = "；".join(f"{_axis_word(a.axis)}还要再{observe} {a.needed} 题" for a in (style, action) if a.needed)
        hint = ("“没注意到 / 不确定”的题不计分。请在接下来的接触中多留意，再回来补上。"
                if mode == "customer" else "没有作答的题不计分。")
        message = f"还不能下结论：{missing}（每个方向至少 {bank.min_answers_per_axis} 题）。{hint}"
        return Result(mode, who, style, action, "insufficient", (), message, band)
    near_style, near_action = abs(style.score) < band, abs(action.score) < band
    if near_style and near_action:
        message = ("两个方向的得分都靠近中间，看不出明显倾向，无法下结论。"
                   + ("可以多观察一段时间再做一次。" if mode == "customer" else "这很正常：很多人在不同场合表现不同。"))
        return Result(mode, who, style, action, "center", (), message, band)
    if near_style or near_action:
        if near_style:
            pair = [type_for(pole, action.pole, types) for pole in AXES["style"]]
            why = f"在感性与理性之间没有明显偏向，行动上偏{action.pole}"
        else:
            pair = [type_for(style.pole, pole, types) for pole in AXES["action"]]
            why = f"在优柔与率直之间没有明显偏向，风格上偏{style.pole}"
        names = "和".join(t.name for t in pair)
        message = f"介于{names}之间：{why}。两种类型的沟通建议都值得参考。"
        return Result(mode, who, style, action, "between", tuple(t.id for t in pair), message, band)
    found = type_for(style.pole, action.pole, types)
    message = f"倾向于{found.name}（{style.pole} + {action.pole}）。"
    return Result(mode, who, style, action, "clear", (found.id,), message, band)


def _axis_word(axis: str) -> str:
    return "行动（优柔 ↔ 率直）" if axis == "action" else "风格（感性 ↔ 理性）"


def strength_word(value: float, band: float) -> str:
    """A plain-Chinese reading of one axis score."""
    size = abs(value)
    if size < band:
        return "接近中间"
    if size < 50:
        return "略有偏向"
    return "偏向明显"


# ---------- saved results (several people on one chart) ----------


@dataclass(frozen=True)
class SavedResult:
    """One saved point: a code name, the mode, the two scores and its status."""

    name: str
    mode: str
    style: float
    action: float
    status: str
    types: tuple[str, ...]
    saved_at: str = ""


def _saved_from_dict(raw: Any) -> SavedResult | None:
    if not isinstance(raw, dict):
        return None
    try:
        style, action = float(raw["style"]), float(raw["action"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(style) and math.isfinite(action)):
        return None
    mode = raw.get("mode") if raw.get("mode") in MODES else "self"
    types = raw.get("types") if isinstance(raw.get("types"), list) else []
    return SavedResult(
        clean_name(raw.get("name"), mode), mode,
        max(-SCORE_MAX, min(SCORE_MAX, style)), max(-SCORE_MAX, min(SCORE_MAX, action)),
        str(raw.get("status", "")) if raw.get("status") in STATUS_LABELS else "clear",
        tuple(str(t) for t in types[:2]), str(raw.get("saved_at", ""))[:40],
    )


def load_results(path: str | Path = RESULTS_FILE) -> tuple[list[SavedResult], str]:
    """Every saved result in ``path`` and a Chinese problem message ("" when all is well).

    Reading never moves or changes the file: a corrupt one is reported in the message (and set aside
    only by :func:`save_result`, just before it writes); entries that make no sense are skipped and counted.
    """
    loaded = load_json(path, default=None)
    if not loaded.ok:
        return [], loaded.message
    if loaded.data is None:
        return [], ""
    raw = loaded.data.get("results") if isinstance(loaded.data, dict) else None
    if not isinstance(raw, list):
        return [], f"{Path(path).name} 不是性格小测的结果文件，没有读取。"
    results = [r for r in (_saved_from_dict(x) for x in raw) if r is not None]
    skipped = len(raw) - len(results)
    return results, (f"有 {skipped} 条记录内容不完整，已跳过。" if skipped else "")


def save_result(result: Result, path: str | Path = RESULTS_FILE) -> tuple[list[SavedResult], str]:
    """Add ``result`` to the file (same code name and mode → replaced). Returns all results and a message.

    Raises :class:`~kosguide.storage.StorageError` (Chinese) when the file cannot be written, or when
    an existing file could not be read (so nothing the learner saved earlier is overwritten).
    """
    existing, problem = load_results(path)
    set_aside = None
    if problem and not existing and Path(path).exists():
        set_aside = set_aside_before_write(path)  # an unreadable file in the course's own save folder: keep its bytes
        if set_aside is None:
            raise StorageError(f"{problem} 为了不覆盖原来的内容，这次没有保存。")
    entry = SavedResult(result.name, result.mode, round(result.style.score, 1), round(result.action.score, 1),
                        result.status, result.type_ids, time.strftime("%Y-%m-%d %H:%M"))
    replaced = any(r.name == entry.name and r.mode == entry.mode for r in existing)
    kept = [r for r in existing if not (r.name == entry.name and r.mode == entry.mode)]
    if len(kept) >= MAX_SAVED_RESULTS:
        raise StorageError(f"已经保存了 {len(kept)} 条结果（上限 {MAX_SAVED_RESULTS} 条）。请先删除一些旧结果。")
    results = [*kept, entry]
    save_json(path, {"kind": RESULTS_KIND, "version": 1, "results": [
        {"name": r.name, "mode": r.mode, "style": r.style, "action": r.action, "status": r.status,
         "types": list(r.types), "saved_at": r.saved_at} for r in results]})
    verb = "更新了" if replaced else "保存了"
    note = f"已在本机文件 {Path(path).name} 中{verb}「{entry.name}」的结果，现在共有 {len(results)} 条。"
    if set_aside is not None:
        problem = f"原来的 {Path(path).name} 无法读取，已原样另存为 {set_aside.name}（可以用文本编辑器打开查看）。"
    return results, f"{problem}\n{note}" if problem else note


def compare(results: Iterable[SavedResult], types: Iterable[TemperamentType],
            band: float) -> list[dict[str, str]]:
    """Rows for a comparison table: name, mode, both scores in words, and the type or status."""
    by_id = {t.id: t for t in types}
    rows = []
    for r in results:
        if r.status in ("clear", "between") and all(t in by_id for t in r.types) and r.types:
            kind = "、".join(by_id[t].name for t in r.types)
            kind = kind if r.status == "clear" else f"介于{kind.replace('、', '和')}之间"
        else:
            kind = STATUS_LABELS.get(r.status, "无法下结论")
        rows.append({
            "name": r.name, "mode": MODES.get(r.mode, r.mode),
            "style": f"{r.style:+.0f}（{strength_word(r.style, band)}）",
            "action": f"{r.action:+.0f}（{strength_word(r.action, band)}）",
            "type": kind,
        })
    return rows
