"""Customer-profile logic: values, validation, the stage assessment, redacted export, storage.

Pure Python with no widget import, so the same code serves the workbook widget, the website's
in-browser kernel and the ``kosguide profile`` command.

The stage rule comes from source 002: basic contact information and background support the
*doctor* stage; knowing the needs and the competitors supports *teacher*; deep information
supports *friend*; extended information supports *brother*. The rule is necessary, not
sufficient, and every assessment says so (:data:`NECESSARY_NOT_SUFFICIENT`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data_loader import CourseData, DataError, default_course_data
from .escaping import escape_html, escape_multiline
from .profile_data import SENSITIVITIES, ProfileField, ProfileSection, Stage
from .storage import StorageError, load_json, save_json, set_aside_before_write

NECESSARY_NOT_SUFFICIENT = "没有这些信息一定到不了这一阶段；有了也不能证明已经到了。"
REDACTED_NOTICE = "本导出已隐藏深度信息、扩展信息和所有标为“保密”的字段。"
SENSITIVE_NOTICE = ("⚠ 本导出包含敏感信息（深度信息、扩展信息或保密字段）。"
                    "只交给确有必要知道的人，不要发到群里，用完即删。")
PROFILE_KIND = "kosguide-customer-profile"
EXPORT_KIND = "kosguide-customer-profile-export"
VERSION = 1
SUFFIX = ".kosguide.json"
DEFAULT_FOLDER = "customer-profiles"
MAX_CODE_NAME = 40
MAX_UNRECOGNISED = 200
_DROP = {"Cc", "Cs"}


class ProfileError(ValueError):
    """A profile file or value that cannot be used; ``str(error)`` is Chinese."""


# --------------------------------------------------------------------------------------- schema
@dataclass(frozen=True)
class ProfileSchema:
    """The six sections and the four stages, in order."""

    sections: tuple[ProfileSection, ...]
    stages: tuple[Stage, ...]

    @classmethod
    def from_course_data(cls, data: CourseData | None = None) -> ProfileSchema:
        data = data if data is not None else default_course_data()
        items = list(data.of("profile").values())
        sections = tuple(sorted((i for i in items if isinstance(i, ProfileSection)), key=lambda s: s.order))
        stages = tuple(sorted((i for i in items if isinstance(i, Stage)), key=lambda s: s.order))
        if len(stages) != 4:
            raise DataError("profile/", f"应有医生、老师、朋友、兄弟四个阶段，实际读到 {len(stages)} 个。")
        if not sections:
            raise DataError("profile/", "没有读到客户画像的板块。")
        keys = [f.key for s in sections for f in s.fields]
        if len(keys) != len(set(keys)):
            raise DataError("profile/", "不同文件中的板块有重复的字段 key。")
        for stage in stages[:2]:
            if not any(s.stage == stage.id for s in sections):
                raise DataError("profile/", f"没有任何板块支撑“{stage.name}”阶段。")
        return cls(sections, stages)

    def section(self, section_id: str) -> ProfileSection:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"没有编号为「{section_id}」的画像板块。")

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(f"没有编号为「{stage_id}」的阶段。")

    @property
    def fields(self) -> dict[str, ProfileField]:
        return {f.key: f for s in self.sections for f in s.fields}

    def section_of(self, key: str) -> ProfileSection:
        for section in self.sections:
            if any(f.key == key for f in section.fields):
                return section
        raise KeyError(f"没有 key 为「{key}」的画像字段。")

    def required_sections(self, stage: Stage) -> tuple[ProfileSection, ...]:
        """Every section a stage needs: its own and those of all shallower stages."""
        order = {s.id: s.order for s in self.stages}
        return tuple(s for s in self.sections if order[s.stage] <= stage.order)

    def is_hidden(self, section: ProfileSection, item: ProfileField) -> bool:
        """Hidden from a default (redacted) export."""
        return section.hidden_by_default or item.confidential


_schema_cache: dict[int, ProfileSchema] = {}


def default_schema() -> ProfileSchema:
    """The schema from the packaged course data (plus ``KOSGUIDE_DATA_DIR``)."""
    data = default_course_data()
    if id(data) not in _schema_cache:
        _schema_cache.clear()
        _schema_cache[id(data)] = ProfileSchema.from_course_data(data)
    return _schema_cache[id(data)]


# ------------------------------------------------------------------------------------ validation
@dataclass(frozen=True)
class ValueCheck:
    """The outcome of checking one value: ``value`` is the clean text; ``error`` is empty when ok."""

    value: str
    error: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def clean_text(text: str) -> tuple[str, int]:
    """NFC-normalise, unify line breaks, drop control characters and lone surrogates.

    Returns the clean text and how many characters were dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _DROP]
    dropped = len(text) - len(kept)
    return unicodedata.normalize("NFC", "".join(kept)).strip(), dropped


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "整数", float: "小数", list: "列表", dict: "字典", tuple: "列表"}
    return names.get(type(value), type(value).__name__)


def validate_value(item: ProfileField, value: object) -> ValueCheck:
    """Check one value for one field. Empty is allowed (the field is simply not filled)."""
    label = item.label
    if value is None:
        return ValueCheck("")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ValueCheck("", f"“{label}”应填文字，实际是{_type_name(value)}。")
    if not isinstance(value, str):
        if item.type != "number":
            return ValueCheck("", f"“{label}”应填文字，实际是{_type_name(value)}。")
        value = repr(value) if isinstance(value, float) else str(value)
    if len(value) > item.max_chars * 4 + 100:
        return ValueCheck("", f"“{label}”太长了（{len(value):,} 个字符，上限 {item.max_chars:,} 字）。请删减后再试。")
    text, dropped = clean_text(value)
    note = f"“{label}”中有 {dropped} 个看不见的控制字符，已去掉。" if dropped else ""
    if not text:
        return ValueCheck("", "", note)
    if len(text) > item.max_chars:
        return ValueCheck("", f"“{label}”太长了（{len(text):,} 字，上限 {item.max_chars:,} 字）。请删减后再试。")
    if item.type == "text" and "\n" in text:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    if item.type == "choice" and text not in item.choices:
        return ValueCheck("", f"“{label}”只能从这些选项中选：{'、'.join(item.choices)}。")
    if item.type == "number":
        text = unicodedata.normalize("NFKC", text).replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return ValueCheck("", f"“{label}”应填数字，例如 120；“{text[:20]}”不是数字。")
        if not math.isfinite(number) or number < 0:
            return ValueCheck("", f"“{label}”应填不小于 0 的数字。")
        text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:g}"
    if item.type == "date":
        text = unicodedata.normalize("NFKC", text)
        try:
            parsed = _dt.date.fromisoformat(text)
        except ValueError:
            return ValueCheck("", f"“{label}”应是日期，格式如 2026-03-15；“{text[:20]}”看不懂。")
        text = parsed.isoformat()
    return ValueCheck(text, "", note)


def validate_code_name(value: object) -> ValueCheck:
    """A customer's code name: required, short, one line."""
    if not isinstance(value, str):
        return ValueCheck("", f"客户代号应是文字，实际是{_type_name(value)}。")
    if len(value) > MAX_CODE_NAME * 4 + 100:
        return ValueCheck("", f"客户代号太长了（上限 {MAX_CODE_NAME} 字）。")
    text, dropped = clean_text(value)
    text = " ".join(text.split())
    if not text:
        return ValueCheck("", "请先给客户起一个代号，例如“客户 A”。不要用真实姓名或公司名。")
    if len(text) > MAX_CODE_NAME:
        return ValueCheck("", f"客户代号太长了（{len(text)} 字，上限 {MAX_CODE_NAME} 字）。代号越短越好。")
    return ValueCheck(text, "", f"代号中有 {dropped} 个看不见的控制字符，已去掉。" if dropped else "")


# ---------------------------------------------------------------------------------------- model
@dataclass
class Profile:
    """One customer's profile: a code name and a value per field key (only filled fields are stored).

    ``unrecognised`` keeps, untouched, whatever a loaded file held that this version cannot use
    (unknown fields, invalid values): it is saved back but never shown or exported.
    """

    code_name: str
    values: dict[str, str] = field(default_factory=dict)
    unrecognised: dict[str, Any] = field(default_factory=dict)

    def set_value(self, item: ProfileField, value: object) -> ValueCheck:
        """Validate and store one value; an invalid value leaves the stored one unchanged."""
        check = validate_value(item, value)
        if check.ok:
            if check.value:
                self.values[item.key] = check.value
            else:
                self.values.pop(item.key, None)
        return check

    def filled(self, key: str) -> bool:
        return bool(self.values.get(key))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": PROFILE_KIND, "version": VERSION, "code_name": self.code_name,
                                "values": dict(self.values)}
        if self.unrecognised:
            data["unrecognised"] = dict(self.unrecognised)
        return data


def new_profile(code_name: str, values: Mapping[str, object] | None = None,
                schema: ProfileSchema | None = None) -> Profile:
    """Build a profile from a code name and ``{field key: value}``; raise :class:`ProfileError` on any problem."""
    schema = schema or default_schema()
    name = validate_code_name(code_name)
    if not name.ok:
        raise ProfileError(name.error)
    profile = Profile(name.value)
    fields = schema.fields
    problems = []
    for key, value in (values or {}).items():
        if key not in fields:
            problems.append(f"没有名为「{key}」的画像字段。")
            continue
        check = profile.set_value(fields[key], value)
        if not check.ok:
            problems.append(check.error)
    if problems:
        raise ProfileError("；".join(problems))
    return profile


def profile_from_dict(data: object, schema: ProfileSchema | None = None) -> tuple[Profile, list[str]]:
    """Read a saved profile. Unusable parts are kept in ``unrecognised`` and reported, never dropped.

    Raises :class:`ProfileError` only when the data is not a customer profile at all.
    """
    schema = schema or default_schema()
    if not isinstance(data, dict):
        raise ProfileError(f"这不是客户画像文件：最外层应是一个 JSON 对象，实际是{_type_name(data)}。")
    if data.get("kind") != PROFILE_KIND:
        if data.get("kind") == EXPORT_KIND:
            raise ProfileError("这是一份导出文件，不是可编辑的画像存档；只能用来查看或评估。")
        raise ProfileError("这不是客户画像文件（缺少 kind = kosguide-customer-profile）。")
    name = validate_code_name(data.get("code_name"))
    if not name.ok:
        raise ProfileError(name.error)
    profile = Profile(name.value)
    problems: list[str] = []
    raw_unrecognised = data.get("unrecognised")
    if isinstance(raw_unrecognised, dict):
        profile.unrecognised.update(raw_unrecognised)
    values = data.get("values", {})
    if not isinstance(values, dict):
        problems.append(f"values 应是一个字典，实际是{_type_name(values)}；原内容已原样保留，但无法显示。")
        profile.unrecognised["values"] = values
        values = {}
    fields = schema.fields
    for key, value in values.items():
        if key not in fields:
            profile.unrecognised[key] = value
            problems.append(f"未知字段「{str(key)[:40]}」：已原样保留在文件中，但不会显示或导出。")
            continue
        check = profile.set_value(fields[key], value)
        if not check.ok:
            profile.unrecognised[key] = value
            problems.append(f"{check.error}原来的内容已原样保留在文件中。")
        elif check.note:
            problems.append(check.note)
    if len(profile.unrecognised) > MAX_UNRECOGNISED:
        raise ProfileError(f"文件中有 {len(profile.unrecognised)} 个无法识别的条目，不像是客户画像文件。")
    return profile, problems


# ----------------------------------------------------------------------------------- assessment
@dataclass(frozen=True)
class SectionStatus:
    """How complete one section is. A section *counts* when all its core fields are filled."""

    section_id: str
    filled: int
    total: int
    missing_core: tuple[str, ...]

    @property
    def counts(self) -> bool:
        return not self.missing_core

    @property
    def ratio(self) -> float:
        return self.filled / self.total if self.total else 0.0


def section_statuses(profile: Profile, schema: ProfileSchema) -> tuple[SectionStatus, ...]:
    return tuple(
        SectionStatus(s.id, sum(profile.filled(f.key) for f in s.fields), len(s.fields),
                      tuple(f.key for f in s.core_fields if not profile.filled(f.key)))
        for s in schema.sections
    )


@dataclass(frozen=True)
class Assessment:
    """The stage the profile's information supports, what is missing, and what to do next."""

    code_name: str
    stage: Stage | None
    next_stage: Stage | None
    statuses: tuple[SectionStatus, ...]
    missing: tuple[tuple[ProfileSection, tuple[ProfileField, ...]], ...]
    actions: tuple[str, ...]
    ahead: tuple[ProfileSection, ...]  # sections with information beyond the supported stage
    note: str = NECESSARY_NOT_SUFFICIENT

    @property
    def headline(self) -> str:
        if self.stage is None:
            return "画像信息还不足以支撑“医生”阶段：先把基本联络信息和背景信息补起来。"
        return f"画像信息最多支撑到“{self.stage.name}”阶段。"

    @property
    def filled(self) -> int:
        return sum(s.filled for s in self.statuses)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.statuses)


def assess_statuses(schema: ProfileSchema, statuses: Iterable[SectionStatus], code_name: str = "") -> Assessment:
    """Apply the source's rule to section statuses (from a profile or from an export)."""
    by_id = {s.section_id: s for s in statuses}
    ordered = tuple(by_id.get(s.id, SectionStatus(s.id, 0, len(s.fields), tuple(f.key for f in s.core_fields)))
                    for s in schema.sections)
    by_id = {s.section_id: s for s in ordered}
    reached: Stage | None = None
    for stage in schema.stages:
        if all(by_id[s.id].counts for s in schema.required_sections(stage)):
            reached = stage
        else:
            break
    later = [s for s in schema.stages if reached is None or s.order > reached.order]
    next_stage = later[0] if later else None
    missing: list[tuple[ProfileSection, tuple[ProfileField, ...]]] = []
    if next_stage is not None:
        for section in schema.required_sections(next_stage):
            status = by_id[section.id]
            if not status.counts:
                missing.append((section, tuple(f for f in section.core_fields if f.key in status.missing_core)))
    stage_order = {s.id: s.order for s in schema.stages}
    limit = reached.order if reached else 0
    ahead = tuple(s for s in schema.sections
                  if stage_order[s.stage] > limit + 1 and by_id[s.id].filled > 0)
    actions = (reached or schema.stages[0]).guidance
    return Assessment(code_name, reached, next_stage, ordered, tuple(missing), actions, ahead)


def assess(profile: Profile, schema: ProfileSchema | None = None) -> Assessment:
    schema = schema or default_schema()
    return assess_statuses(schema, section_statuses(profile, schema), profile.code_name)


def assessment_lines(assessment: Assessment) -> list[str]:
    """The assessment as plain Chinese lines (CLI and Markdown use them)."""
    lines = [assessment.headline, f"提醒：{assessment.note}"]
    if assessment.stage is not None:
        lines.append(f"这一阶段的公式：{assessment.stage.formula}；{assessment.stage.wins}")
        if assessment.stage.note:
            lines.append(f"说明：{assessment.stage.note}")
    if assessment.next_stage is None:
        lines.append("四个阶段所需的信息都已具备。接下来要做的是持续维护，并随情况变化更新画像。")
    else:
        parts = [f"{s.name}（{'、'.join(f.label for f in fields)}）" for s, fields in assessment.missing]
        lines.append(f"要支撑下一阶段“{assessment.next_stage.name}”，还缺：{'；'.join(parts)}。")
    if assessment.ahead:
        names = "、".join(s.name for s in assessment.ahead)
        lines.append(f"你已经记下了{names}的一部分，但更浅阶段的信息还不全：先补前面的板块。")
    title = f"“{assessment.stage.name}”阶段" if assessment.stage else "走向“医生”阶段"
    lines.append(f"{title}的下一步行动：")
    lines += [f"{n}. {a}" for n, a in enumerate(assessment.actions, start=1)]
    return lines


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """A JSON-able assessment (for ``--json`` and the JSON export)."""
    return {
        "code_name": assessment.code_name,
        "stage": assessment.stage.id if assessment.stage else None,
        "stage_name": assessment.stage.name if assessment.stage else None,
        "headline": assessment.headline,
        "note": assessment.note,
        "next_stage": assessment.next_stage.id if assessment.next_stage else None,
        "missing": [{"section": s.id, "section_name": s.name, "fields": [f.key for f in fs],
                     "labels": [f.label for f in fs]} for s, fs in assessment.missing],
        "ahead": [s.id for s in assessment.ahead],
        "next_actions": list(assessment.actions),
        "filled": assessment.filled,
        "total": assessment.total,
    }


# --------------------------------------------------------------------------------------- export
def _exported(schema: ProfileSchema, reveal: bool) -> list[tuple[ProfileSection, bool, list[ProfileField]]]:
    """(section, whole section hidden, fields shown) for an export."""
    out = []
    for section in schema.sections:
        hidden_section = section.hidden_by_default and not reveal
        shown = [] if hidden_section else [f for f in section.fields if reveal or not schema.is_hidden(section, f)]
        out.append((section, hidden_section, shown))
    return out


def contains_sensitive(profile: Profile, schema: ProfileSchema) -> bool:
    return any(profile.filled(f.key) and schema.is_hidden(s, f) for s in schema.sections for f in s.fields)


def export_dict(profile: Profile, schema: ProfileSchema | None = None, *, reveal: bool = False) -> dict[str, Any]:
    """The JSON export. By default deep and extended sections and confidential fields are left out."""
    schema = schema or default_schema()
    statuses = {s.section_id: s for s in section_statuses(profile, schema)}
    sections = []
    for section, hidden_section, shown in _exported(schema, reveal):
        status = statuses[section.id]
        sections.append({
            "id": section.id, "name": section.name, "name_in_source": section.name_in_source,
            "hidden": hidden_section, "filled": status.filled, "total": status.total,
            "missing_core": list(status.missing_core),
            "fields": [{"key": f.key, "label": f.label, "sensitivity": f.sensitivity,
                        "value": profile.values[f.key]} for f in shown if profile.filled(f.key)],
        })
    return {
        "kind": EXPORT_KIND, "version": VERSION, "code_name": profile.code_name,
        "contains_sensitive": reveal, "notice": SENSITIVE_NOTICE if reveal else REDACTED_NOTICE,
        "assessment": assessment_dict(assess(profile, schema)), "sections": sections,
    }


def _md_cell(text: str) -> str:
    return escape_multiline(text).replace("|", "&#124;")


def export_markdown(profile: Profile, schema: ProfileSchema | None = None, *, reveal: bool = False) -> str:
    """The Markdown export (HTML-escaped values, so rendering it can never run a script)."""
    schema = schema or default_schema()
    assessment = assess(profile, schema)
    out = [f"# 客户画像：{_md_cell(profile.code_name)}", "",
           f"> {SENSITIVE_NOTICE if reveal else '🔒 ' + REDACTED_NOTICE}", "", "## 阶段评估", ""]
    out += [f"   {line}" if line[:1].isdigit() else f"- {line}" for line in assessment_lines(assessment)]
    out += ["", "## 各板块完整度", "", "| 板块 | 已填字段 | 核心字段是否齐全 |", "|---|---|---|"]
    for section, status in zip(schema.sections, assessment.statuses, strict=True):
        inferred = "" if section.name_in_source else "（名称为课程推断）"
        out.append(f"| {section.name}{inferred} | {status.filled}/{status.total} | {'是' if status.counts else '否'} |")
    for section, hidden_section, shown in _exported(schema, reveal):
        out += ["", f"## {section.name}", ""]
        if hidden_section:
            out.append("（这一节默认不导出。需要时，在导出时明确选择“包含敏感信息”。）")
            continue
        rows = [f"- **{f.label}**：{_md_cell(profile.values[f.key])}" for f in shown if profile.filled(f.key)]
        out += rows or ["（未填写）"]
        not_shown = sum(1 for f in section.fields if f not in shown)
        if not_shown:
            out.append(f"- 另有 {not_shown} 个保密字段未导出。")
    return "\n".join(out) + "\n"


def export_html(profile: Profile, schema: ProfileSchema | None = None, *, reveal: bool = False) -> str:
    """A preview card of the export, every learner string escaped."""
    schema = schema or default_schema()
    notice = SENSITIVE_NOTICE if reveal else "🔒 " + REDACTED_NOTICE
    color = "#b3261e" if reveal else "#1f5aa6"
    parts = [f'<div class="kos-profile-export"><div style="font-weight:600">客户画像：'
             f"{escape_html(profile.code_name)}</div>",
             f'<div role="note" style="color:{color};margin:4px 0">{escape_html(notice)}</div>']
    for section, hidden_section, shown in _exported(schema, reveal):
        parts.append(f'<div style="margin-top:6px;font-weight:600">{escape_html(section.name)}</div>')
        if hidden_section:
            parts.append('<div style="color:#5f6368">（默认不导出）</div>')
            continue
        rows = [f'<tr><th style="text-align:left;padding-right:8px;vertical-align:top">{escape_html(f.label)}</th>'
                f"<td>{escape_multiline(profile.values[f.key])}</td></tr>" for f in shown if profile.filled(f.key)]
        parts.append(f"<table>{''.join(rows)}</table>" if rows else '<div style="color:#5f6368">（未填写）</div>')
    parts.append("</div>")
    return "".join(parts)


def statuses_from_export(data: Mapping[str, Any], schema: ProfileSchema) -> tuple[SectionStatus, ...]:
    """Read the section statuses an export file carries (so a redacted export can still be assessed)."""
    raw = data.get("sections")
    if not isinstance(raw, list):
        raise ProfileError("导出文件中缺少 sections 列表。")
    known = {s.id: s for s in schema.sections}
    statuses = []
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("id") not in known:
            raise ProfileError("导出文件的 sections 中有无法识别的板块。")
        section = known[entry["id"]]
        filled, missing = entry.get("filled"), entry.get("missing_core")
        core = {f.key for f in section.core_fields}
        if (isinstance(filled, bool) or not isinstance(filled, int) or not 0 <= filled <= len(section.fields)
                or not isinstance(missing, list) or not set(map(str, missing)) <= core):
            raise ProfileError(f"导出文件中“{section.name}”一节的统计数字不完整或不合理。")
        statuses.append(SectionStatus(section.id, filled, len(section.fields), tuple(str(m) for m in missing)))
    return tuple(statuses)


# -------------------------------------------------------------------------------------- storage
def profile_filename(code_name: str) -> str:
    """A safe, stable file name for a code name (a short hash keeps names apart after cleaning)."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", code_name, flags=re.UNICODE).strip("_")[:40] or "customer"
    if slug != code_name:
        slug += "-" + hashlib.sha1(code_name.encode("utf-8")).hexdigest()[:6]
    return slug + SUFFIX


def save_profile(profile: Profile, folder: str | Path = DEFAULT_FOLDER) -> Path:
    """Save one customer to ``folder/<code name>.kosguide.json`` (atomic, via :func:`save_json`)."""
    name = validate_code_name(profile.code_name)
    if not name.ok:
        raise StorageError(name.error)
    target = Path(folder) / profile_filename(name.value)
    set_aside_before_write(target)  # an unreadable file of the same name in the save folder keeps its bytes
    return save_json(target, profile.to_dict())


@dataclass(frozen=True)
class Loaded:
    """A profile read from disk (``profile`` is None when the file could not be used)."""

    profile: Profile | None
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.profile is not None


def load_profile(path: str | Path, schema: ProfileSchema | None = None) -> Loaded:
    """Load one saved profile; every problem is a Chinese message and nothing is lost."""
    path = Path(path)
    if not path.exists():
        return Loaded(None, (f"找不到文件 {path.name}。",))
    result = load_json(path)
    if not result.ok:
        return Loaded(None, (result.message,))
    try:
        profile, problems = profile_from_dict(result.data, schema)
    except ProfileError as exc:
        return Loaded(None, (f"{path.name}：{exc}",))
    return Loaded(profile, tuple(problems))


def list_profiles(folder: str | Path = DEFAULT_FOLDER,
                  schema: ProfileSchema | None = None) -> tuple[list[tuple[str, Path]], list[str]]:
    """Every saved customer in ``folder`` as (code name, path), plus messages about unusable files."""
    folder = Path(folder)
    found: list[tuple[str, Path]] = []
    problems: list[str] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*" + SUFFIX)):
        loaded = load_profile(path, schema)
        if loaded.profile is not None:
            found.append((loaded.profile.code_name, path))
        else:
            problems.extend(loaded.messages)
    return found, problems


def sensitivity_label(item: ProfileField) -> str:
    return SENSITIVITIES[item.sensitivity]
