"""Files as real editors save them, and bad files, for every command and widget that reads one.

* ``tests/data/editor-files/``: one instructor data file per way an editor saves text (BOM, UTF-16,
  GBK/GB18030, CRLF, lone CR, tabs, full-width punctuation, smart quotes …): each either loads with
  the same content as the plain UTF-8 file, or is refused with a Chinese message naming the cause
  and the fix.
* 0-byte, huge (> 50 MB), binary and non-UTF-8 files given to every command and widget that reads
  a file: a clear Chinese message, a non-zero exit, no traceback, and the file stays where it is,
  byte for byte (bytes and mtime compared), with nothing new next to it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from kosguide import cli
from kosguide.core.data_loader import check_data_dir

EDITOR_FILES = Path(__file__).resolve().parents[2] / "data" / "editor-files"
spec = importlib.util.spec_from_file_location("make_editor_files", EDITOR_FILES / "make_files.py")
maker = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(maker)  # type: ignore[union-attr]
FILES = maker.files()

# cause (what went wrong) and fix (what to do) each refused file must name
REFUSED = {
    "refuse-gbk.toml": ("GBK", "UTF-8"),
    "refuse-gb18030.toml": ("GB18030", "UTF-8"),
    "refuse-utf16le-no-bom.toml": ("UTF-16", "UTF-8"),
    "refuse-fullwidth-equals.toml": ("全角符号“＝”", "“=”"),
    "refuse-fullwidth-brackets.toml": ("全角符号“［”", "“[”"),
    "refuse-smart-quotes.toml": ("中文引号", "英文半角双引号"),
    "refuse-single-smart-quotes.toml": ("中文引号", "英文半角双引号"),
    "refuse-binary.toml": ("不是文本文件", "选错了文件"),
    "refuse-empty.toml": ("空的", "重新保存"),
}


def snapshot(path: Path) -> tuple[str, int, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, path.stat().st_size


def instructor_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "我的题库"
    (folder / "knowledge_checks").mkdir(parents=True)
    shutil.copy2(EDITOR_FILES / name, folder / "knowledge_checks" / name)
    return folder


def test_the_committed_files_are_exactly_what_the_generator_writes() -> None:
    on_disk = {p.name: p.read_bytes() for p in EDITOR_FILES.glob("*.toml")}
    assert on_disk == FILES
    assert set(REFUSED) == {n for n in FILES if n.startswith("refuse-")}


@pytest.mark.parametrize("name", sorted(n for n in FILES if n.startswith("load-")))
def test_editor_file_loads_with_the_same_content(tmp_path: Path, name: str) -> None:
    folder = instructor_folder(tmp_path, name)
    data, problems = check_data_dir(folder)
    assert problems == []
    check_id = "editor-" + name.removeprefix("load-").removesuffix(".toml").replace("tabs-trailing-spaces", "tabs")
    check = data.knowledge_check(check_id)
    assert check.title == "讲师加题：客情的基本功"
    assert check.questions[0].prompt == "拜访前先确认客户方便的时间，这样做主要是为了什么？"
    assert [o.text for o in check.questions[0].options] == ["尊重客户的时间安排", "显得自己很忙"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_editor_file_is_refused_naming_cause_and_fix(tmp_path: Path, name: str, capsys: pytest.CaptureFixture) -> None:
    folder = instructor_folder(tmp_path, name)
    target = folder / "knowledge_checks" / name
    before = snapshot(target)
    _, problems = check_data_dir(folder)
    assert len(problems) == 1
    message = str(problems[0])
    cause, fix = REFUSED[name]
    assert name in message and cause in message and fix in message, message
    assert cli.main(["check-data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert cause in err and "Traceback" not in err
    assert snapshot(target) == before


# --- bad files to every command and widget that reads one ---------------------------------------
def bad_file(tmp_path: Path, kind: str, suffix: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = folder / f"bad-{kind}{suffix}"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "huge":
        with path.open("wb") as handle:
            handle.write(b'{"kind": "')
            handle.truncate(51 * 1024 * 1024)  # sparse: 51 MB on paper, nothing on disk
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    else:  # non-UTF-8: GBK text, as Notepad "ANSI" saves it on Chinese Windows
        path.write_bytes('{"mode": "self", "answers": {}, "name": "客户甲"}'.encode("gbk"))
    return path


KINDS = ["empty", "huge", "binary", "gbk"]
COMMANDS = {
    "profile assess": (lambda f, out: ["profile", "assess", str(f)], ".kosguide.json"),
    "plan build": (lambda f, out: ["plan", "build", str(f), "--md", str(out / "plan.md")], ".json"),
    "ledger list": (lambda f, out: ["ledger", "list", str(f)], ".kosguide.json"),
    "ledger export": (lambda f, out: ["ledger", "export", str(f), "--csv", str(out / "x.csv")], ".kosguide.json"),
    "quiz score": (lambda f, out: ["quiz", "score", str(f)], ".json"),
    "refusal review": (lambda f, out: ["refusal", "review", str(f)], ".txt"),
    "welcome check": (lambda f, out: ["welcome", "check", str(f)], ".txt"),
    "dashboard": (lambda f, out: ["dashboard", str(f.parent)], ".json"),
    "check-data": (lambda f, out: ["check-data", str(f.parent.parent)], ".toml"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_file_to_a_command(tmp_path: Path, command: str, kind: str, capsys: pytest.CaptureFixture) -> None:
    if command == "dashboard":
        pytest.importorskip("pandas")
    argv, suffix = COMMANDS[command]
    path = bad_file(tmp_path, kind, suffix)
    if command == "check-data":
        (tmp_path / "in" / "knowledge_checks").mkdir()
        path = path.rename(tmp_path / "in" / "knowledge_checks" / path.name)
    before = snapshot(path)
    listing = sorted(p.name for p in path.parent.iterdir())
    out = tmp_path / "out"
    out.mkdir()
    code = cli.main(argv(path, out))
    captured = capsys.readouterr()
    assert code != 0
    assert "Traceback" not in captured.err + captured.out
    message = captured.err + captured.out
    words = ("空", "超过上限", "太大", "二进制", "不是文本", "GBK", "UTF-8", "编码")
    assert any(word in message for word in words), message
    assert snapshot(path) == before and sorted(p.name for p in path.parent.iterdir()) == listing
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("kind", KINDS)
def test_bad_files_to_every_widget_that_reads_one(tmp_path: Path, kind: str) -> None:
    from kosguide.core.data_loader import default_course_data
    from kosguide.tools.account_plan.widget import AccountPlanBuilderView
    from kosguide.tools.ledger.widget import PromiseLedgerView
    from kosguide.tools.personality.scoring import load_quiz
    from kosguide.tools.personality.widget import PersonalityQuizView
    from kosguide.tools.profile.widget import ProfileBuilderView

    path = bad_file(tmp_path, kind, ".kosguide.json")
    before = snapshot(path)
    folder = path.parent
    messages = []
    profile = ProfileBuilderView(folder=folder)  # lists the folder's saved profiles
    messages.append(profile.status.value)
    ledger = PromiseLedgerView(default_course_data().get("expectation", "default"), str(path))
    messages.append(ledger.file_message.value)
    assert ledger.autosave_blocked
    bank, types = load_quiz()
    quiz = PersonalityQuizView(bank, types, results_path=path)
    plan = AccountPlanBuilderView(profiles_folder=folder, results_path=path, ledger_path=path,
                                  out_folder=tmp_path / "o")
    plan.ledger_file.value = str(path)
    plan.load_ledger()
    messages.append(plan.status.value)
    for message in messages:
        assert path.name in message and "原样保留" in message, message
    assert quiz is not None
    assert snapshot(path) == before and sorted(p.name for p in folder.iterdir()) == [path.name]
