"""The tool record: what a tool folder under ``kosguide/tools/`` provides.

Each tool package ``kosguide.tools.<id>`` defines ``TOOL = Tool(...)`` in its ``__init__.py`` (no
heavy imports there). ``kosguide.tools.TOOL_MODULES`` lists the tool packages once; the course-data
loader and the ``kosguide`` command both read that one registry. Course's own design (issue 13).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DataKind", "Tool", "load_attr"]


@dataclass(frozen=True)
class Tool:
    """One exercise tool.

    ``id`` matches the folder name under ``kosguide/tools/``; ``chapter`` is the chapter id
    (``"ch07"``) or ``None`` for course-wide tools; ``data_kinds`` are the course-data folders under
    ``data/`` whose files this tool parses (its ``data.py`` lists them in ``DATA_KINDS``);
    ``commands`` are the top-level ``kosguide`` sub-commands its ``cli.py`` adds with
    ``add_commands(subparsers)``; ``widget`` is the lazy import path of its view,
    ``"module:Class"``.

    ``data_module`` / ``cli_module`` default to ``kosguide.tools.<id>.data`` / ``.cli``; they are
    set explicitly only by the transitional records of tools not yet moved into ``tools/``.
    """

    id: str
    chapter: str | None
    data_kinds: tuple[str, ...]
    commands: tuple[str, ...]
    widget: str | None
    title: str = ""
    data_module: str | None = None
    cli_module: str | None = None

    @property
    def package(self) -> str:
        return f"kosguide.tools.{self.id}"

    def data_module_name(self) -> str | None:
        """The module whose ``DATA_KINDS`` parse this tool's data kinds (``None`` if it has none)."""
        if not self.data_kinds:
            return None
        return self.data_module or f"{self.package}.data"

    def cli_module_name(self) -> str | None:
        """The module whose ``add_commands(subparsers)`` adds this tool's commands."""
        if not self.commands:
            return None
        return self.cli_module or f"{self.package}.cli"

    def widget_class(self) -> type:
        """Import and return the widget view class (imports ipywidgets); ``LookupError`` if none."""
        if not self.widget:
            raise LookupError(f"工具「{self.id}」没有练习界面。")
        return load_attr(self.widget)


@dataclass(frozen=True)
class DataKind:
    """A kind of course-data file: its folder under ``data/``, a Chinese label and its parser.

    ``parse(doc, label, path)`` validates one TOML document and returns a list of items, each with
    a unique ``id`` attribute; problems raise ``DataError`` naming file, item and field in Chinese.
    """

    folder: str
    label: str
    parse: Callable[[dict[str, Any], str, Path | None], list[Any]]


def load_attr(path: str) -> Any:
    """``"package.module:Name"`` → the object (imports the module)."""
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr) if attr else module
