"""Promise ledger: ordering, rate maths, validation, CSV, safe save/load, the widget and the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.core.data_loader import packaged_data_dir
from kosguide.core.datafile import read_toml
from kosguide.core.storage import save_json
from kosguide.tools.expectation.chart import ledger_chart_svg
from kosguide.tools.expectation.data import parse_expectation
from kosguide.tools.ledger.ledger import (
    LedgerError,
    LedgerStats,
    PromiseLedger,
    csv_bytes,
    csv_cell,
    csv_text,
    export_csv,
    ledger_from_json,
    load_ledger,
    parse_date,
)
from kosguide.tools.ledger.widget import PromiseLedgerView

# parsed directly, so these tests do not depend on other chapters' data files
CONFIG = parse_expectation(read_toml(packaged_data_dir() / "expectation" / "default.toml"), "default.toml")[0]
SETTINGS = CONFIG.ledger
TODAY = date(2025, 8, 10)
EVIL = "<script>alert('x')</script>"


def sample() -> PromiseLedger:
    ledger = PromiseLedger(SETTINGS)
    ledger.add("客户 Z", "周五前发案例", "2025-08-15", "document", today=date(2025, 8, 1))  # P001 open, not due
    ledger.add("客户 Z", "下午三点回电", "2025-08-02", "callback", today=date(2025, 8, 1))  # P002 kept
    ledger.add("客户 Y", "发报价单", "2025-08-05", today=date(2025, 8, 1))  # P003 open, overdue
    ledger.add("客户 Y", "上门演示", "2025-08-03", "visit", today=date(2025, 8, 1))  # P004 late (marked)
    ledger.add("客户 X", "解决登录问题", "2025-08-04", "solution", today=date(2025, 8, 1))  # P005 kept late
    ledger.mark_kept("P002", "2025-08-02", today=TODAY)
    ledger.mark_late("P004")
    ledger.mark_kept("P005", "2025-08-06", today=TODAY)
    return ledger


def test_overdue_first_then_open_by_due_then_done() -> None:
    assert [p.id for p in sample().ordered(TODAY)] == ["P004", "P003", "P001", "P005", "P002"]


def test_statuses_after_marking() -> None:
    ledger = sample()
    assert {p.id: p.status for p in ledger.promises} == {
        "P001": "open", "P002": "kept", "P003": "open", "P004": "late", "P005": "kept-late"}
    assert ledger.get("P003").status_label(TODAY) == "已逾期（未标记）"
    assert ledger.get("P004").days_overdue(TODAY) == 7
    ledger.mark_kept("P004", "2025-08-09", today=TODAY)
    assert ledger.get("P004").status == "kept-late"
    with pytest.raises(LedgerError, match="不能再标记为逾期"):
        ledger.mark_late("P004")
    assert ledger.reopen("P004").status == "open"


@pytest.mark.parametrize(
    ("counts", "rate"),
    [
        ({}, None),  # empty ledger: no rate, no division by zero
        ({"open": 3}, None),  # nothing due yet
        ({"kept": 3}, 1.0),
        ({"kept": 3, "kept_late": 1}, 0.75),
        ({"kept": 1, "late": 1, "overdue_open": 2, "open": 5}, 0.25),  # not-yet-due promises do not count
        ({"kept_late": 2}, 0.0),
    ],
)
def test_kept_on_time_rate(counts: dict[str, int], rate: float | None) -> None:
    full = {"kept": 0, "kept_late": 0, "late": 0, "overdue_open": 0, "open": 0} | counts
    stats = LedgerStats(**full, total=sum(full.values()))
    assert stats.rate == rate


def test_stats_of_sample_and_empty_ledger() -> None:
    stats = sample().stats(TODAY)
    assert (stats.kept, stats.kept_late, stats.late, stats.overdue_open, stats.open) == (1, 1, 1, 1, 1)
    assert stats.rate == 0.25 and "按时兑现率 25%" in stats.summary() and "2 条已经逾期" in stats.summary()
    empty = PromiseLedger(SETTINGS).stats(TODAY)
    assert empty.rate is None and "还没有承诺" in empty.summary()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.sampled_from(["open", "kept", "late", "kept-late"])),
                max_size=15))
def test_ordering_and_rate_properties(items: list[tuple[int, str]]) -> None:
    ledger = PromiseLedger(SETTINGS)
    for offset, status in items:
        due = date.fromordinal(TODAY.toordinal() + offset)
        pid = ledger.add("客户", "事", due, today=date(2025, 7, 1)).promise.id
        if status == "late":
            ledger.mark_late(pid)
        elif status in ("kept", "kept-late"):
            done = due if status == "kept" else date.fromordinal(due.toordinal() + 1)
            ledger.mark_kept(pid, min(done, TODAY), today=TODAY)
    ordered = ledger.ordered(TODAY)
    flags = [p.is_overdue(TODAY) for p in ordered]
    assert flags == sorted(flags, reverse=True), "every overdue promise comes before every other"
    stats = ledger.stats(TODAY)
    assert stats.total == len(items)
    assert stats.rate is None or 0 <= stats.rate <= 1


@pytest.mark.parametrize(
    ("customer", "what", "due", "message"),
    [
        ("", "回电", "2025-08-20", "客户代号不能为空"),
        ("客户 A", "   \n ", "2025-08-20", "承诺内容不能为空"),
        ("客户 A", "\u200b\x00", "2025-08-20", "承诺内容不能为空"),  # invisible characters only
        ("客户 A", "回电", "", "截止日期还没有填写"),
        ("客户 A", "回电", "明天", "看不懂"),
        ("客户 A", "回电", "2025-02-30", "不是日历上存在的日子"),
        ("客户 A", "回电", "2025-13-01", "不是日历上存在的日子"),
        ("客户 A", "字" * 301, "2025-08-20", "太长了（301 字，上限 300 字）"),
        ("客" * 41, "回电", "2025-08-20", "客户代号太长了"),
    ],
)
def test_bad_input_gets_chinese_message_and_adds_nothing(customer, what, due, message) -> None:
    ledger = PromiseLedger(SETTINGS)
    with pytest.raises(LedgerError, match=message):
        ledger.add(customer, what, due, today=TODAY)
    assert ledger.promises == []


@pytest.mark.parametrize("text", ["2025-08-20", "2025/8/20", "2025年8月20日", "２０２５－０８－２０", " 2025.08.20 "])
def test_date_formats(text: str) -> None:
    assert parse_date(text) == date(2025, 8, 20)


def test_due_date_in_the_past_is_allowed_but_flagged() -> None:
    ledger = PromiseLedger(SETTINGS)
    result = ledger.add("客户 A", "补记：上周答应的资料", "2025-08-01", today=TODAY)
    assert result.promise.id == "P001" and ledger.promises == [result.promise]
    assert result.warnings and "已经过去了" in result.warnings[0]
    assert ledger.add("客户 A", "回电", "2025-08-10", today=TODAY).warnings == ()  # today is not the past
    assert "年份" in ledger.add("客户 A", "回电", "2030-08-10", today=TODAY).warnings[0]


def test_unknown_category_and_future_done_date() -> None:
    ledger = PromiseLedger(SETTINGS)
    with pytest.raises(LedgerError, match="没有“gift”这个承诺类别"):
        ledger.add("客户 A", "x", "2025-08-20", "gift", today=TODAY)
    ledger.add("客户 A", "x", "2025-08-20", today=TODAY)
    with pytest.raises(LedgerError, match="还没到"):
        ledger.mark_kept("P001", "2025-08-11", today=TODAY)
    with pytest.raises(LedgerError, match="没有编号为 P009"):
        ledger.mark_kept("P009", today=TODAY)


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
     ("客户 A", "客户 A"), ("a=b", "a=b"), ("", ""), (None, "")],
)
def test_csv_formula_injection_is_neutralised(value, cell) -> None:
    assert csv_cell(value) == cell


def test_csv_content_order_and_bom(tmp_path: Path) -> None:
    ledger = sample()
    ledger.add("=cmd|' /C calc'!A0", f"发资料{EVIL}, 含逗号\n和换行", "2025-08-20", today=TODAY)
    data = csv_bytes(ledger, TODAY)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["编号", "客户代号", "类别", "承诺内容", "截止日期", "状态", "完成日期", "记录日期"]
    assert [r[0] for r in rows[1:]] == ["P004", "P003", "P001", "P006", "P005", "P002"]
    assert rows[1][5] == "已逾期" and rows[2][5] == "已逾期（未标记）" and rows[-1][5] == "按时兑现"
    assert rows[3][2] == "发送资料"
    injected = rows[4]
    assert injected[1].startswith("'=") and injected[3] == f"发资料{EVIL}, 含逗号\n和换行"
    out = export_csv(ledger, tmp_path / "sub" / "p.csv", TODAY)
    assert out.read_bytes() == data
    assert csv_text(PromiseLedger(SETTINGS), TODAY).count("\r\n") == 1  # empty ledger: header only


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    ledger = sample()
    ledger.save(path)
    loaded = load_ledger(path, SETTINGS)
    assert loaded.ok and loaded.ledger.promises == ledger.promises and "读入 5 条" in loaded.message
    assert load_ledger(tmp_path / "none.kosguide.json", SETTINGS).ok


def test_corrupt_ledger_is_left_in_place_with_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    path.write_bytes(b'{"kind": "kosguide-promise-ledger", "promises": [')
    before = path.stat().st_mtime_ns
    loaded = load_ledger(path, SETTINGS)
    assert not loaded.ok and "原文件已原样保留" in loaded.message and loaded.file_untouched_but_unreadable
    assert path.read_bytes().endswith(b"[") and path.stat().st_mtime_ns == before
    assert loaded.kept_as is None and loaded.ledger.promises == [] and not list(tmp_path.glob("*.corrupt-*"))


def test_partly_invalid_ledger_keeps_good_entries_and_the_original(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    data = sample().to_json()
    data["promises"][1]["due"] = "2025-02-30"
    data["promises"][2]["status"] = "done?"
    data["promises"].append("not a promise")
    save_json(path, data)
    original = path.read_bytes()
    loaded = load_ledger(path, SETTINGS)
    assert not loaded.ok and "3 处内容无法读取" in loaded.message
    assert [p.id for p in loaded.ledger.promises] == ["P001", "P004", "P005"]
    assert path.read_bytes() == original and loaded.file_untouched_but_unreadable


def test_a_file_that_is_not_a_ledger() -> None:
    with pytest.raises(LedgerError, match="不是承诺台账"):
        ledger_from_json({"kind": "reflection"}, SETTINGS)


def test_ledger_chart_counts() -> None:
    svg = ledger_chart_svg(sample().stats(TODAY)).svg
    assert "按时兑现" in svg and "逾期未兑现" in svg and "2 条" in svg and "按时兑现率：25%" in svg
    assert "按时兑现率：—" in ledger_chart_svg(PromiseLedger(SETTINGS).stats(TODAY)).svg


# --- widget, driven without a kernel ---------------------------------------------------------------
def make_view(tmp_path: Path, name: str = "p.kosguide.json") -> PromiseLedgerView:
    return PromiseLedgerView(CONFIG, str(tmp_path / name), today=lambda: TODAY)


def add(view: PromiseLedgerView, customer: str, what: str, due: str) -> None:
    view.customer.value, view.what.value, view.due.value = customer, what, due
    view.add_button.click()


def test_widget_adds_marks_saves_and_shows_overdue_first(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    assert "不会上传" in view.widget.children[0].value and "还没有承诺" in view.stats.value
    add(view, "客户 A", "周五前发案例", "2025-08-15")
    assert "已记下 P001" in view.form_message.value and view.what.value == ""
    add(view, "客户 B", f"回电{EVIL}", "2025-08-08")
    assert "已经过去了" in view.form_message.value
    first = view.rows.children[0].children[0].value
    assert "P002" in first and "已逾期" in first and "<script>" not in first and "&lt;script&gt;" in first
    view.rows.children[1].children[1].click()  # P001: 已兑现 today (on time)
    assert view.ledger.get("P001").status == "kept"
    assert "按时兑现率 50%" in view.stats.value and "<svg" in view.chart.value
    assert "已自动保存" in view.file_message.value
    reopened = make_view(tmp_path)
    assert [p.id for p in reopened.ledger.promises] == ["P001", "P002"]


def test_widget_bad_input_and_mark_late(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    add(view, "客户 A", "", "2025-08-20")
    assert "承诺内容不能为空" in view.form_message.value and view.ledger.promises == []
    add(view, "客户 A", "回电", "下周三")
    assert "看不懂" in view.form_message.value
    add(view, "客户 A", "回电", "2025-08-20")
    view.rows.children[0].children[2].click()  # 标记逾期
    assert view.ledger.get("P001").status == "late" and "已逾期" in view.rows.children[0].children[0].value
    assert len(view.rows.children[0].children) == 2  # a late promise can only be marked kept now


def test_widget_corrupt_file_then_save_keeps_original(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    path.write_text("{ not json", encoding="utf-8")
    view = make_view(tmp_path)
    assert "原文件已原样保留" in view.file_message.value
    assert path.read_text(encoding="utf-8") == "{ not json" and not list(tmp_path.glob("*.corrupt-*"))
    add(view, "客户 A", "回电", "2025-08-20")  # autosave is paused: the unreadable file is not touched
    assert path.read_text(encoding="utf-8") == "{ not json"
    view.save()  # the learner saves on purpose: the original is set aside first, byte for byte
    aside = list(tmp_path.glob("p.kosguide.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ not json"
    assert aside[0].name in view.file_message.value
    assert json.loads(path.read_text(encoding="utf-8"))["promises"][0]["what"] == "回电"


def test_widget_does_not_overwrite_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    path.write_bytes(b" " * 2_100_000)  # too big to load: left in place
    view = make_view(tmp_path)
    assert view.autosave_blocked and "自动保存已暂停" in view.file_message.value
    add(view, "客户 A", "回电", "2025-08-20")
    assert path.stat().st_size == 2_100_000


def test_widget_file_names_and_csv_export(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    view.file.value = str(tmp_path / "p.json")
    view.save_button.click()
    assert ".kosguide.json 结尾" in view.file_message.value
    view.file.value = str(tmp_path / "p.kosguide.json")
    add(view, "=客户", "@回电", "2025-08-20")
    view.csv_file.value = str(tmp_path / "out.txt")
    view.export_button.click()
    assert ".csv 结尾" in view.file_message.value
    view.csv_file.value = str(tmp_path / "out.csv")
    view.export_button.click()
    assert "已导出到本机文件 out.csv" in view.file_message.value
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "CSV 预览" in view.csv_preview.value and "&#x27;=客户" in view.csv_preview.value
    assert 'href="data:text/csv;charset=utf-8;base64,' in view.csv_preview.value


# --- command line ---------------------------------------------------------------------------------
def kosguide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kosguide", *args], capture_output=True, text=True)


def test_cli_list_and_json(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    sample().save(path)
    listing = kosguide("ledger", "list", str(path), "--today", "2025-08-10")
    assert listing.returncode == 1, listing.stderr  # overdue promises found
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("！ P004") and lines[1].startswith("！ P003") and "按时兑现率 25%" in lines[-1]
    data = json.loads(kosguide("ledger", "list", str(path), "--today", "2025-08-10", "--json").stdout)
    assert [p["id"] for p in data["promises"]] == ["P004", "P003", "P001", "P005", "P002"]
    assert data["kept_on_time_rate"] == 0.25 and data["ok"] is True
    calm = PromiseLedger(SETTINGS)
    calm.add("客户 A", "回电", "2025-08-20", today=TODAY)
    calm.save(path)
    fine = kosguide("ledger", "list", str(path), "--today", "2025-08-10")
    assert fine.returncode == 0 and "都还没到期" in fine.stdout, fine.stdout


def test_cli_export_and_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    sample().save(path)
    out = tmp_path / "p.csv"
    result = kosguide("ledger", "export", str(path), "--csv", str(out), "--today", "2025-08-10")
    assert result.returncode == 0 and "已导出 5 条" in result.stdout
    assert out.read_bytes().decode("utf-8-sig").startswith("编号,客户代号")
    missing = kosguide("ledger", "list", str(tmp_path / "none.kosguide.json"))
    assert missing.returncode == 2 and "找不到台账文件" in missing.stderr
    bad_date = kosguide("ledger", "list", str(path), "--today", "8月10日")
    assert bad_date.returncode == 2 and "看不懂" in bad_date.stderr
    assert kosguide("ledger", "export", str(path), "--csv", str(tmp_path / "x.xlsx")).returncode == 2


def test_cli_corrupt_file_exit_1_and_left_in_place(tmp_path: Path) -> None:
    path = tmp_path / "p.kosguide.json"
    path.write_text("garbage", encoding="utf-8")
    result = kosguide("ledger", "list", str(path))
    assert result.returncode == 1 and "原文件已原样保留" in result.stderr
    assert path.read_text(encoding="utf-8") == "garbage" and not list(tmp_path.glob("*.corrupt-*"))
