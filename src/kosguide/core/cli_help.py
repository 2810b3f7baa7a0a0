"""The ``kosguide`` commands' shared boilerplate: command groups, ``--json``, errors on stderr.

Every tool's ``cli.py`` uses these, so the wording and the exit codes are the same everywhere:
0 done, 1 the result needs attention (or the data has problems), 2 the input was wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["INPUT_ERROR", "JSON_HELP", "add_json_flag", "command_group", "fail", "print_json"]

JSON_HELP = "以 JSON 输出结果"
INPUT_ERROR = 2


def command_group(subparsers: Any, name: str, help: str, description: str | None = None,
                  *, required: bool = False) -> tuple[argparse.ArgumentParser, Any]:
    """Add ``kosguide <name>`` with sub-commands; bare ``kosguide <name>`` prints its help.

    Returns ``(parser, its subparsers)``.
    """
    parser = subparsers.add_parser(name, help=help, description=description)
    sub = parser.add_subparsers(dest=f"{name}_command", metavar="子命令", required=required)

    def _help(_: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(func=_help)
    return parser, sub


def add_json_flag(parser: argparse.ArgumentParser, help: str = JSON_HELP) -> None:
    """``--json``: machine-readable output for scripts (messages for people stay Chinese)."""
    parser.add_argument("--json", action="store_true", help=help)


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON with Chinese characters kept readable."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def fail(message: object, code: int = INPUT_ERROR, prefix: str = "") -> int:
    """Print a Chinese error on stderr and return the exit code (``return fail(...)``)."""
    print(f"{prefix}{message}", file=sys.stderr)
    return code
