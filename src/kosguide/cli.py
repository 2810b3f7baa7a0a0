"""The ``kosguide`` command. Messages for people are in Chinese; ``--json`` output is for scripts."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .core.data_loader import ENV_DATA_DIR, check_data_dir, packaged_data_dir
from .tools import all_tools


def command_modules() -> tuple[str, ...]:
    """The modules whose ``add_commands(subparsers)`` add the tools' commands, from the registry."""
    names: list[str] = []
    for tool in all_tools():
        name = tool.cli_module_name()
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


def _cmd_check_data(args: argparse.Namespace) -> int:
    folder = Path(args.dir) if args.dir else None
    if folder is not None and not folder.is_dir():
        print(f"找不到文件夹：{folder}", file=sys.stderr)
        return 2
    data, problems = check_data_dir(folder)
    if args.json:
        print(json.dumps({
            "ok": not problems,
            "files": data.files,
            "knowledge_checks": sorted(data.knowledge_checks),
            "questions": sum(len(c.questions) for c in data.knowledge_checks.values()),
            "chapters": [c.id for c in data.chapters],
            "problems": [{"file": p.file, "item": p.item, "field": p.field_name, "message": str(p)}
                         for p in problems],
        }, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    if folder is not None and folder.resolve() == packaged_data_dir().resolve():
        where = f"内置数据（{folder} 就是内置数据文件夹，只检查一次）"
    else:
        where = f"内置数据 + {folder}" if folder else "内置数据"
    print(f"检查范围：{where}")
    print(f"读取了 {len(data.files)} 个数据文件：{len(data.knowledge_checks)} 套知识检查"
          f"（共 {sum(len(c.questions) for c in data.knowledge_checks.values())} 题），"
          f"{len(data.chapters)} 个章节。")
    if problems:
        print(f"发现 {len(problems)} 个问题：", file=sys.stderr)
        for problem in problems:
            print(f"  ✗ {problem}", file=sys.stderr)
        return 1
    print("✓ 所有数据文件都通过了检查。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kosguide",
        description="客情关系实战课的命令行工具。所有数据都只在本机处理。",
    )
    parser.add_argument("--version", action="version", version=f"kosguide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    check = sub.add_parser(
        "check-data", help="检查课程数据文件（以及讲师自己的数据文件夹）",
        description=(
            "检查内置的课程数据，并可同时检查讲师自己的数据文件夹 DIR(结构与内置 data/ 相同，"
            f"例如 DIR/knowledge_checks/*.toml)。平时使用时，把环境变量 {ENV_DATA_DIR} 设为该文件夹，"
            "课程就会自动合并其中的内容。"
        ),
    )
    check.add_argument("dir", nargs="?", help="讲师数据文件夹（可选）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    check.set_defaults(func=_cmd_check_data)

    for module_name in command_modules():
        importlib.import_module(module_name).add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except (ValueError, KeyError) as exc:  # DataError is a ValueError with a Chinese message
        print(f"出错了：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
