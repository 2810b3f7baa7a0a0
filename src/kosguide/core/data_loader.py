"""One validating loader for every course data file.

Course data lives in TOML files (read by the standard library's :mod:`tomllib`, so it works in
the browser's Pyodide kernel too) under ``kosguide/data/<kind>/*.toml``. Each kind of file has one
parser, registered in :data:`KINDS`. Instructors may add their own files in a folder with the same
layout; it is merged with the packaged data when ``KOSGUIDE_DATA_DIR`` points to it, or when it is
passed explicitly. Every problem is a :class:`DataError` whose Chinese message names the file, the
item and the field.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .datafile import DataError, read_toml
from .registry import DataKind

if TYPE_CHECKING:  # type-only: core never imports a tool at run time
    from ..tools.knowledge_check.models import Chapter, KnowledgeCheck

__all__ = ["CourseData", "DataError", "DataKind", "check_data_dir", "default_course_data",
           "kinds", "load_course_data", "packaged_data_dir", "user_data_dirs"]

ENV_DATA_DIR = "KOSGUIDE_DATA_DIR"
T = TypeVar("T")


def kinds() -> tuple[DataKind, ...]:
    """Every kind of course data, from the one tool registry (each tool's ``data.py``).

    ``core`` imports no tool: the registry is read lazily, here only.
    """
    from ..tools import data_kinds

    return data_kinds()


def __getattr__(name: str) -> Any:
    # ``data_loader.KINDS`` stays available (read from the registry on first use).
    if name == "KINDS":
        return kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class CourseData:
    """All course data, packaged and instructor-supplied, validated and merged by kind and id."""

    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {k.folder: {} for k in kinds()})
    origin: dict[tuple[str, str], str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: the folders this data came from, in load order (packaged first)
    source: tuple[str, ...] = ()
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    @overload
    def of(self, kind: str) -> dict[str, Any]: ...

    @overload
    def of(self, kind: type[T]) -> dict[str, T]: ...

    def of(self, kind: str | type[T]) -> dict[str, Any] | dict[str, T]:
        """Typed items by id.

        ``of(TemperamentType)`` → ``dict[str, TemperamentType]``: every item of that class, whichever
        kind of file it came from (no ``isinstance`` sorting at the caller). ``of("profile")`` (a
        folder name) → every item of that kind, mixed classes, as before.
        """
        if isinstance(kind, str):
            return self.items[kind]
        return {item_id: item for store in self.items.values() for item_id, item in store.items()
                if isinstance(item, kind)}

    def derived(self, key: Hashable, build: Callable[[CourseData], T]) -> T:
        """A value computed from this data once (a schema, a reviewer, a set of known ids).

        The cache lives on this object, so it is keyed on what the data came from (the object
        :func:`default_course_data` keeps per set of folders) and dies with it; never on an
        ``id()`` that Python may reuse for other data.
        """
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    @property
    def knowledge_checks(self) -> dict[str, KnowledgeCheck]:
        return self.items["knowledge_checks"]

    @property
    def chapters(self) -> list[Chapter]:
        return sorted(self.items["chapters"].values(), key=lambda c: c.number)

    def knowledge_check(self, check_id: str) -> KnowledgeCheck:
        return self.get("knowledge_checks", check_id)

    def get(self, folder: str, item_id: str) -> Any:
        """One item, or a ``KeyError`` whose Chinese message lists the ids that exist."""
        try:
            return self.items[folder][item_id]
        except KeyError:
            kind = next((k.label for k in kinds() if k.folder == folder), folder)
            known = "、".join(sorted(self.items.get(folder, {}))) or "（无）"
            raise KeyError(f"没有编号为「{item_id}」的{kind}。现有：{known}") from None


def packaged_data_dir() -> Path:
    """The data folder shipped inside the package."""
    return Path(str(resources.files("kosguide") / "data"))


def user_data_dirs() -> list[Path]:
    """Instructor data folders named by ``KOSGUIDE_DATA_DIR`` (several separated by os.pathsep)."""
    value = os.environ.get(ENV_DATA_DIR, "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def _label(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _merge_dir(data: CourseData, root: Path, on_error: Callable[[DataError], None]) -> None:
    for kind in kinds():
        folder = root / kind.folder
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            label = _label(path, root)
            try:
                new = kind.parse(read_toml(path, label), label, path)
            except DataError as exc:
                on_error(exc)
                continue
            store = data.items[kind.folder]
            for item in new:
                clash = data.origin.get((kind.folder, item.id))
                if clash is not None:
                    on_error(DataError(label, f"{kind.label}编号「{item.id}」已在 {clash} 中使用，请换一个编号。",
                                       item.id, "id"))
                    continue
                store[item.id] = item
                data.origin[(kind.folder, item.id)] = label
            data.files.append(label)


def load_course_data(extra_dirs: Iterable[Path] | None = None, *, strict: bool = True,
                     errors: list[DataError] | None = None) -> CourseData:
    """Load and validate the packaged data merged with instructor folders.

    ``extra_dirs`` defaults to the folders named by ``KOSGUIDE_DATA_DIR``; a folder that is the
    packaged one (or repeats an earlier one) is read only once. With ``strict`` (the
    default) the first problem raises :class:`DataError`; otherwise every problem is appended to
    ``errors`` and the broken file or item is skipped.
    """
    collected: list[DataError] = errors if errors is not None else []

    def on_error(exc: DataError) -> None:
        if strict:
            raise exc
        collected.append(exc)

    folders = list(extra_dirs) if extra_dirs is not None else user_data_dirs()
    data = CourseData(source=(str(packaged_data_dir()), *(str(f) for f in folders)))
    _merge_dir(data, packaged_data_dir(), on_error)
    read = {packaged_data_dir().resolve()}
    for folder in folders:
        if not folder.is_dir():
            on_error(DataError(str(folder), "找不到这个数据文件夹。"))
            continue
        if folder.resolve() in read:  # the packaged folder itself, or a folder named twice: read once
            continue
        read.add(folder.resolve())
        _merge_dir(data, folder, on_error)
    return data


class DataWarning(UserWarning):
    """Some course data could not be used (an instructor's file is broken); the rest still works."""


@lru_cache(maxsize=1)
def _cached(dirs: tuple[str, ...]) -> CourseData:
    problems: list[DataError] = []
    data = load_course_data([Path(d) for d in dirs], strict=False, errors=problems)
    if problems:
        listed = "\n".join(f"  · {p}" for p in problems)
        warnings.warn(f"有 {len(problems)} 处课程数据无法使用，已跳过，其余内容照常可用：\n{listed}\n"
                      "讲师可以运行 kosguide check-data 检查数据文件夹。", DataWarning, stacklevel=3)
    return data


def default_course_data() -> CourseData:
    """The course data widgets use: packaged plus ``KOSGUIDE_DATA_DIR``, read once per setting.

    A broken file in an instructor's folder must not take every exercise down with it: it is
    skipped with a Chinese :class:`DataWarning` (``kosguide check-data`` says what to fix).
    """
    return _cached(tuple(str(p) for p in user_data_dirs()))


def check_data_dir(folder: Path | None = None) -> tuple[CourseData, list[DataError]]:
    """Validate the packaged data plus ``folder``; return everything that loaded and every problem."""
    problems: list[DataError] = []
    data = load_course_data([folder] if folder is not None else [], strict=False, errors=problems)
    return data, problems
