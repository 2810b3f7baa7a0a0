"""``kosguide welcome check``: the welcome-message check on the command line.

Exit codes: 0 the message passed, 1 a problem was found, 2 bad input (empty, too long, unreadable).
"""

from __future__ import annotations

import argparse
import json
import sys

from ..refusal.cli import read_input
from ..refusal.normalise import ReviewInputError
from .message import check_welcome


def _cmd_welcome_check(args: argparse.Namespace) -> int:
    try:
        result = check_welcome(read_input(args.file).strip())
    except ReviewInputError as exc:
        print(f"出错了：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0 if result.ok else 1
    for key, present in result.present.items():
        print(f"{'✓' if present else '✗'} {result.names[key]}" + ("" if present else f"：{result.hints[key]}"))
    for warning in result.warnings:
        print(f"⚠ {warning}")
    print("这条欢迎语说清楚了角色、时间和非工作时间的渠道。" if result.ok else "这条欢迎语还需要修改。")
    return 0 if result.ok else 1


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    welcome = subparsers.add_parser("welcome", help="检查欢迎语（第 7 章）")
    welcome_sub = welcome.add_subparsers(dest="welcome_command", metavar="子命令")
    chk = welcome_sub.add_parser("check", help="检查欢迎语是否说明了角色、工作时间和非工作时间的渠道")
    chk.add_argument("file", help="欢迎语文件（UTF-8），写 - 表示从标准输入读取")
    chk.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    chk.set_defaults(func=_cmd_welcome_check)
    welcome.set_defaults(func=lambda _args: (welcome.print_help(), 0)[1])
