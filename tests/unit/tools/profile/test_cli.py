"""``kosguide profile assess`` run as an instructor would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kosguide.core.storage import save_json
from kosguide.tools.profile.profile import NECESSARY_NOT_SUFFICIENT, export_dict, new_profile, save_profile


def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


DOCTOR = {"company_code": "甲", "contact_role": "采购经理", "business": "包装", "decision_chain": "经理拍板"}
TEACHER = {**DOCTOR, "current_needs": "环保材料", "pain_points": "交期", "current_suppliers": "供方甲",
           "our_position": "主要供方之一"}
FRIEND = {**TEACHER, "personnel_changes": "秘密人事", "supplier_policy": "秘密政策"}


def test_assess_several_files_in_text_and_json(tmp_path: Path) -> None:
    a = save_profile(new_profile("客户 A", DOCTOR), tmp_path)
    b = save_profile(new_profile("客户 B", TEACHER), tmp_path)
    export = save_json(tmp_path / "c.export.json", export_dict(new_profile("客户 C", FRIEND)))
    result = kosguide("profile", "assess", str(a), str(b), str(export))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(NECESSARY_NOT_SUFFICIENT) == 3
    assert "“医生”" in result.stdout and "“老师”" in result.stdout and "“朋友”" in result.stdout
    assert "秘密" not in result.stdout
    as_json = json.loads(kosguide("profile", "assess", str(a), str(b), str(export), "--json").stdout)
    assert [r["assessment"]["stage"] for r in as_json] == ["doctor", "teacher", "friend"]
    assert all(r["assessment"]["note"] == NECESSARY_NOT_SUFFICIENT for r in as_json)
    assert as_json[1]["assessment"]["missing"][0]["section"] == "deep"


def test_corrupt_and_foreign_files_are_problems_not_crashes(tmp_path: Path) -> None:
    good = save_profile(new_profile("客户 A", DOCTOR), tmp_path)
    bad = tmp_path / "bad.kosguide.json"
    bad.write_text("{not json", encoding="utf-8")
    other = save_json(tmp_path / "other.json", {"hello": 1})
    result = kosguide("profile", "assess", str(good), str(bad), str(other))
    assert result.returncode == 1
    assert "不是完整的 JSON" in result.stderr and "不是客户画像文件" in result.stderr
    assert "评估了 1 个，2 个无法使用" in result.stdout
    assert bad.read_bytes() == b"{not json", "reading a path the user gave leaves it where it is"
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = kosguide("profile", "assess", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "找不到文件" in result.stderr
    assert kosguide("profile", "assess").returncode == 2
    assert "评估一个或多个画像文件" in kosguide("profile", "--help").stdout
