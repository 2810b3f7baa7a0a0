"""The learner-side export: collect this device's results into one anonymous file."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.storage import StorageError, save_json
from .model import (
    KNOWLEDGE_FILE,
    MAX_LEARNER_CHARS,
    MAX_PROFILES,
    MAX_TEMPERAMENT,
    NO_STAGE,
    PERSONALITY_FILE,
    PROFILE_FOLDER,
    REFUSAL_FILE,
    ROLEPLAY_FILE,
    SUFFIX,
    ClassResults,
    TemperamentEntry,
    known_ids,
)
from .practice import load_check_records, load_refusal_practice, load_roleplay_practice
from .validation import clean_learner_code, validate_results


# ----------------------------------------------------------------------------------- the export
@dataclass(frozen=True)
class Collected:
    """The export (a plain dict ready for JSON) and Chinese notes about files that could not be read."""

    data: dict[str, Any]
    notes: tuple[str, ...] = ()


def _profile_stages(folder: Path) -> tuple[list[str], list[str]]:
    from ..profile.profile import assess, default_schema, load_profile

    stages: list[str] = []
    notes: list[str] = []
    if not folder.is_dir():
        return stages, notes
    schema = default_schema()
    for path in sorted(folder.glob("*.kosguide.json"))[:MAX_PROFILES]:
        loaded = load_profile(path, schema)
        if loaded.profile is None:
            notes.extend(loaded.messages)
            continue
        assessment = assess(loaded.profile, schema)
        stages.append(assessment.stage.id if assessment.stage else NO_STAGE)
    return stages, notes


def collect(folder: str | Path = ".", learner: str = "", *, today: str | None = None) -> Collected:
    """Build the learner's anonymous export from the tools' local files in ``folder``.

    Reads ``personality-results.kosguide.json``, every profile in ``customer-profiles/`` (only the
    stage each supports goes out), ``refusal-practice.kosguide.json``,
    ``knowledge-checks.kosguide.json`` and ``roleplay-practice.kosguide.json`` (ids and ending kinds
    only). Raises :class:`ResultsError` for an unusable learner code.
    """
    from ..personality.scoring import load_results

    folder = Path(folder)
    code = clean_learner_code(learner)
    notes: list[str] = []
    saved, problem = load_results(folder / PERSONALITY_FILE)
    if problem:
        notes.append(problem)
    known = known_ids()
    temperament = []
    for r in saved[-MAX_TEMPERAMENT:]:
        types = tuple(t for t in r.types if t in known.types)
        status = r.status if len(types) == {"clear": 1, "between": 2}.get(r.status, 0) else "insufficient"
        temperament.append(TemperamentEntry(r.mode, status, types if status != "insufficient" else (),
                                            round(r.style, 1), round(r.action, 1)))
    stages, stage_notes = _profile_stages(folder / PROFILE_FOLDER)
    notes += stage_notes
    refusal, problem = load_refusal_practice(folder / REFUSAL_FILE)
    if problem:
        notes.append(problem)
    checks, problem = load_check_records(folder / KNOWLEDGE_FILE)
    if problem:
        notes.append(problem)
    roleplay, problem = load_roleplay_practice(folder / ROLEPLAY_FILE)
    if problem:
        notes.append(problem)
    results = ClassResults(today or time.strftime("%Y-%m-%d"), "workbook", code, tuple(temperament),
                           tuple(stages), tuple(refusal), dict(sorted(checks.items())), tuple(roleplay))
    return Collected(results.to_dict(), tuple(notes))


def collect_results(folder: str | Path = ".", learner: str = "") -> dict[str, Any]:
    """The learner's anonymous export as a JSON-ready dict (see :func:`collect` for the notes)."""
    return collect(folder, learner).data


def results_filename(learner: str) -> str:
    """``<code>.kosguide-results.json`` with a file-system-safe code, or ``anon`` when there is none."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", learner, flags=re.UNICODE).strip("_")[:MAX_LEARNER_CHARS]
    return (slug or "anon") + SUFFIX


def save_results(data: Mapping[str, Any], folder: str | Path = ".") -> Path:
    """Validate ``data`` and save it as ``folder/<learner-or-anon>.kosguide-results.json`` via save_json."""
    results, problem = validate_results(dict(data))
    if results is None:
        raise StorageError(f"导出内容没有通过检查：{problem}")
    clean_learner_code(results.learner)  # the learner side is strict about the code
    return save_json(Path(folder) / results_filename(results.learner), results.to_dict())
