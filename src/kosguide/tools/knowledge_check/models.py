"""Typed records for the course data files (built and validated by :mod:`kosguide.data_loader`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Option:
    """One answer option of a knowledge-check question."""

    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """A knowledge-check question: ``single`` has exactly one correct option, ``multiple`` one or more."""

    id: str
    kind: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: str = ""
    skill: str = ""  # "recall" | "application" | "" (not set); see tools.knowledge_check.data.QUESTION_SKILLS

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class KnowledgeCheck:
    """The knowledge check at the end of one chapter."""

    id: str
    chapter: str
    title: str
    questions: tuple[Question, ...]
    file: Path | None = None


@dataclass(frozen=True)
class Chapter:
    """One chapter of the course plan (``data/chapters/plan.toml``)."""

    id: str
    number: int
    title: str
    summary: str
    minutes: int
    sources: tuple[str, ...]
    tools: tuple[str, ...]
    status: str  # "published" or "planned"
