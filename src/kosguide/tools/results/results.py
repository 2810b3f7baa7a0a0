"""The anonymous class-results file: schema, validation, and the learner-side export.

Pure Python (it also runs in the browser's Pyodide kernel). A learner exports a small JSON file
(``<code>.kosguide-results.json``) that an instructor may collect into the class dashboard
(:mod:`kosguide.dashboard`). The file never holds customers' names, profile contents, free text or
the learner's real name: only ids, booleans and numbers, plus an optional anonymous learner code.

Schema (``schema = "kosguide-results"``, ``version = 1``)::

    {
      "schema": "kosguide-results", "version": 1,
      "exported": "2026-11-23",              # YYYY-MM-DD
      "source": "workbook",                  # "workbook" | "website"
      "learner": "学员 07",                  # optional; "" or at most 20 characters
      "temperament": [{"mode": "self", "status": "clear", "types": ["powerful"],
                       "style": 40.0, "action": 55.0}],
      "profile_stages": ["teacher", "none"],  # one per saved profile; "none" = below doctor
      "refusal": [{"scenario": "friend-price", "empathy": true, "principle": true,
                   "alternative": false, "harsh": false, "overpromise": false}],
      "knowledge_checks": {"ch01": {"total": 8, "correct_first_try": 6,
                                    "missed_first_try": ["ch01-definition"]}},
      "roleplay": [{"scenario": "ch07-friend-price", "ending": "mixed",   # optional: role-play
                    "failed": ["style-fit"]}]
    }

Besides the export, this module keeps the small local practice files the export reads:
``knowledge-checks.kosguide.json`` (first-try results per knowledge check),
``refusal-practice.kosguide.json`` (scenario id + the five booleans per recorded attempt) and
``roleplay-practice.kosguide.json`` (role-play scenario id, ending kind and failed judgement ids).

This module is the results tool's public face: it re-exports the pieces, which live by concern in
``model.py``, ``validation.py``, ``practice.py`` and ``export.py``.
"""

from __future__ import annotations

from .export import (
    Collected,
    collect,
    collect_results,
    results_filename,
    save_results,
)
from .model import (
    KNOWLEDGE_FILE,
    KNOWLEDGE_KIND,
    LEARNER_CODE_HINT,
    MAX_CHECKS,
    MAX_LEARNER_CHARS,
    MAX_PROFILES,
    MAX_QUESTIONS,
    MAX_REFUSAL,
    MAX_RESULTS_BYTES,
    MAX_ROLEPLAY,
    MAX_TEMPERAMENT,
    MODES,
    NO_STAGE,
    OWN_SCENARIO,
    PERSONALITY_FILE,
    PROFILE_FOLDER,
    REFUSAL_FILE,
    REFUSAL_KEYS,
    REFUSAL_KIND,
    ROLEPLAY_ENDINGS,
    ROLEPLAY_FILE,
    ROLEPLAY_KIND,
    SCHEMA,
    SOURCES,
    STATUSES,
    SUFFIX,
    TOP_KEYS,
    VERSION,
    CheckScore,
    ClassResults,
    KnownIds,
    RefusalEntry,
    ResultsError,
    RoleplayEntry,
    TemperamentEntry,
    display_names,
    known_ids,
)
from .practice import (
    load_check_records,
    load_refusal_practice,
    load_roleplay_practice,
    record_first_tries,
    record_refusal_practice,
    record_roleplay_practice,
)
from .validation import (
    clean_learner_code,
    is_foreign,
    validate_results,
)

__all__ = [
    "KNOWLEDGE_FILE",
    "KNOWLEDGE_KIND",
    "LEARNER_CODE_HINT",
    "MAX_CHECKS",
    "MAX_LEARNER_CHARS",
    "MAX_PROFILES",
    "MAX_QUESTIONS",
    "MAX_REFUSAL",
    "MAX_RESULTS_BYTES",
    "MAX_ROLEPLAY",
    "MAX_TEMPERAMENT",
    "MODES",
    "NO_STAGE",
    "OWN_SCENARIO",
    "PERSONALITY_FILE",
    "PROFILE_FOLDER",
    "REFUSAL_FILE",
    "REFUSAL_KEYS",
    "REFUSAL_KIND",
    "ROLEPLAY_ENDINGS",
    "ROLEPLAY_FILE",
    "ROLEPLAY_KIND",
    "SCHEMA",
    "SOURCES",
    "STATUSES",
    "SUFFIX",
    "TOP_KEYS",
    "VERSION",
    "CheckScore",
    "ClassResults",
    "Collected",
    "KnownIds",
    "RefusalEntry",
    "ResultsError",
    "RoleplayEntry",
    "TemperamentEntry",
    "clean_learner_code",
    "collect",
    "collect_results",
    "display_names",
    "is_foreign",
    "known_ids",
    "load_check_records",
    "load_refusal_practice",
    "load_roleplay_practice",
    "record_first_tries",
    "record_refusal_practice",
    "record_roleplay_practice",
    "results_filename",
    "save_results",
    "validate_results",
]
