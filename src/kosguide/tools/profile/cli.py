"""``kosguide profile assess FILE.json …``: the customer-profile assessment on the command line.

For instructors reviewing several learners' profiles at once. Each file may be a saved profile
(``*.kosguide.json`` from the builder) or an export (redacted or not): a redacted export still
carries each section's counts, so the stage can be assessed without seeing hidden information.
Exit codes: 0 every file assessed; 1 some file could not be used; 2 bad input (no such file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ...core.cli_help import add_json_flag, command_group
from ...core.data_loader import load_course_data
from ...core.storage import load_json
from .profile import (
    EXPORT_KIND,
    PROFILE_KIND,
    Assessment,
    ProfileError,
    ProfileSchema,
    assess,
    assess_statuses,
    assessment_dict,
    assessment_lines,
    load_profile,
    statuses_from_export,
    validate_code_name,
)


def assess_file(path: Path, schema: ProfileSchema) -> tuple[Assessment | None, list[str]]:
    """Assess one saved profile or export file; the messages say what was wrong or noteworthy."""
    result = load_json(path)
    if not result.ok:
        return None, [result.message]
    data: Any = result.data
    if isinstance(data, dict) and data.get("kind") == EXPORT_KIND:
        try:
            statuses = statuses_from_export(data, schema)
        except ProfileError as exc:
            return None, [f"{path.name}：{exc}"]
        name = validate_code_name(data.get("code_name", ""))
        note = "这是一份导出文件：评估依据文件中各板块的统计数字。"
        return assess_statuses(schema, statuses, name.value if name.ok else path.stem), [note]
    if isinstance(data, dict) and data.get("kind") == PROFILE_KIND:
        loaded = load_profile(path, schema)
        if loaded.profile is None:
            return None, list(loaded.messages)
        return assess(loaded.profile, schema), list(loaded.messages)
    return None, [f"{path.name}：这不是客户画像文件，也不是画像导出文件。"]


def _cmd_assess(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        for path in missing:
            print(f"找不到文件：{path}", file=sys.stderr)
        return 2
    schema = ProfileSchema.from_course_data(load_course_data())
    reports = []
    problems = 0
    for path in paths:
        assessment, messages = assess_file(path, schema)
        problems += assessment is None
        reports.append((path, assessment, messages))
    if args.json:
        print(json.dumps([
            {"file": str(path), "ok": assessment is not None, "messages": messages,
             "assessment": assessment_dict(assessment) if assessment else None}
            for path, assessment, messages in reports
        ], ensure_ascii=False, indent=2))
    else:
        for path, assessment, messages in reports:
            print(f"== {path}")
            if assessment is not None:
                print(f"客户代号：{assessment.code_name}")
                for line in assessment_lines(assessment):
                    print(("   " if line[:1].isdigit() else "") + line)
            for message in messages:
                print(f"  注意：{message}", file=sys.stderr if assessment is None else sys.stdout)
        done = len(reports) - problems
        print(f"共 {len(reports)} 个文件：评估了 {done} 个" + (f"，{problems} 个无法使用。" if problems else "。"))
    return 1 if problems else 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    _, sub = command_group(subparsers, "profile", help="客户画像：评估心理距离阶段",
                           description="客户画像工具。所有文件都只在本机读取。")
    assess_parser = sub.add_parser(
        "assess", help="评估一个或多个画像文件（存档或导出均可）",
        description=("读取客户画像存档（*.kosguide.json）或导出文件，给出信息支撑到的阶段、下一阶段还缺什么、"
                     "以及下一步行动。提醒：没有这些信息一定到不了这一阶段；有了也不能证明已经到了。"),
    )
    assess_parser.add_argument("files", nargs="+", metavar="FILE.json", help="画像文件，可以一次给多个")
    add_json_flag(assess_parser)
    assess_parser.set_defaults(func=_cmd_assess)
