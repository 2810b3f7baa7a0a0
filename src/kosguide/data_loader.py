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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .chapter_data import parse_chapters
from .datafile import DataError, read_toml
from .expectation_data import parse_expectation
from .journey_data import parse_journey
from .knowledge_check_data import parse_knowledge_check
from .models import Chapter, KnowledgeCheck
from .personality_data import parse_personality
from .profile_data import parse_profile
from .refusal_data import parse_refusal, parse_welcome
from .renewal_data import parse_situation
from .tools.roleplay.data import parse_roleplay

__all__ = ["KINDS", "CourseData", "DataError", "DataKind", "check_data_dir", "default_course_data",
           "load_course_data", "packaged_data_dir", "user_data_dirs"]

ENV_DATA_DIR = "KOSGUIDE_DATA_DIR"


@dataclass(frozen=True)
class DataKind:
    """A kind of data file: the folder its files live in and the parser that validates one file.

    ``parse(doc, label, path)`` returns a list of items, each with a unique ``id`` attribute.
    """

    folder: str
    label: str
    parse: Callable[[dict[str, Any], str, Path | None], list[Any]]


# One line per kind of course data. Add a kind here when an exercise adds a data folder.
KINDS: tuple[DataKind, ...] = (
    DataKind("chapters", "章节计划", parse_chapters),
    DataKind("knowledge_checks", "知识检查", parse_knowledge_check),
    DataKind("refusal", "拒绝话术数据", parse_refusal),
    DataKind("welcome", "欢迎语模板", parse_welcome),
    DataKind("personality", "性格小测数据", parse_personality),
    DataKind("profile", "客户画像", parse_profile),
    DataKind("journey", "客户旅程模型", parse_journey),
    DataKind("renewal", "客户情况与续约数据", parse_situation),
    DataKind("expectation", "预期管理设置", parse_expectation),
    DataKind("roleplay", "对话演练情景", parse_roleplay),
)


@dataclass
class CourseData:
    """All course data, packaged and instructor-supplied, validated and merged by kind and id."""

    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {k.folder: {} for k in KINDS})
    origin: dict[tuple[str, str], str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def of(self, folder: str) -> dict[str, Any]:
        """Every item of one kind, by id."""
        return self.items[folder]

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
            kind = next((k.label for k in KINDS if k.folder == folder), folder)
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
    for kind in KINDS:
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

    ``extra_dirs`` defaults to the folders named by ``KOSGUIDE_DATA_DIR``. With ``strict`` (the
    default) the first problem raises :class:`DataError`; otherwise every problem is appended to
    ``errors`` and the broken file or item is skipped.
    """
    collected: list[DataError] = errors if errors is not None else []

    def on_error(exc: DataError) -> None:
        if strict:
            raise exc
        collected.append(exc)

    data = CourseData()
    _merge_dir(data, packaged_data_dir(), on_error)
    for folder in list(extra_dirs) if extra_dirs is not None else user_data_dirs():
        if not folder.is_dir():
            on_error(DataError(str(folder), "找不到这个数据文件夹。"))
            continue
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
