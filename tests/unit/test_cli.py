"""The kosguide command, run as a learner or instructor would (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.unit.core.test_data_loader import GOOD, write_check


def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def test_check_data_on_packaged_data() -> None:
    result = kosguide("check-data")
    assert result.returncode == 0, result.stderr
    assert "所有数据文件都通过了检查" in result.stdout


def test_check_data_on_instructor_folder_reports_each_problem(tmp_path: Path) -> None:
    write_check(tmp_path, GOOD.replace('id = "demo"', 'id = "extra"', 1), "good.toml")
    write_check(tmp_path, GOOD.replace('kind = "single"', 'kind = "dan"'), "bad.toml")
    result = kosguide("check-data", str(tmp_path))
    assert result.returncode == 1
    assert "knowledge_checks/bad.toml" in result.stderr and "字段 kind" in result.stderr
    as_json = json.loads(kosguide("check-data", str(tmp_path), "--json").stdout)
    assert as_json["ok"] is False
    assert "extra" in as_json["knowledge_checks"]
    assert [p["field"] for p in as_json["problems"]] == ["kind"]


def test_check_data_on_the_packaged_folder_itself_reads_it_once() -> None:
    from kosguide.core.data_loader import packaged_data_dir

    result = kosguide("check-data", str(packaged_data_dir()))
    assert result.returncode == 0, result.stderr
    assert "只检查一次" in result.stdout and "所有数据文件都通过了检查" in result.stdout


def test_check_data_missing_folder(tmp_path: Path) -> None:
    result = kosguide("check-data", str(tmp_path / "nope"))
    assert result.returncode == 2 and "找不到文件夹" in result.stderr


def test_chapters_and_help_are_chinese() -> None:
    listing = kosguide("chapters")
    assert listing.returncode == 0 and "第 1 章 客情关系的本质" in listing.stdout
    assert "检查课程数据文件" in kosguide("--help").stdout


def test_version_is_one_number_everywhere() -> None:
    import tomllib

    import kosguide as package

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == package.__version__
    assert kosguide("--version").stdout.strip() == f"kosguide {package.__version__}"
