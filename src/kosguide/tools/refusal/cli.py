"""``kosguide refusal review``: the refusal reviewer on the command line.

Exit codes: 0 the message(s) passed, 1 a problem was found, 2 bad input (empty, too long, unreadable).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...core.datafile import TextEncodingError, decode_editor_text
from .data import KEY_NAMES, KEYS
from .review import MAX_CHARS, ReviewInputError, review

MAX_FILE_CHARS = 2_000_000


def read_input(source: str | None) -> str:
    """Read a file (or standard input for ``None`` / ``-``); Chinese :class:`ReviewInputError` on failure."""
    try:
        if source in (None, "-"):
            data = sys.stdin.buffer.read(MAX_FILE_CHARS * 4 + 1)
        else:
            path = Path(source)
            if not path.is_file():
                raise ReviewInputError(f"找不到文件：{source}")
            if path.stat().st_size > MAX_FILE_CHARS * 4:
                raise ReviewInputError(f"输入太大了（超过 {MAX_FILE_CHARS} 个字符）。请分成几个文件再检查。")
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_CHARS * 4 + 1)
    except OSError as exc:
        raise ReviewInputError(f"无法读取输入：{exc.strerror or exc}") from exc
    if not data.strip():
        raise ReviewInputError("输入是空的（0 字节或只有空白），没有可以检查的话术。")
    try:
        text = decode_editor_text(data)  # BOM, UTF-16 and CRLF load; GBK and binary are refused with the fix
    except TextEncodingError as exc:
        raise ReviewInputError(f"无法读取输入：{exc}") from exc
    if len(text) > MAX_FILE_CHARS:
        raise ReviewInputError(f"输入太大了（超过 {MAX_FILE_CHARS} 个字符）。请分成几个文件再检查。")
    return text


def _table_row(number: int, labels: dict[str, bool], text: str) -> str:
    marks = " ".join(f"{KEY_NAMES[k]}{'✓' if labels[k] else '·'}" if k in ("empathy", "principle", "alternative")
                     else f"{KEY_NAMES[k]}{'⚠' if labels[k] else '·'}" for k in KEYS)
    short = text if len(text) <= 30 else text[:29] + "…"
    return f"{number:>4}  {marks}  {short}"


def _cmd_review(args: argparse.Namespace) -> int:
    try:
        text = read_input(args.file)
    except ReviewInputError as exc:
        print(f"出错了：{exc}", file=sys.stderr)
        return 2
    if not args.lines:
        try:
            result = review(text.strip("\n"))
        except ReviewInputError as exc:
            print(f"出错了：{exc}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            print(result.summary)
            if result.refusal_note:
                print(result.refusal_note)
            for item in result.feedback:
                print(f"【{item.name}】{item.text}")
        return 0 if result.good else 1
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        print("出错了：请先输入要检查的话术：内容是空的。", file=sys.stderr)
        return 2
    any_bad_input = False
    any_problem = False
    if not args.json:
        print(f"{'行':>4}  五个判断（✓ 有，⚠ 有问题，· 没有）  话术")
    for number, line in enumerate(lines, start=1):
        try:
            result = review(line)
        except ReviewInputError as exc:
            any_bad_input = True
            if args.json:
                print(json.dumps({"line": number, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"{number:>4}  出错了：{exc}")
            continue
        any_problem = any_problem or not result.good
        if args.json:
            print(json.dumps({"line": number, "text": line, **result.as_dict()}, ensure_ascii=False))
        else:
            print(_table_row(number, result.labels(), line))
    if any_bad_input:
        return 2
    return 1 if any_problem else 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    refusal = subparsers.add_parser("refusal", help="检查拒绝话术（第 7 章）")
    refusal_sub = refusal.add_subparsers(dest="refusal_command", metavar="子命令")
    rev = refusal_sub.add_parser(
        "review", help="按课程的五个判断检查一条或多条拒绝话术",
        description=(f"从文件或标准输入读取一条话术（上限 {MAX_CHARS} 个字符），判断有没有共情、原则、替代方案，"
                     "以及有没有生硬或过度承诺的说法。退出码：0 合格，1 需要修改，2 输入有误。"),
    )
    rev.add_argument("file", nargs="?", help="话术文件（UTF-8）；不写或写 - 表示从标准输入读取")
    rev.add_argument("--json", action="store_true", help="以 JSON 输出（配合 --lines 时每行一个 JSON 对象）")
    rev.add_argument("--lines", action="store_true", help="每行是一条独立的话术，逐条检查（适合批量检查角色扮演记录）")
    rev.set_defaults(func=_cmd_review)
    refusal.set_defaults(func=lambda _args: (refusal.print_help(), 0)[1])
