"""``kosguide roleplay list|run|graph``: the contract instructors and scripts rely on."""

from __future__ import annotations

import io
import json

import pytest

from kosguide.cli import main


def run_cli(capsys, argv: list[str], stdin: str = "", monkeypatch=None) -> tuple[int, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    return code, capsys.readouterr().out


def test_list_json(capsys) -> None:
    code, out = run_cli(capsys, ["roleplay", "list", "--json"])
    rows = json.loads(out)
    assert code == 0 and len(rows) >= 14
    assert set(rows[0]) == {"id", "chapter", "title", "industry", "endings"}
    assert all(e["kind"] in {"good", "mixed", "bad"} for r in rows for e in r["endings"])


def test_list_text(capsys) -> None:
    code, out = run_cli(capsys, ["roleplay", "list"])
    assert code == 0 and "ch07-late-night-fault" in out and "第 7 章" in out


def test_run_json_from_stdin(capsys, monkeypatch) -> None:
    stdin = "\n".join(["", "不行，我下班了。", "多出来的一行"]) + "\n"
    code, out = run_cli(capsys, ["roleplay", "run", "ch07-late-night-fault", "--json"], stdin, monkeypatch)
    result = json.loads(out)
    assert code == 0
    assert result["ending"] == {"id": "angry", "kind": "bad"}
    assert len(result["turns"]) == 1 and result["turns"][0]["judgements"]["harsh"] is True
    assert result["retries"] == [{"line": 1, "message": "还没有输入回复。写下你想发给客户的话，再点“发送”。"}]


def test_run_text_shows_judgements_and_an_unfinished_conversation(capsys, monkeypatch) -> None:
    code, out = run_cli(capsys, ["roleplay", "run", "ch07-late-night-fault"], "好的\n", monkeypatch)
    assert code == 0 and "冯总：" in out and "✗ 共情" in out and "对话还没结束" in out


def test_graph_text_and_svg(capsys) -> None:
    code, out = run_cli(capsys, ["roleplay", "graph", "ch07-late-night-fault"])
    assert code == 0 and "结局 good-end【圆满】" in out and "[harsh]" in out
    code, out = run_cli(capsys, ["roleplay", "graph", "ch07-late-night-fault", "--svg"])
    assert code == 0 and out.startswith("<svg") and "good-end" in out


def test_unknown_scenario_is_a_chinese_error(capsys) -> None:
    assert main(["roleplay", "run", "nope", "--json"]) == 1
    assert "没有编号为「nope」的演练情景" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["roleplay"], ["roleplay", "graph"]])
def test_missing_arguments_exit_with_usage(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
