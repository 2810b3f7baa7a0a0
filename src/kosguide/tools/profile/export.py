"""Exporting a profile (redacted by default) as a dictionary, Markdown or HTML; every learner string escaped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...core import palette
from ...core.text import escape_html, escape_multiline
from .assessment import SectionStatus, assess, assessment_dict, assessment_lines, section_statuses
from .data import ProfileField, ProfileSection
from .model import Profile
from .schema import EXPORT_KIND, REDACTED_NOTICE, SENSITIVE_NOTICE, VERSION, ProfileError, ProfileSchema, default_schema


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
    return escape_multiline(text).replace("|", f"&{palette.NAVY};")


def export_markdown(profile: Profile, schema: ProfileSchema | None = None, *, reveal: bool = False) -> str:
    """The Markdown export (HTML-escaped values, so rendering it can never run a script)."""
    schema = schema or default_schema()
    assessment = assess(profile, schema)
    out = [f"# 客户画像：{_md_cell(profile.code_name)}", "",
           f"> {SENSITIVE_NOTICE if reveal else REDACTED_NOTICE}", "", "## 阶段评估", ""]
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
    notice = SENSITIVE_NOTICE if reveal else REDACTED_NOTICE
    color = palette.BAD if reveal else palette.BLUE
    parts = [f'<div class="kos-profile-export"><div style="font-weight:600">客户画像：'
             f"{escape_html(profile.code_name)}</div>",
             f'<div role="note" style="color:{color};margin:4px 0">{escape_html(notice)}</div>']
    for section, hidden_section, shown in _exported(schema, reveal):
        parts.append(f'<div style="margin-top:6px;font-weight:600">{escape_html(section.name)}</div>')
        if hidden_section:
            parts.append(f'<div style="color:{palette.MUTED}">（默认不导出）</div>')
            continue
        rows = [f'<tr><th style="text-align:left;padding-right:8px;vertical-align:top">{escape_html(f.label)}</th>'
                f"<td>{escape_multiline(profile.values[f.key])}</td></tr>" for f in shown if profile.filled(f.key)]
        empty = f'<div style="color:{palette.MUTED}">（未填写）</div>'
        parts.append(f"<table>{''.join(rows)}</table>" if rows else empty)
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
