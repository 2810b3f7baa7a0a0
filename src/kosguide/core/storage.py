"""Safe local storage for learner data: atomic JSON saves, size limits, corrupt files kept aside.

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
    """Load JSON saved by :func:`save_json`.

    - missing file → ``ok=True`` with ``default`` (nothing saved yet is not an error);
    - larger than ``max_bytes`` → ``ok=False``, file left untouched;
    - not UTF-8 or not JSON → ``ok=False``, the file is renamed aside (``*.corrupt-…``) so the
      learner's original bytes are kept and the next save cannot overwrite them.
    """
    path = Path(path)
    if not path.exists():
        return LoadResult(default, True)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return LoadResult(
                default, False,
                f"{path.name} 有 {size:,} 字节，超过上限 {max_bytes:,} 字节，没有读取。文件原样保留。",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(default, False, f"无法读取 {path.name}：{exc.strerror or exc}。")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problem = "不是 UTF-8 编码的文本"
    except json.JSONDecodeError as exc:
        problem = f"不是完整的 JSON（第 {exc.lineno} 行第 {exc.colno} 列附近出错）"
    else:
        return LoadResult(data, True)
    try:
        kept = keep_aside(path)
    except (OSError, StorageError) as exc:
        return LoadResult(default, False, f"{path.name} {problem}，而且无法把它移到一旁：{exc}。文件原样保留。")
    return LoadResult(
        default, False,
        f"{path.name} {problem}，可能是保存时被中断或被其他程序改动过。"
        f"原文件已原样保留为 {kept.name}，你可以用文本编辑器打开查看；这次从空白开始。",
        kept,
    )
