"""Parser for the chapter plan (``data/chapters/*.toml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind
from ..knowledge_check.models import Chapter

CHAPTER_STATUSES = ("planned", "published")


def parse_chapters(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Chapter]:
    top = Table(doc, label, "")
    chapters: list[Chapter] = []
    for number, raw in enumerate(top.tables("chapters"), start=1):
        t = Table(raw, label, f"第 {number} 项")
        cid = t.ident("id")
        t.item = f"第 {number} 项（id={cid}）"
        chapters.append(
            Chapter(
                id=cid,
                number=t.integer("number", 0, 99),
                title=t.text("title"),
                summary=t.text("summary"),
                minutes=t.integer("minutes", 0, 600),
                sources=t.text_list("sources"),
                tools=t.text_list("tools"),
                status=t.choice("status", CHAPTER_STATUSES),
            )
        )
        t.no_unknown_fields()
    top.no_unknown_fields()
    return chapters


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('chapters', '章节计划', parse_chapters),)
