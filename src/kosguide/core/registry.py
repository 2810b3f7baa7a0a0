"""The registry of tools: one :class:`Tool` per folder under ``kosguide/tools/``.

Minimal version created on the role-play branch (issue 17); the one-home restructure owns this
module and may extend it. Keep the field names as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tool:
    """One tool: its id, the chapter it belongs to (None: several), its data kinds, CLI commands
    and the ``module:Class`` of its widget (None: no widget)."""

    id: str
    chapter: str | None
    data_kinds: tuple[str, ...]
    commands: tuple[str, ...]
    widget: str | None
