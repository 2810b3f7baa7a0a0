"""deprecated: import from kosguide.tools.refusal.cli and kosguide.tools.welcome.cli instead.

Kept for one release: ``add_commands`` adds both the ``refusal`` and the ``welcome`` commands, as the
old module did. Nothing inside kosguide imports it.
"""

import argparse

from kosguide.tools.refusal.cli import MAX_FILE_CHARS, read_input  # noqa: F401
from kosguide.tools.refusal.cli import add_commands as _add_refusal
from kosguide.tools.welcome.cli import add_commands as _add_welcome


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    _add_refusal(subparsers)
    _add_welcome(subparsers)
