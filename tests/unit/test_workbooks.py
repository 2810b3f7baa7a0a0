"""Workbooks are what learners run and what the website publishes: they are committed without
outputs, with file names that work in URLs and zip files, and each has a Chinese title."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted((ROOT / "workbooks").glob("*.ipynb"))


def test_there_are_workbooks() -> None:
    assert len(WORKBOOKS) >= 9


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_workbook_has_no_outputs_and_a_portable_name(path: Path) -> None:
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.ipynb", path.name), "ASCII, lower case, hyphens only"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    with_output = [i for i, c in enumerate(cells) if c.get("outputs") or c.get("execution_count")]
    assert with_output == [], f"cells {with_output} keep outputs: learners' data must never be committed"
    assert notebook["metadata"]["kernelspec"]["name"] in {"python3", "python"}
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and re.search(r"^# .*[\u4e00-\u9fff]", first, re.M)
