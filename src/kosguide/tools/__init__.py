"""The one registry of exercise tools: one folder per tool, one line per tool here.

Adding a tool = a folder ``kosguide/tools/<id>/`` (``__init__.py`` defining ``TOOL``) + its name in
:data:`TOOL_MODULES`. The course-data loader (:data:`kosguide.core.data_loader.KINDS`) and the
``kosguide`` command read this registry; nothing else keeps a list of tools.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from ..core.registry import DataKind, Tool

__all__ = ["TOOL_MODULES", "Tool", "all_tools", "data_kinds", "get_tool"]

# One line per tool folder under kosguide/tools/.
TOOL_MODULES: tuple[str, ...] = (
    "chapters",
    "knowledge_check",
    "journey",
    "profile",
    "personality",
    "renewal",
    "expectation",
    "ledger",
    "account_plan",
    "results",
    "reflection",
    "refusal",
    "welcome",
    "roleplay",
)


@lru_cache(maxsize=1)
def all_tools() -> tuple[Tool, ...]:
    """Every registered tool, in :data:`TOOL_MODULES` order (imports only each ``__init__.py``)."""
    tools = [importlib.import_module(f"{__name__}.{name}").TOOL for name in TOOL_MODULES]
    for tool, name in zip(tools, TOOL_MODULES, strict=True):
        if tool.id != name:
            raise RuntimeError(f"kosguide.tools.{name}.TOOL.id is {tool.id!r}; it must match the folder name")
    return tuple(tools)


def get_tool(tool_id: str) -> Tool:
    """One tool by id; ``KeyError`` with a Chinese message listing the ids that exist."""
    for tool in all_tools():
        if tool.id == tool_id:
            return tool
    known = "、".join(t.id for t in all_tools())
    raise KeyError(f"没有编号为「{tool_id}」的练习工具。现有：{known}")


@lru_cache(maxsize=1)
def data_kinds() -> tuple[DataKind, ...]:
    """Every kind of course data, from each tool's ``data.py`` ``DATA_KINDS``, in registry order."""
    kinds: list[DataKind] = []
    for tool in all_tools():
        module_name = tool.data_module_name()
        if module_name is None:
            continue
        declared = {k.folder: k for k in importlib.import_module(module_name).DATA_KINDS}
        for folder in tool.data_kinds:
            if folder not in declared:
                raise RuntimeError(f"{module_name}.DATA_KINDS has no kind {folder!r} declared by tool {tool.id!r}")
            kinds.append(declared[folder])
    folders = [k.folder for k in kinds]
    if len(folders) != len(set(folders)):
        raise RuntimeError(f"a data kind is claimed by two tools: {folders}")
    return tuple(kinds)
