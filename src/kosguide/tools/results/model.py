"""The anonymous class-results file: its limits, records and the ids the course data defines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...core.data_loader import CourseData, default_course_data
from ..personality.data import TemperamentType
from ..profile.data import Stage
from ..refusal.data import Scenario

SCHEMA = "kosguide-results"
VERSION = 1
SUFFIX = ".kosguide-results.json"
SOURCES = ("workbook", "website")
MODES = ("self", "customer")
STATUSES = ("clear", "between", "center", "insufficient")
REFUSAL_KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")
NO_STAGE = "none"
OWN_SCENARIO = "own"
"""Scenario id recorded when the learner described their own request (its text is never kept)."""

MAX_LEARNER_CHARS = 20
MAX_TEMPERAMENT = 50
MAX_PROFILES = 200
MAX_REFUSAL = 500
MAX_CHECKS = 100
MAX_QUESTIONS = 200
MAX_RESULTS_BYTES = 200_000
"""A real export is a few kilobytes; anything above this is not a results file."""

KNOWLEDGE_FILE = "knowledge-checks.kosguide.json"
KNOWLEDGE_KIND = "knowledge-checks"
REFUSAL_FILE = "refusal-practice.kosguide.json"
REFUSAL_KIND = "refusal-practice"
PERSONALITY_FILE = "personality-results.kosguide.json"
PROFILE_FOLDER = "customer-profiles"
ROLEPLAY_FILE = "roleplay-practice.kosguide.json"
ROLEPLAY_KIND = "roleplay-practice"
ROLEPLAY_ENDINGS = ("good", "mixed", "bad")
MAX_ROLEPLAY = 500

TOP_KEYS = ("schema", "version", "exported", "source", "learner", "temperament", "profile_stages", "refusal",
            "knowledge_checks")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

LEARNER_CODE_HINT = ("学员代号只用于区分文件，必须是匿名代号（例如“学员 07”“A3”），不要写真实姓名、"
                     "手机号或邮箱。")


class ResultsError(ValueError):
    """A learner code or an export that cannot be used; ``str(error)`` is Chinese."""


# ------------------------------------------------------------------------------------ dataclasses
@dataclass(frozen=True)
class TemperamentEntry:
    mode: str
    status: str
    types: tuple[str, ...]
    style: float
    action: float

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "status": self.status, "types": list(self.types),
                "style": self.style, "action": self.action}


@dataclass(frozen=True)
class RefusalEntry:
    scenario: str
    empathy: bool
    principle: bool
    alternative: bool
    harsh: bool
    overpromise: bool

    def labels(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in REFUSAL_KEYS}

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.labels()}


@dataclass(frozen=True)
class RoleplayEntry:
    """One finished role-play: scenario id, ending kind and the judgement ids that went wrong (no text)."""

    scenario: str
    ending: str
    failed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "ending": self.ending, "failed": list(self.failed)}


@dataclass(frozen=True)
class CheckScore:
    total: int
    correct_first_try: int
    missed_first_try: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct_first_try": self.correct_first_try,
                "missed_first_try": list(self.missed_first_try)}


@dataclass(frozen=True)
class ClassResults:
    """One learner's validated export."""

    exported: str
    source: str
    learner: str = ""
    temperament: tuple[TemperamentEntry, ...] = ()
    profile_stages: tuple[str, ...] = ()
    refusal: tuple[RefusalEntry, ...] = ()
    knowledge_checks: dict[str, CheckScore] = field(default_factory=dict)
    roleplay: tuple[RoleplayEntry, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "schema": SCHEMA, "version": VERSION, "exported": self.exported, "source": self.source,
            "learner": self.learner,
            "temperament": [t.to_dict() for t in self.temperament],
            "profile_stages": list(self.profile_stages),
            "refusal": [r.to_dict() for r in self.refusal],
            "knowledge_checks": {k: v.to_dict() for k, v in self.knowledge_checks.items()},
        }
        if self.roleplay:  # optional: files without role-play results keep their old shape
            out["roleplay"] = [r.to_dict() for r in self.roleplay]
        return out


# ---------------------------------------------------------------------------------- known ids
@dataclass(frozen=True)
class KnownIds:
    """Ids the course data defines; a results file naming anything else is refused."""

    types: frozenset[str]
    stages: frozenset[str]
    scenarios: frozenset[str]
    roleplay: frozenset[str] = frozenset()
    """Role-play scenario ids (packaged and the instructor's own)."""
    judges: frozenset[str] = frozenset()
    """Judgement ids a role-play may record as failed."""


def _known_for(data: CourseData) -> KnownIds:
    # imported here: the role-play tool's widget imports this tool's practice records
    from ..roleplay.data import Scenario as RoleplayScenario
    from ..roleplay.judges import JUDGE_IDS

    return KnownIds(
        frozenset(data.of(TemperamentType)),
        frozenset(data.of(Stage)) | {NO_STAGE},
        frozenset(data.of(Scenario)) | {OWN_SCENARIO},
        frozenset(data.of(RoleplayScenario)),
        frozenset(JUDGE_IDS),
    )


def known_ids() -> KnownIds:
    """Ids the current course data defines (computed once per course data)."""
    return default_course_data().derived("results.known_ids", _known_for)


def display_names() -> dict[str, dict[str, str]]:
    """Chinese names for ids, by kind: ``types``, ``stages`` (with ``none``) and ``scenarios`` (with ``own``)."""
    data = default_course_data()
    stages = sorted(data.of(Stage).values(), key=lambda s: s.order)
    return {
        "types": {i.id: i.name for i in data.of(TemperamentType).values()},
        "stages": {NO_STAGE: "未到“医生”", **{s.id: s.name for s in stages}},
        "scenarios": {**{i.id: i.title for i in data.of(Scenario).values()}, OWN_SCENARIO: "自己描述的请求"},
    }
