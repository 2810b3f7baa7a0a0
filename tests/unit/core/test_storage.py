"""Safe storage: atomic round trip, oversized and corrupt files, nothing of the learner's lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.core.storage import LoadResult, StorageError, load_json, save_json, set_aside_before_write

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(value=json_values)
def test_round_trip_any_json(tmp_path_factory: pytest.TempPathFactory, value: object) -> None:
    path = tmp_path_factory.mktemp("rt") / "profile.json"
    save_json(path, value)
    result = load_json(path)
    assert result.ok
    assert result.data == value


def test_missing_file_is_empty_not_an_error(tmp_path: Path) -> None:
    result = load_json(tmp_path / "none.json", default={})
    assert result == LoadResult({}, True)


def test_save_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    save_json(path, {"客户": "甲"})
    save_json(path, {"客户": "乙"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"客户": "乙"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]


def test_failed_save_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    save_json(path, {"v": 1})
    with pytest.raises(StorageError, match="不能写成 JSON"):
        save_json(path, {"v": {1, 2}})
    with pytest.raises(StorageError, match="不能写成 JSON"):
        save_json(path, {"v": float("nan")})
    assert load_json(path).data == {"v": 1}


def test_oversized_save_is_refused_with_a_chinese_message(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with pytest.raises(StorageError, match="超过上限"):
        save_json(path, "字" * 1000, max_bytes=500)
    assert not path.exists()


def test_oversized_file_is_not_read_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps("x" * 2000), encoding="utf-8")
    before = path.read_bytes()
    result = load_json(path, max_bytes=1000)
    assert not result.ok
    assert "超过上限" in result.message
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b'{"name": "\xe5\xae', b"\xff\xfe\x00garbage", b"", b'{"a": 1,}',
                                     b"\x00\x01\x02binary\x00", "{\"名\": \"客户\"}".encode("gbk")])
def test_reading_a_corrupt_file_leaves_it_byte_for_byte_with_a_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "profile.json"
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    result = load_json(path, default={})
    assert not result.ok and result.data == {} and result.kept_as is None
    assert "原样保留" in result.message and "profile.json" in result.message
    assert path.read_bytes() == content and path.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.json"]


def test_set_aside_before_write_keeps_an_unreadable_file_and_ignores_a_good_one(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_json(path, {"ok": 1})
    assert set_aside_before_write(path) is None and path.exists()
    assert set_aside_before_write(tmp_path / "missing.json") is None
    path.write_bytes(b"{")
    first = set_aside_before_write(path)
    path.write_bytes(b"[")
    second = set_aside_before_write(path)
    assert first and second and first != second
    assert first.read_bytes() == b"{" and second.read_bytes() == b"["
    save_json(path, {"new": True})  # saving afterwards never overwrites the kept originals
    assert first.read_bytes() == b"{"


@pytest.mark.parametrize(("content", "expected"), [
    (b"\xef\xbb\xbf{\"a\": \"\xe5\xae\xa2\"}\r\n", {"a": "客"}),            # UTF-8 with BOM, CRLF
    ("\ufeff{\"a\": \"客\"}".encode("utf-16-le"), {"a": "客"}),               # Notepad "Unicode"
    ("\ufeff{\"a\": \"客\"}".encode("utf-16-be"), {"a": "客"}),
    (b'{"a":\r"b"}', {"a": "b"}),                                                # lone CR
])
def test_json_as_editors_save_it_loads(tmp_path: Path, content: bytes, expected: dict) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    assert load_json(path).data == expected


def test_unwritable_folder_gives_chinese_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/kosguide-cannot-write/data.json")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "data.json"
    with pytest.raises(StorageError, match="无法保存到"):
        save_json(target, {"a": 1})


def test_stray_surrogates_from_odd_paste_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    value = {"备注": "半个字符\ud83d在这里"}
    save_json(path, value)
    assert load_json(path).data == value
