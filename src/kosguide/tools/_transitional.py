"""TRANSITIONAL (issue 13): data kinds of the refusal and welcome tools at their old places.

Deleted by the developer who moves them into ``tools/refusal/`` and ``tools/welcome/`` (their
``data.py`` then declares ``DATA_KINDS``).
"""

from __future__ import annotations

from ..core.registry import DataKind
from ..refusal_data import parse_refusal, parse_welcome

DATA_KINDS: tuple[DataKind, ...] = (
    DataKind("refusal", "拒绝话术数据", parse_refusal),
    DataKind("welcome", "欢迎语模板", parse_welcome),
)
