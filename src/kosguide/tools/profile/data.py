"""Parser for the customer-profile data files (``data/profile/*.toml``).

The folder holds two kinds of file, told apart by the top-level ``kind`` key:

- ``kind = "profile-sections"``: the six sections of the customer profile and their fields;
- ``kind = "profile-stages"``: the four stages of psychological distance (doctor → brother).

Sections and stages share the folder's id space (``basic`` … ``extended``, ``doctor`` … ``brother``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FILE_KINDS = ("profile-sections", "profile-stages")
STAGE_IDS = ("doctor", "teacher", "friend", "brother")
FIELD_TYPES = {"text": "单行文字", "multiline": "多行文字", "choice": "选项", "date": "日期", "number": "数字"}
SENSITIVITIES = {"ordinary": "一般", "internal": "内部", "confidential": "保密"}
DEFAULT_MAX_CHARS = {"text": 200, "multiline": 2000, "choice": 100, "date": 10, "number": 30}


@dataclass(frozen=True)
class ProfileField:
    """One field of a profile section."""

    key: str
    label: str
    type: str
    help: str
    sensitivity: str
    core: bool = False
    choices: tuple[str, ...] = ()
    max_chars: int = 200

    @property
    def confidential(self) -> bool:
        return self.sensitivity == "confidential"


@dataclass(frozen=True)
class ProfileSection:
    """One of the six sections; ``stage`` is the stage of psychological distance it supports."""

    id: str
    order: int
    name: str
    name_in_source: bool
    stage: str
    hidden_by_default: bool
    summary: str
    source: str
    fields: tuple[ProfileField, ...]

    @property
    def core_fields(self) -> tuple[ProfileField, ...]:
        return tuple(f for f in self.fields if f.core)


@dataclass(frozen=True)
class Stage:
    """One stage of psychological distance, with its formula and concrete next actions."""

    id: str
    order: int
    name: str
    role: str
    formula: str
    wins: str
    earns: str
    supplier_position: str
    parallel_use: str
    source: str
    guidance: tuple[str, ...]
    note: str = ""


def parse_profile(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Any]:
    """Dispatch on the file's ``kind``: a list of :class:`ProfileSection` or of :class:`Stage`."""
    top = Table(doc, label, "")
    kind = top.choice("kind", FILE_KINDS)
    if kind == "profile-sections":
        items: list[Any] = _parse_sections(top, label)
    else:
        items = _parse_stages(top, label)
    top.no_unknown_fields()
    return items


def _unique(t: Table, seen: set[Any], value: Any, what: str, key: str) -> None:
    if value in seen:
        raise t.error(f"{what}「{value}」在本文件中重复了。", key)
    seen.add(value)


def _parse_sections(top: Table, label: str) -> list[ProfileSection]:
    sections: list[ProfileSection] = []
    ids: set[str] = set()
    orders: set[int] = set()
    keys: set[str] = set()
    for number, raw in enumerate(top.tables("sections"), start=1):
        t = Table(raw, label, f"第 {number} 个板块")
        sid = t.ident("id")
        t.item = f"第 {number} 个板块（id={sid}）"
        _unique(t, ids, sid, "板块编号", "id")
        order = t.integer("order", 1, 99)
        _unique(t, orders, order, "板块顺序", "order")
        name = t.text("name")
        name_in_source = t.boolean("name_in_source")
        if "name_in_source" not in raw:
            raise t.error("缺少这个必填字段：请写明名称是否出现在来源中（true 或 false）。", "name_in_source")
        stage = t.choice("stage", STAGE_IDS)
        hidden = t.boolean("hidden_by_default")
        summary = t.text("summary")
        source = t.text("source")
        fields: list[ProfileField] = []
        for f_number, raw_field in enumerate(t.tables("fields"), start=1):
            f = Table(raw_field, label, f"{t.item}的第 {f_number} 个字段")
            key = f.text("key")
            if not KEY_PATTERN.match(key):
                raise f.error(f"「{key}」不是合法的字段 key：只能用小写英文字母、数字和下划线，且以字母开头。", "key")
            _unique(f, keys, key, "字段 key", "key")
            f.item = f"{t.item}的字段「{key}」"
            ftype = f.choice("type", FIELD_TYPES)
            choices = f.text_list("choices", required=ftype == "choice")
            if ftype != "choice" and choices:
                raise f.error("只有 type = \"choice\" 的字段才能有 choices。", "choices")
            if len(set(choices)) != len(choices):
                raise f.error("choices 中有重复的选项。", "choices")
            max_chars = DEFAULT_MAX_CHARS[ftype]
            if "max_chars" in raw_field:
                max_chars = f.integer("max_chars", 1, 20_000)
            fields.append(ProfileField(
                key=key, label=f.text("label"), type=ftype, help=f.text("help"),
                sensitivity=f.choice("sensitivity", SENSITIVITIES), core=f.boolean("core"),
                choices=choices, max_chars=max_chars,
            ))
            f.no_unknown_fields()
        if not any(field.core for field in fields):
            raise t.error("每个板块至少要有一个 core = true 的核心字段（用来判断这一板块是否“有信息”）。", "fields")
        t.no_unknown_fields()
        sections.append(ProfileSection(sid, order, name, name_in_source, stage, hidden, summary, source,
                                       tuple(fields)))
    return sections


def _parse_stages(top: Table, label: str) -> list[Stage]:
    stages: list[Stage] = []
    ids: set[str] = set()
    orders: set[int] = set()
    for number, raw in enumerate(top.tables("stages"), start=1):
        t = Table(raw, label, f"第 {number} 个阶段")
        sid = t.choice("id", STAGE_IDS)
        t.item = f"第 {number} 个阶段（id={sid}）"
        _unique(t, ids, sid, "阶段编号", "id")
        order = t.integer("order", 1, len(STAGE_IDS))
        if order != STAGE_IDS.index(sid) + 1:
            raise t.error(f"阶段「{sid}」的 order 应为 {STAGE_IDS.index(sid) + 1}（医生、老师、朋友、兄弟由浅到深）。",
                          "order")
        _unique(t, orders, order, "阶段顺序", "order")
        guidance = t.text_list("guidance", required=True)
        if not guidance:
            raise t.error("至少要写一条下一步行动。", "guidance")
        stages.append(Stage(
            id=sid, order=order, name=t.text("name"), role=t.text("role"), formula=t.text("formula"),
            wins=t.text("wins"), earns=t.text("earns"), supplier_position=t.text("supplier_position"),
            parallel_use=t.text("parallel_use"), source=t.text("source"), guidance=guidance,
            note=t.text("note", required=False),
        ))
        t.no_unknown_fields()
    return stages


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('profile', '客户画像', parse_profile),)
