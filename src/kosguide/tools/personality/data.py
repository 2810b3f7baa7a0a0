"""Parser for the personality-quiz data files (``data/personality/*.toml``).

One folder holds two kinds of file, told apart by the top-level key ``kind``:

- ``kind = "items"``: an item bank (answer scale, scoring settings, items), returned as one
  :class:`ItemBank` whose id is the file's ``id``;
- ``kind = "types"``: the four temperament types, returned as four :class:`TemperamentType`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ...core.datafile import DataError, Table
from ...core.registry import DataKind

AXES: dict[str, tuple[str, str]] = {
    # axis id -> (negative pole, positive pole); scores run from -100 (first) to +100 (second)
    "action": ("优柔", "率直"),
    "style": ("感性", "理性"),
}
AXIS_NAMES = {"action": "行动（优柔 ↔ 率直）", "style": "风格（感性 ↔ 理性）"}
MODES = {"self": "自测", "customer": "观察客户"}
FILE_KINDS = ("items", "types")
SCALE_MIN, SCALE_MAX = -2, 2
MAX_ITEM_CHARS = 120


@dataclass(frozen=True)
class ScaleOption:
    value: int
    label: str


@dataclass(frozen=True)
class QuizItem:
    """One statement, worded for self mode and for customer mode."""

    id: str
    axis: str  # "action" or "style"
    direction: str  # the pole that agreeing points to, e.g. "率直"
    self_text: str
    customer_text: str
    cue: str = ""

    @property
    def sign(self) -> int:
        """+1 when agreeing moves the score towards the axis's positive pole, else -1."""
        return 1 if AXES[self.axis][1] == self.direction else -1

    def text(self, mode: str) -> str:
        return self.customer_text if mode == "customer" else self.self_text


@dataclass(frozen=True)
class ItemBank:
    """The quiz: items, the answer scale (defined once) and the scoring settings."""

    id: str
    title: str
    items: tuple[QuizItem, ...]
    scale: tuple[ScaleOption, ...]
    unobserved_label: str
    between_band: float
    min_answers_per_axis: int
    file: Path | None = None

    def item(self, item_id: str) -> QuizItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"题库中没有编号为「{item_id}」的题目。")

    def on_axis(self, axis: str) -> tuple[QuizItem, ...]:
        return tuple(i for i in self.items if i.axis == axis)

    def label_of(self, value: int | None) -> str:
        if value is None:
            return self.unobserved_label
        return next((o.label for o in self.scale if o.value == value), str(value))


@dataclass(frozen=True)
class TemperamentType:
    """One of the four types with everything the chapter and the quiz show about it."""

    id: str
    name: str
    style: str  # "感性" or "理性"
    action: str  # "优柔" or "率直"
    story_role: str
    characteristics: tuple[str, ...]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    dislikes: tuple[str, ...]
    seeks: tuple[str, ...]
    fears: tuple[str, ...]
    motive: tuple[str, ...]
    best_at: tuple[str, ...]
    slogan: str
    summary: str
    work_with: tuple[str, ...]
    layout_assigned: tuple[str, ...]
    layout_note: str


PROFILE_FIELDS: dict[str, str] = {
    "characteristics": "特点",
    "strengths": "优点",
    "weaknesses": "弱点",
    "dislikes": "反感",
    "seeks": "追求",
    "fears": "担心",
    "motive": "动力",
    "best_at": "最擅长",
}
FIELD_LABELS: dict[str, str] = {**PROFILE_FIELDS, "style": "象限位置", "action": "象限位置",
                                "work_with": "怎样与他合作", "slogan": "口号", "summary": "一句话总结"}
LIST_FIELDS = (*PROFILE_FIELDS, "work_with")


def parse_personality(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Any]:
    """Dispatch on the top-level ``kind``: an item bank or the four types."""
    top = Table(doc, label, "")
    kind = top.choice("kind", FILE_KINDS)
    if kind == "items":
        return [_parse_bank(top, label, path)]
    return _parse_types(top, label)


def _parse_bank(top: Table, label: str, path: Path | None) -> ItemBank:
    bank_id = top.ident("id")
    top.item = bank_id
    title = top.text("title")
    scale_t = top.table("scale")
    unobserved = scale_t.text("unobserved")
    options: list[ScaleOption] = []
    for number, raw in enumerate(scale_t.tables("options", minimum=2), start=1):
        o = Table(raw, label, f"答案刻度的第 {number} 项")
        options.append(ScaleOption(o.integer("value", SCALE_MIN, SCALE_MAX), o.text("label")))
        o.no_unknown_fields()
    scale_t.no_unknown_fields()
    values = [o.value for o in options]
    if len(set(values)) != len(values) or sorted(values) != sorted(-v for v in values):
        raise scale_t.error("各项的 value 不能重复，而且要以 0 为中心对称（例如 -2、-1、0、1、2）。", "options")
    if len({o.label for o in options} | {unobserved}) != len(options) + 1:
        raise scale_t.error("各项的 label 不能重复，也不能和 unobserved 相同。", "options")
    scoring = top.table("scoring")
    band = scoring.number("between_band", 1, 99)
    minimum = scoring.integer("min_answers_per_axis", 1, 100)
    scoring.no_unknown_fields()

    items: list[QuizItem] = []
    seen: set[str] = set()
    for number, raw in enumerate(top.tables("items", minimum=2), start=1):
        t = Table(raw, label, f"第 {number} 题")
        item_id = t.ident("id")
        t.item = f"第 {number} 题（id={item_id}）"
        if item_id in seen:
            raise t.error(f"题目编号「{item_id}」在本文件中重复了。", "id")
        seen.add(item_id)
        axis = t.choice("axis", AXES)
        direction = t.choice("direction", AXES[axis])
        self_text = t.text("self")
        customer_text = t.text("customer")
        if not self_text.startswith("我"):
            raise t.error("自测说法要以“我”开头。", "self")
        if "这位客户" not in customer_text:
            raise t.error("观察客户的说法要写成“这位客户……”。", "customer")
        for key, text in (("self", self_text), ("customer", customer_text)):
            if len(text) > MAX_ITEM_CHARS:
                raise t.error(f"太长了（{len(text)} 字，上限 {MAX_ITEM_CHARS} 字）。", key)
        items.append(QuizItem(item_id, axis, direction, self_text, customer_text, t.text("cue", required=False)))
        t.no_unknown_fields()
    for axis, poles in AXES.items():
        on_axis = [i for i in items if i.axis == axis]
        if len(on_axis) < minimum:
            raise top.error(f"{AXIS_NAMES[axis]}只有 {len(on_axis)} 道题，少于 min_answers_per_axis = {minimum}。",
                            "items")
        counts = [sum(i.direction == pole for i in on_axis) for pole in poles]
        if abs(counts[0] - counts[1]) > 1:
            raise top.error(
                f"{AXIS_NAMES[axis]}的题目方向不平衡：指向{poles[0]}的 {counts[0]} 道，"
                f"指向{poles[1]}的 {counts[1]} 道。两端的题数最多只能差 1。", "items")
    top.no_unknown_fields()
    return ItemBank(bank_id, title, tuple(items), tuple(sorted(options, key=lambda o: -o.value)), unobserved,
                    band, minimum, path)


def _parse_types(top: Table, label: str) -> list[TemperamentType]:
    result: list[TemperamentType] = []
    quadrants: dict[tuple[str, str], str] = {}
    names = {f.name for f in fields(TemperamentType)}
    for number, raw in enumerate(top.tables("types", minimum=1), start=1):
        t = Table(raw, label, f"第 {number} 个类型")
        type_id = t.ident("id")
        t.item = f"第 {number} 个类型（id={type_id}）"
        name = t.text("name")
        style = t.choice("style", AXES["style"])
        action = t.choice("action", AXES["action"])
        if (style, action) in quadrants:
            raise t.error(f"{style} + {action} 这个象限已经属于「{quadrants[(style, action)]}」。", "style")
        quadrants[(style, action)] = name
        lists = {key: t.text_list(key, required=True) for key in LIST_FIELDS}
        layout = t.text_list("layout_assigned")
        unknown = [f for f in layout if f not in names or f in ("id", "layout_assigned", "layout_note")]
        if unknown:
            raise t.error(f"{'、'.join(unknown)} 不是可以标注的字段名。", "layout_assigned")
        layout_note = t.text("layout_note", required=bool(layout))
        result.append(TemperamentType(
            id=type_id, name=name, style=style, action=action, story_role=t.text("story_role"),
            slogan=t.text("slogan"), summary=t.text("summary"), layout_assigned=layout, layout_note=layout_note,
            **lists,
        ))
        t.no_unknown_fields()
    top.no_unknown_fields()
    if len(quadrants) != 4:
        raise DataError(label, f"性格类型文件必须恰好覆盖四个象限，现在只有 {len(quadrants)} 个。", "", "types")
    return result


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('personality', '性格小测数据', parse_personality),)
