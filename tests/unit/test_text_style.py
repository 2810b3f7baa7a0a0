"""Chinese text uses full-width punctuation everywhere a learner or instructor reads it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from fullwidth import fix_line  # noqa: E402

FILES = sorted(
    [*ROOT.glob("book/*.md"), *ROOT.glob("src/kosguide/**/*.py"), *ROOT.glob("src/kosguide/data/**/*.toml"),
     *ROOT.glob("workbooks/*.ipynb"), *ROOT.glob("book/_ext/*.py"), *ROOT.glob("book/_static/*.js"),
     *ROOT.glob("tools/*.py"), ROOT / "README.md", ROOT / "Makefile", ROOT / "_config.yml"]
)


def lines_of(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [line for cell in cells for line in "".join(cell["source"]).split("\n")]
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_full_width_punctuation_in_chinese_text(path: Path) -> None:
    bad = [line.strip() for line in lines_of(path) if fix_line(line) != line]
    assert bad == [], f"ASCII punctuation inside Chinese text (run: python3 tools/fullwidth.py --fix {path})"
