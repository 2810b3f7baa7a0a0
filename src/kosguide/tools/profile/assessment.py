"""The psychological-distance assessment of a profile: which stage its filled sections support."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .data import ProfileField, ProfileSection, Stage
from .model import Profile
from .schema import NECESSARY_NOT_SUFFICIENT, ProfileSchema, default_schema


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
