"""``kosguide chapters``: list the course's chapters from the chapter plan."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ...core.cli_help import add_json_flag
from ...core.data_loader import load_course_data


def _cmd_chapters(args: argparse.Namespace) -> int:
    chapters = load_course_data().chapters
    if args.json:
        print(json.dumps([c.__dict__ for c in chapters], ensure_ascii=False, indent=2, default=list))
        return 0
    for c in chapters:
        mark = "已上线" if c.status == "published" else "编写中"
        print(f"第 {c.number} 章 {c.title}（{mark}，约 {c.minutes} 分钟）")
    return 0


def add_commands(subparsers: Any) -> None:
    """Add ``chapters`` to the ``kosguide`` command."""
    chapters = subparsers.add_parser("chapters", help="列出课程章节")
    add_json_flag(chapters)
    chapters.set_defaults(func=_cmd_chapters)
