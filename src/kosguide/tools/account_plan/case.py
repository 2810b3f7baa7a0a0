"""The chapter 8 worked case (customer L), read from ``data/account_plan/case-l.toml``.

Shared by the chapter, the workbook, the CLI help and the tests. The ``CASE_*`` names keep the shape
the workbook and tests have always used (dicts and strings); the text itself lives in the data file.
"""

from __future__ import annotations

from typing import Any

from ...core.data_loader import CourseData, default_course_data
from .data import WorkedCase

CASE_ID = "case-l"


def worked_case(case_id: str = CASE_ID, data: CourseData | None = None) -> WorkedCase:
    """A worked case by id; ``KeyError`` (Chinese) listing the ids that exist."""
    return (data or default_course_data()).get("account_plan", case_id)


def case_facts(case_id: str = CASE_ID, data: CourseData | None = None) -> dict[str, Any]:
    """A deep copy of a worked case's facts (safe to change)."""
    import copy

    return copy.deepcopy(worked_case(case_id, data).facts)


_FACTS = case_facts()
CASE_PROFILE: dict[str, str] = _FACTS["profile"]
CASE_ANSWERS: dict[str, int | None] = _FACTS["personality"]["answers"]
CASE_PROMISES: tuple[dict[str, str], ...] = tuple(_FACTS["promises"])
CASE_WELCOME: str = _FACTS["welcome"]
CASE_REFUSAL: str = _FACTS["refusal"]["message"]
