"""Everything an exercise imports must be pure Python: it also runs in the browser's Pyodide kernel.

The check imports every kosguide module in a fresh interpreter in which the usual non-pure
packages are blocked, then lists any compiled extension module loaded from outside the standard
library. A later change that pulls in numpy, pandas, a C-accelerated parser … fails here, not
silently in the learner's browser.
"""

from __future__ import annotations

import json
import subprocess
import sys

BLOCKED = ["numpy", "pandas", "matplotlib", "pydantic_core", "yaml", "lxml", "scipy", "regex", "orjson",
           "ujson", "markupsafe._speedups", "jieba"]
# Modules only instructors use in a local Jupyter (pandas and friends).
INSTRUCTOR_ONLY: set[str] = {"kosguide.tools.results.dashboard", "kosguide.dashboard"}  # + its deprecated alias

SCRIPT = r"""
import importlib, importlib.abc, json, pkgutil, sys, sysconfig
BLOCKED = set(json.loads(sys.argv[1]))
SKIP = set(json.loads(sys.argv[2]))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED or name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked non-pure package: {name}")
        return None

sys.meta_path.insert(0, Block())
import kosguide
failed = {}
names = []
for info in pkgutil.walk_packages(kosguide.__path__, "kosguide."):
    if info.name in SKIP or info.name.endswith("__main__"):
        continue
    names.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = repr(exc)
stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
compiled = sorted(
    name for name, mod in list(sys.modules.items())
    if (getattr(mod, "__file__", None) or "").endswith((".so", ".pyd"))
    and not (mod.__file__ or "").startswith(stdlib)
)
print(json.dumps({"modules": names, "failed": failed, "compiled": compiled}))
"""


def run_check() -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(BLOCKED), json.dumps(sorted(INSTRUCTOR_ONLY))],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_module_imports_with_non_pure_packages_blocked() -> None:
    result = run_check()
    assert "kosguide.tools.knowledge_check.widget" in result["modules"]
    assert result["failed"] == {}


def test_no_compiled_extension_outside_the_standard_library() -> None:
    # tornado/pyzmq come with a local kernel, not with kosguide; none may be pulled in by our imports.
    assert run_check()["compiled"] == []
