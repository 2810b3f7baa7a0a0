"""The layers and the tool registry hold: one home per tool, core below the tools, widgets at the top.

Static checks over the source (no kernel): who imports what, and whether every tool's record agrees
with its folder, its data files and its commands.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from kosguide.cli import build_parser
from kosguide.core.data_loader import packaged_data_dir
from kosguide.core.registry import load_attr
from kosguide.tools import TOOL_MODULES, all_tools, data_kinds

SRC = Path(__file__).resolve().parents[2] / "src" / "kosguide"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_alias(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith('"""deprecated: import from kosguide.')


def imports(path: Path, *, skip_type_checking: bool = True) -> list[str]:
    """Absolute names of every module this file imports (module level and inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = "kosguide." + module_name(path) if module_name(path) else "kosguide"
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    skipped: set[int] = set()
    if skip_type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                skipped.update(id(n) for n in ast.walk(node))
    found: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append(target)
            found.extend(f"{target}.{a.name}" for a in node.names)
    return found


SOURCES = sorted(p for p in SRC.rglob("*.py") if not is_alias(p))
ALIASES = sorted(p for p in SRC.rglob("*.py") if is_alias(p))


def test_only_widget_modules_import_ipywidgets() -> None:
    offenders = [module_name(p) for p in SOURCES
                 if any(n == "ipywidgets" or n.startswith("ipywidgets.") for n in imports(p))
                 and p.name != "widget.py"]
    assert offenders == []


def test_core_imports_no_tool() -> None:
    # core may read the registry (kosguide.tools, lazily) but never a tool's own modules.
    offenders = {module_name(p): [n for n in imports(p) if n.startswith("kosguide.tools.")
                                  and n.split(".")[2] not in ("all_tools", "data_kinds", "get_tool")]
                 for p in (SRC / "core").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_charts_hold_shared_primitives_only() -> None:
    own = [p.name for p in (SRC / "charts").glob("*.py") if not is_alias(p)]
    assert sorted(own) == ["__init__.py", "svg.py"]


def test_nothing_inside_kosguide_uses_a_deprecated_path() -> None:
    alias_names = {"kosguide." + module_name(p) for p in ALIASES}
    offenders = {module_name(p): sorted(set(imports(p)) & alias_names) for p in SOURCES}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_alias_points_at_an_existing_module() -> None:
    for path in ALIASES:
        target = path.read_text(encoding="utf-8").split("import from ", 1)[1].split(" ", 1)[0]
        assert load_attr(target).__name__ == target, path


def test_registry_lists_every_tool_folder_once() -> None:
    folders = sorted(p.name for p in (SRC / "tools").iterdir() if (p / "__init__.py").is_file())
    assert sorted(TOOL_MODULES) == folders
    assert len(set(TOOL_MODULES)) == len(TOOL_MODULES)


@pytest.mark.parametrize("name", TOOL_MODULES)
def test_tool_init_is_light(name: str) -> None:
    init = SRC / "tools" / name / "__init__.py"
    assert set(imports(init)) <= {"kosguide.core.registry", "kosguide.core.registry.Tool", "__future__",
                                  "__future__.annotations"}


def test_every_data_folder_belongs_to_exactly_one_tool() -> None:
    folders = sorted(p.name for p in packaged_data_dir().iterdir() if p.is_dir())
    claimed = sorted(k for t in all_tools() for k in t.data_kinds)
    assert claimed == folders
    assert sorted(k.folder for k in data_kinds()) == folders


def test_commands_are_those_the_tools_declare() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    declared = [c for t in all_tools() for c in t.commands]
    assert sorted(sub.choices) == sorted(["check-data", *declared])


@pytest.mark.parametrize("tool", all_tools(), ids=lambda t: t.id)
def test_widget_entry_resolves(tool) -> None:
    if tool.widget is None:
        return
    cls = tool.widget_class()
    assert isinstance(cls, type) and cls.__name__ == tool.widget.rpartition(":")[2]


def test_colours_come_from_the_one_palette() -> None:
    import re

    literal = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
    offenders = [module_name(p) for p in SOURCES
                 if literal.search(p.read_text(encoding="utf-8"))
                 and module_name(p) != "core.palette"]
    assert offenders == []
