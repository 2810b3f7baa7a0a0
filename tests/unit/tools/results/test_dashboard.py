"""The class dashboard (instructors, pandas): hand-computed aggregations, bad files skipped, escaping, CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pd = pytest.importorskip("pandas")

from kosguide.tools.results.chart import bar_chart, count_chart, rate_chart  # noqa: E402
from kosguide.tools.results.dashboard import (  # noqa: E402
    LearnerFile,
    chinese,
    dashboard_html,
    load_class,
    summarise,
)
from kosguide.tools.results.results import validate_results  # noqa: E402

EVIL = "<script>alert('x')</script>"
SAMPLES = Path(__file__).resolve().parents[3] / "data" / "class-results"
ROOT = Path(__file__).resolve().parents[4]


def results(learner: str = "", *, temperament: list[dict[str, Any]] | None = None, stages: list[str] | None = None,
            refusal: list[tuple[str, str]] | None = None, checks: dict[str, Any] | None = None,
            exported: str = "2026-11-20") -> dict[str, Any]:
    """A results dict; ``refusal`` items are (scenario, five 0/1 flags as a string like "11001")."""
    return {
        "schema": "kosguide-results", "version": 1, "exported": exported, "source": "workbook", "learner": learner,
        "temperament": temperament or [], "profile_stages": stages or [],
        "refusal": [{"scenario": s, **dict(zip(("empathy", "principle", "alternative", "harsh", "overpromise"),
                                               (f == "1" for f in flags), strict=True))}
                    for s, flags in (refusal or [])],
        "knowledge_checks": checks or {},
    }


def clear(type_id: str, mode: str = "self") -> dict[str, Any]:
    return {"mode": mode, "status": "clear", "types": [type_id], "style": 30.0, "action": 30.0}


TINY = [
    results("学员 01", temperament=[clear("perfect"), clear("powerful")],  # latest self result counts: powerful
            stages=["teacher", "teacher", "none"], refusal=[("friend-price", "11000"), ("late-night", "10101")],
            checks={"ch01": {"total": 8, "correct_first_try": 6, "missed_first_try": ["ch01-ideal", "ch01-aims"]}}),
    results("学员 02", temperament=[clear("lively", "customer"),
                                   {"mode": "self", "status": "between", "types": ["lively", "powerful"],
                                    "style": 2.0, "action": 40.0}],
            stages=["doctor"], refusal=[("own", "01100")],
            checks={"ch01": {"total": 8, "correct_first_try": 7, "missed_first_try": ["ch01-ideal"]},
                    "ch02": {"total": 8, "correct_first_try": 8, "missed_first_try": []}}),
    results("学员 03", temperament=[clear("lively", "customer")], refusal=[("friend-price", "11010")]),
]


def tiny() -> Any:
    learners = []
    for n, raw in enumerate(TINY):
        parsed, problem = validate_results(raw)
        assert parsed is not None, problem
        learners.append(LearnerFile(f"{n}.json", parsed))
    return summarise(learners)


def row(frame: Any, column: str, key: str) -> dict[str, Any]:
    found = frame[frame[column] == key]
    assert len(found) == 1, key
    return found.iloc[0].to_dict()


def test_temperament_counts_the_latest_self_result_per_learner() -> None:
    t = tiny().temperament
    counts = dict(zip(t["key"], t["learners"], strict=True))
    assert counts == {"lively": 0, "powerful": 1, "perfect": 0, "peaceful": 0, "between": 1, "inconclusive": 0,
                      "no-self": 1}
    assert row(t, "key", "between")["share"] == pytest.approx(1 / 3, abs=1e-4)


def test_stage_distribution_counts_profiles_and_learners() -> None:
    s = tiny().stages
    assert list(s["key"]) == ["none", "doctor", "teacher", "friend", "brother"]
    assert list(s["profiles"]) == [1, 1, 2, 0, 0]
    assert list(s["learners"]) == [1, 1, 1, 0, 0]
    assert row(s, "key", "teacher")["share"] == 0.5


def test_refusal_table_ranks_the_most_missing_step() -> None:
    # attempts: 11000, 10101, 01100, 11010 → empathy missing 1, principle missing 1, alternative missing 2,
    # harsh present 1, overpromise present 1; 4 attempts.
    r = tiny().refusal
    assert r.iloc[0]["key"] == "alternative"
    assert row(r, "key", "alternative")["count"] == 2 and row(r, "key", "alternative")["rate"] == 0.5
    assert {k: int(c) for k, c in zip(r["key"], r["count"], strict=True)} == {
        "alternative": 2, "empathy": 1, "principle": 1, "harsh": 1, "overpromise": 1}
    assert set(r["attempts"]) == {4}
    assert row(r, "key", "alternative")["learners"] == 2


def test_questions_most_missed_with_prompt_and_chapter() -> None:
    q = tiny().questions
    top = q.iloc[0].to_dict()
    assert top["question"] == "ch01-ideal" and top["missed"] == 2 and top["takers"] == 2 and top["rate"] == 1.0
    assert top["chapter"].startswith("第 1 章") and "理想的客情关系" in top["prompt"]
    assert row(q, "question", "ch01-aims")["rate"] == 0.5
    assert row(q, "question", "ch02-trust-vs-liking")["missed"] == 0
    from kosguide.data_loader import load_course_data

    checks = load_course_data().knowledge_checks
    # every question of the two checks anybody submitted
    assert len(q) == len(checks["ch01"].questions) + len(checks["ch02"].questions)


def test_check_summary_first_try_rate() -> None:
    c = tiny().checks
    assert row(c, "check", "ch01")["first_try_rate"] == pytest.approx(13 / 16, abs=1e-4)
    assert row(c, "check", "ch02")["learners"] == 1


def test_empty_class_gives_empty_tables() -> None:
    data = summarise([])
    assert set(data.temperament["learners"]) == {0} and len(data.questions) == 0 and len(data.checks) == 0
    assert "还没有数据" in dashboard_html(data)


def test_sample_folder_loads_and_bad_files_are_listed_with_reasons() -> None:
    data = load_class(SAMPLES)
    assert len(data.learners) == 12
    reasons = {s.file: s.reason for s in data.skipped}
    assert set(reasons) == {"bad-corrupt.json", "bad-foreign.json", "bad-wrong-type.json"}
    assert "不是完整的 JSON" in reasons["bad-corrupt.json"]
    assert "不是课程的学员结果文件" in reasons["bad-foreign.json"]
    assert "profile_stages" in reasons["bad-wrong-type.json"]
    assert int(data.temperament["learners"].sum()) == 12
    assert (SAMPLES / "bad-corrupt.json").exists()  # read-only: nothing was renamed aside


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_duplicates_oversized_and_odd_files_are_skipped_never_fatal(tmp_path: Path) -> None:
    write(tmp_path, "a1.json", results("学员 01"))
    write(tmp_path, "a2.json", results("学员 01"))
    write(tmp_path, "b-old.json", results("学员 02", exported="2026-11-01"))
    write(tmp_path, "b-new.json", results("学员 02", exported="2026-11-05", stages=["doctor"]))
    write(tmp_path, "big.json", " " * 300_000 + "{}")
    write(tmp_path, "list.json", "[1, 2]")
    (tmp_path / "gbk.json").write_bytes('{"learner": "客户"}'.encode("gbk"))
    write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path, "notes.txt", "ignored: not *.json")
    data = load_class(tmp_path)
    assert sorted(f.file for f in data.learners) == ["a1.json", "b-new.json"]
    reasons = {s.file: s.reason for s in data.skipped}
    assert "内容完全相同" in reasons["a2.json"]
    assert "更新的文件 b-new.json" in reasons["b-old.json"]
    assert "超过上限" in reasons["big.json"]
    assert "不是课程的学员结果文件" in reasons["list.json"]
    assert "UTF-8" in reasons["gbk.json"]
    assert "deep.json" in reasons
    assert "notes.txt" not in reasons


def test_missing_folder_raises_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="找不到文件夹"):
        load_class(tmp_path / "nope")


def test_html_report_escapes_and_is_self_contained(tmp_path: Path) -> None:
    write(tmp_path, "evil.json", results(EVIL[:20]))
    write(tmp_path, "<script>x.json", "not json")
    html = dashboard_html(load_class(tmp_path))
    assert "<script" not in html and "&lt;script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html and "@page" in html
    for external in ("<link", "src=", "@import", "url(", "https://"):
        assert external not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count("<svg") == 4


def test_chinese_headings_and_percentages() -> None:
    shown = chinese(tiny().refusal)
    assert {"项目", "次数", "比例", "问题类型"} <= set(shown.columns) and shown.iloc[0]["比例"] == "50%"


def test_charts_are_svg_with_escaped_labels() -> None:
    svg = bar_chart(EVIL, [(EVIL, 1.0, EVIL)]).svg
    assert svg.startswith("<svg") and "<script" not in svg
    assert "还没有数据" in count_chart("空", []).svg
    assert "2/4" in rate_chart("率", [("缺少替代", 2, 4)]).svg and "0/0" in rate_chart("率", [("x", 0, 0)]).svg
    long = count_chart("长", [("很" * 40, 3)]).svg
    assert "很" * 40 not in long and "…" in long


# ------------------------------------------------------------------------------------------- CLI
def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_prints_tables_and_skipped_files(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = kosguide("dashboard", str(SAMPLES), "--html", str(out))
    assert result.returncode == 0, result.stderr
    for words in ("计入 12 份学员结果", "性格类型分布", "客户画像阶段分布", "最常缺少的步骤", "第一次答错最多",
                  "bad-corrupt.json", "打印版报告已保存到"):
        assert words in result.stdout
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_json(tmp_path: Path) -> None:
    result = kosguide("dashboard", str(SAMPLES), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["learners"] == 12 and len(data["skipped"]) == 3
    assert {r["key"] for r in data["refusal"]} == {"empathy", "principle", "alternative", "harsh", "overpromise"}
    assert data["questions"][0]["rate"] >= data["questions"][-1]["rate"]


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    missing = kosguide("dashboard", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "找不到文件夹" in missing.stderr
    write(tmp_path, "x.json", "{")
    empty = kosguide("dashboard", str(tmp_path))
    assert empty.returncode == 2 and "没有可用的学员结果文件" in empty.stderr and "x.json" in empty.stderr


def test_cli_without_pandas_says_how_to_install(tmp_path: Path) -> None:
    script = (
        "import importlib.abc, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'pandas':\n"
        "            raise ImportError('no pandas')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from kosguide.cli import main\n"
        f"sys.exit(main(['dashboard', {str(SAMPLES)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 2 and 'pip install "kosguide[instructor]"' in result.stderr


def test_no_learner_facing_module_imports_the_dashboard() -> None:
    src = ROOT / "src" / "kosguide"
    importers = sorted(
        p.relative_to(src).as_posix() for p in src.rglob("*.py")
        if p.relative_to(src).as_posix() not in (
            "tools/results/dashboard.py", "tools/results/cli.py", "dashboard.py")  # last: deprecated alias
        and any(line.lstrip().startswith(("from ", "import ")) and re.search(r"\bdashboard\b(?!_)", line)
                for line in p.read_text(encoding="utf-8").splitlines())
    )
    assert importers == []
