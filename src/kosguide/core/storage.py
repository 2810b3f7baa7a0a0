"""Safe local storage for learner data: atomic JSON saves, size limits; reading never moves a file.

Learner and customer data only ever goes to files on the learner's own machine (or, in the
browser, JupyterLite's in-browser file system). Nothing here talks to the network.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import TextEncodingError, decode_editor_text

MAX_BYTES = 2_000_000
"""Files larger than this are refused on load and on save (2 MB is far above any real profile)."""


class StorageError(Exception):
    """A save could not be done. ``str(error)`` is Chinese and says what to try."""


@dataclass(frozen=True)
class LoadResult:
    """What :func:`load_json` found. ``ok`` is False when ``message`` explains a problem."""

    data: Any
    ok: bool
    message: str = ""
    kept_as: Path | None = None


def save_json(path: str | Path, data: Any, *, max_bytes: int = MAX_BYTES) -> Path:
    """Write ``data`` as UTF-8 JSON atomically: temporary file in the same folder, fsync, rename.

    A crash at any point leaves either the old file or the new one, never half of one. Text with
    stray surrogates (from odd copy-and-paste) is stored with JSON escapes, so it loads back unchanged.
    """
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False)
        payload = (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        payload = (json.dumps(data, ensure_ascii=True, indent=2, allow_nan=False) + "\n").encode("ascii")
    except (TypeError, ValueError) as exc:
        raise StorageError(f"无法保存：数据里有不能写成 JSON 的内容（{exc}）。") from exc
    return _write_atomically(Path(path), payload, max_bytes)


def save_text(path: str | Path, text: str, *, max_bytes: int = MAX_BYTES) -> Path:
    """Write ``text`` as UTF-8 atomically (Markdown, HTML): same guarantees and messages as :func:`save_json`."""
    if not isinstance(text, str):
        raise StorageError(f"无法保存：要保存的内容应是文字，实际是 {type(text).__name__}。")
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StorageError("无法保存：内容里有无法写成 UTF-8 的字符（可能是复制时带进来的残缺字符）。"
                           "请删掉后再保存。") from exc
    return _write_atomically(Path(path), payload, max_bytes)


def save_bytes(path: str | Path, payload: bytes, *, max_bytes: int = MAX_BYTES) -> Path:
    """Write ready-made bytes (a CSV with its byte-order mark, …) atomically, like :func:`save_json`."""
    return _write_atomically(Path(path), payload, max_bytes)


def _write_atomically(path: Path, payload: bytes, max_bytes: int) -> Path:
    """Temporary file in the target folder, fsync, rename over the target, fsync the folder."""
    if len(payload) > max_bytes:
        raise StorageError(
            f"无法保存：内容有 {len(payload):,} 字节，超过上限 {max_bytes:,} 字节。请删减后再保存。"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StorageError(f"无法保存到 {path}：{exc.strerror or exc}。请检查文件夹是否存在、是否可写。") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise StorageError(f"无法保存到 {path}：{exc.strerror or exc}。原来的文件没有被改动。") from exc
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (e.g. Windows, some in-browser file systems)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def keep_aside(path: Path) -> Path:
    """Rename a bad file to a new, unused name next to it; never overwrite anything."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        suffix = f".corrupt-{stamp}" + (f"-{n}" if n else "")
        target = path.with_name(path.name + suffix)
        if not target.exists():
            os.rename(path, target)
            return target
    raise StorageError(f"{path} 已损坏，且无法为它找到备份文件名。")


def load_json(path: str | Path, *, max_bytes: int = MAX_BYTES, default: Any = None) -> LoadResult:
    """Load JSON (saved by :func:`save_json`, or a file a person gave us). Reading never moves or changes it.

    - missing file → ``ok=True`` with ``default`` (nothing saved yet is not an error);
    - larger than ``max_bytes``, empty, binary, not UTF-8 (GBK, UTF-16 without BOM …) or not JSON →
      ``ok=False`` and a Chinese ``message`` naming the cause; the file stays where it is, byte for byte.
      UTF-8/UTF-16 with a byte-order mark and CRLF line endings load (see
      :func:`~kosguide.core.datafile.decode_editor_text`).

    A tool about to write over a file in the course's own save folder calls :func:`set_aside_before_write`.
    """
    path = Path(path)
    if not path.exists():
        return LoadResult(default, True)
    untouched = "原文件已原样保留在原处，没有被移动或改动。"
    try:
        if not path.is_file():
            return LoadResult(default, False, f"{path.name} 不是一个文件（可能是文件夹）。")
        size = path.stat().st_size
        if size > max_bytes:
            return LoadResult(
                default, False,
                f"{path.name} 有 {size:,} 字节，超过上限 {max_bytes:,} 字节，没有读取。{untouched}",
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return LoadResult(default, False, f"无法读取 {path.name}：{exc.strerror or exc}。")
    data, problem = parse_json_bytes(raw)
    if problem is None:
        return LoadResult(data, True)
    return LoadResult(default, False, f"{path.name} {problem}{untouched}")


def parse_json_bytes(raw: bytes) -> tuple[Any, str | None]:
    """``(data, None)``, or ``(None, why)`` with a Chinese sentence saying why ``raw`` is not readable JSON."""
    if not raw.strip():
        return None, "是空文件（没有任何内容），可能保存时被中断了，或者选错了文件。"
    try:
        text = decode_editor_text(raw)
    except TextEncodingError as exc:
        return None, f"无法读取：{exc}"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, (f"不是完整的 JSON（第 {exc.lineno} 行第 {exc.colno} 列附近出错），"
                      "可能保存时被中断、被其他程序改动过，或者选错了文件。")
    except RecursionError:
        return None, "的 JSON 嵌套太深，不是课程的文件。"


def set_aside_before_write(path: str | Path) -> Path | None:
    """Before a tool writes over ``path`` in the course's own save folder: an unreadable file there is
    renamed aside (``*.corrupt-<time>``) so its bytes are kept; returns the new name, or None when the
    file is missing or readable. Only for writes: reading never calls this."""
    path = Path(path)
    if not path.is_file():
        return None
    loaded = load_json(path, max_bytes=max(MAX_BYTES, path.stat().st_size))
    if loaded.ok:
        return None
    try:
        return keep_aside(path)
    except OSError as exc:
        raise StorageError(f"{path.name} 无法读取，也无法把它移到一旁（{exc.strerror or exc}），"
                           "为了不覆盖它，这次没有保存。请先手动备份这个文件。") from exc
