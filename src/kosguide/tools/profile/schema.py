"""The customer-profile schema (chapter 3): sections, fields and stages from the ``profile`` data,
and the profile file constants.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.data_loader import CourseData, DataError, default_course_data
from .data import ProfileField, ProfileSection, Stage

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
        sections = tuple(sorted(data.of(ProfileSection).values(), key=lambda s: s.order))
        stages = tuple(sorted(data.of(Stage).values(), key=lambda s: s.order))
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


def default_schema() -> ProfileSchema:
    """The schema from the packaged course data (plus ``KOSGUIDE_DATA_DIR``)."""
    return default_course_data().derived("profile.schema", ProfileSchema.from_course_data)
