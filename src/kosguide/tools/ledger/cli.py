"""``kosguide ledger``: list a saved promise ledger (overdue first) or export it as CSV.

Exit codes: 0 ok, 1 a problem was found (a broken ledger file; listing also returns 1 when
promises are overdue, so scripts can remind), 2 bad input (missing file, bad date).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ...core.cli_help import add_json_flag, command_group
from ...core.data_loader import load_course_data
from ...core.storage import StorageError
from .ledger import LedgerError, export_csv, load_ledger, parse_date


def _today(args: argparse.Namespace) -> date:
    return parse_date(args.today, "--today 的日期") if args.today else date.today()


def _open(args: argparse.Namespace):
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到台账文件：{path}", file=sys.stderr)
        return None
    # Non-strict: a learner's ledger stays readable even if an unrelated data file (another chapter's,
    # or an instructor's folder) is broken; only the expectation settings themselves are required.
    problems: list = []
    data = load_course_data(strict=False, errors=problems)
    try:
        settings = data.get("expectation", args.config).ledger
    except KeyError:
        details = "".join(f"\n  ✗ {p}" for p in problems)
        raise LedgerError(f"找不到预期管理设置「{args.config}」。{details}") from None
    return load_ledger(path, settings)


def _cmd_list(args: argparse.Namespace) -> int:
    try:
        today = _today(args)
    except LedgerError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    loaded = _open(args)
    if loaded is None:
        return 2
    ledger = loaded.ledger
    stats = ledger.stats(today)
    ordered = ledger.ordered(today)
    if args.json:
        print(json.dumps({
            "ok": loaded.ok,
            "message": loaded.message,
            "today": today.isoformat(),
            "kept_on_time_rate": stats.rate,
            "counts": {"kept": stats.kept, "kept_late": stats.kept_late, "late": stats.late,
                       "overdue_open": stats.overdue_open, "open": stats.open, "total": stats.total},
            "promises": [{**p.to_json(), "overdue": p.is_overdue(today), "status_label": p.status_label(today)}
                         for p in ordered],
        }, ensure_ascii=False, indent=2))
    else:
        if not loaded.ok:
            print(loaded.message, file=sys.stderr)
        for p in ordered:
            mark = "！" if p.is_overdue(today) else "✓" if p.status in ("kept", "kept-late") else "·"
            print(f"{mark} {p.id}  {p.customer}  截止 {p.due.isoformat()}  {p.status_label(today)}  {p.what}")
        print(stats.summary())
    if not loaded.ok:
        return 1
    return 1 if stats.late + stats.overdue_open else 0


def _cmd_export(args: argparse.Namespace) -> int:
    try:
        today = _today(args)
    except LedgerError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not args.csv.lower().endswith(".csv"):
        print("导出文件名请以 .csv 结尾。", file=sys.stderr)
        return 2
    loaded = _open(args)
    if loaded is None:
        return 2
    if not loaded.ok:
        print(loaded.message, file=sys.stderr)
        if not loaded.ledger.promises:
            print("没有可以导出的承诺，没有生成 CSV 文件。", file=sys.stderr)
            return 1
    try:
        out = export_csv(loaded.ledger, args.csv, today)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已导出 {len(loaded.ledger.promises)} 条承诺到 {out}（UTF-8 带 BOM，可直接用 Excel 打开）。")
    return 0 if loaded.ok else 1


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    _, sub = command_group(subparsers, "ledger", help="承诺台账：列出逾期承诺、导出 CSV",
                           description="读取练习册里保存的承诺台账（*.kosguide.json），只在本机处理。", required=True)

    listing = sub.add_parser("list", help="列出承诺（逾期的排在最前）和按时兑现率",
                             description="列出承诺，逾期的排在最前。有逾期承诺时退出码为 1，方便脚本提醒。")
    listing.add_argument("file", help="台账文件（*.kosguide.json）")
    add_json_flag(listing)
    listing.add_argument("--today", help="按这一天计算是否逾期（默认今天），格式 2025-08-01")
    listing.add_argument("--config", default="default", help="预期管理设置的编号（默认 default）")
    listing.set_defaults(func=_cmd_list)

    export = sub.add_parser("export", help="把台账导出为 CSV（Excel 可直接打开）")
    export.add_argument("file", help="台账文件（*.kosguide.json）")
    export.add_argument("--csv", required=True, metavar="OUT.csv", help="导出的 CSV 文件")
    export.add_argument("--today", help="按这一天计算是否逾期（默认今天），格式 2025-08-01")
    export.add_argument("--config", default="default", help="预期管理设置的编号（默认 default）")
    export.set_defaults(func=_cmd_export)
