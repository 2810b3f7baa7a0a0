"""One validating loader for every course data file.

Course data lives in TOML files (read by the standard library's :mod:`tomllib`, so it works in
the browser's Pyodide kernel too) under ``kosguide/data/``. Instructors may add their own files in
a folder with the same layout; it is merged with the packaged data when ``KOSGUIDE_DATA_DIR``
points to it, or when it is passed explicitly. Every problem is reported as a :class:`DataError`
whose message is in Chinese and names the file, the item and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .models import Chapter, KnowledgeCheck, Option, Question

ENV_DATA_DIR = "KOSGUIDE_DATA_DIR"
MAX_DATA_FILE_BYTES = 1_000_000
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
QUESTION_KINDS = {"single": "单选", "multiple": "多选"}
CHAPTER_STATUSES = {"published", "planned"}


class DataError(ValueError):
    """A data file is broken. ``str(error)`` is a Chinese sentence an instructor can act on."""

    def __init__(self, file: str, reason: str, item: str = "", field_name: str = "") -> None:
        self.file = file
        self.item = item
        self.field_name = field_name
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"数据文件 {self.file}"
        if self.item:
            where += f" 中的条目「{self.item}」"
        if self.field_name:
            where += f" 的字段 {self.field_name}"
        return f"{where}有误：{self.reason}"

    def __str__(self) -> str:
        return self.message


@dataclass
class _Table:
    """A TOML table being validated: knows where it came from so errors can say so."""

    data: dict[str, Any]
    file: str
    item: str
    seen: set[str] = field(default_factory=set)

    def error(self, reason: str, field_name: str = "") -> DataError:
        return DataError(self.file, reason, self.item, field_name)

    def _get(self, key: str, required: bool) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if required:
                raise self.error("缺少这个必填字段。", key)
            return None
        return self.data[key]

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(f"应为文字（字符串），实际是 {_type_name(value)}。", key)
        value = value.strip()
        if required and not value:
            raise self.error("不能为空。", key)
        return value

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if not ID_PATTERN.match(value):
            raise self.error(
                f"「{value}」不是合法的编号：只能用小写英文字母、数字和连字符，且以字母或数字开头。", key
            )
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"应为 true 或 false，实际是 {_type_name(value)}。", key)
        return value

    def integer(self, key: str, minimum: int = 0, maximum: int = 10_000) -> int:
        value = self._get(key, required=True)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"应为整数，实际是 {_type_name(value)}。", key)
        if not minimum <= value <= maximum:
            raise self.error(f"应在 {minimum} 到 {maximum} 之间，实际是 {value}。", key)
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self.text(key)
        allowed = list(allowed)
        if value not in allowed:
            raise self.error(f"「{value}」不在允许的取值中（可选：{'、'.join(allowed)}）。", key)
        return value

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error("应为非空文字组成的列表，例如 [\"003\", \"004\"]。", key)
        return tuple(v.strip() for v in value)

    def tables(self, key: str, minimum: int = 1) -> list[dict[str, Any]]:
        value = self._get(key, required=True)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(f"应为一组表格（[[{key}]]），实际是 {_type_name(value)}。", key)
        if len(value) < minimum:
            raise self.error(f"至少需要 {minimum} 项，实际只有 {len(value)} 项。", key)
        return value

    def no_unknown_fields(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            known = "、".join(sorted(self.seen))
            raise self.error(
                f"有未知字段 {'、'.join(unknown)}（可能是拼写错误；这里可用的字段是：{known}）。"
            )


def _type_name(value: Any) -> str:
    names = {str: "文字", int: "整数", float: "小数", bool: "true/false", list: "列表", dict: "表格"}
    return names.get(type(value), type(value).__name__)


def read_toml(path: Path, label: str | None = None) -> dict[str, Any]:
    """Read one TOML file, turning every failure into a Chinese :class:`DataError`."""
    label = label or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(label, f"无法读取文件（{exc.strerror or exc}）。") from exc
    if size > MAX_DATA_FILE_BYTES:
        raise DataError(label, f"文件太大（{size} 字节，上限 {MAX_DATA_FILE_BYTES} 字节）。")
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(label, "文件不是 UTF-8 编码，请用 UTF-8 另存后再试。") from exc
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(label, f"不是合法的 TOML 格式（{exc}）。请检查引号、方括号和等号。") from exc


# ---------------------------------------------------------------------------------------------
# Parsers: one per kind of data file. Each takes the parsed TOML and the file label.


def parse_knowledge_check(doc: dict[str, Any], label: str, path: Path | None = None) -> KnowledgeCheck:
    top = _Table(doc, label, "")
    check_id = top.ident("id")
    top.item = check_id
    chapter = top.ident("chapter")
    title = top.text("title")
    questions: list[Question] = []
    seen_ids: set[str] = set()
    for number, raw in enumerate(top.tables("questions"), start=1):
        q = _Table(raw, label, f"第 {number} 题")
        qid = q.ident("id")
        q.item = f"第 {number} 题（id={qid}）"
        if qid in seen_ids:
            raise q.error(f"题目编号「{qid}」在本文件中重复了。", "id")
        seen_ids.add(qid)
        kind = q.choice("kind", QUESTION_KINDS)
        prompt = q.text("prompt")
        explanation = q.text("explanation")
        source = q.text("source", required=False)
        options: list[Option] = []
        for opt_number, raw_opt in enumerate(q.tables("options", minimum=2), start=1):
            o = _Table(raw_opt, label, f"{q.item}的第 {opt_number} 个选项")
            options.append(Option(o.text("text"), o.boolean("correct"), o.text("feedback", False)))
            o.no_unknown_fields()
        n_correct = sum(o.correct for o in options)
        if kind == "single" and n_correct != 1:
            raise q.error(f"单选题必须恰好有 1 个 correct = true 的选项，现在有 {n_correct} 个。", "options")
        if kind == "multiple" and n_correct < 1:
            raise q.error("多选题至少要有 1 个 correct = true 的选项。", "options")
        texts = [o.text for o in options]
        if len(set(texts)) != len(texts):
            raise q.error("有两个选项的文字完全相同。", "options")
        q.no_unknown_fields()
        questions.append(Question(qid, kind, prompt, tuple(options), explanation, source))
    top.no_unknown_fields()
    return KnowledgeCheck(check_id, chapter, title, tuple(questions), path)


def parse_chapters(doc: dict[str, Any], label: str, path: Path | None = None) -> list[Chapter]:
    top = _Table(doc, label, "")
    chapters: list[Chapter] = []
    for number, raw in enumerate(top.tables("chapters"), start=1):
        t = _Table(raw, label, f"第 {number} 项")
        cid = t.ident("id")
        t.item = f"第 {number} 项（id={cid}）"
        chapters.append(
            Chapter(
                id=cid,
                number=t.integer("number", 0, 99),
                title=t.text("title"),
                summary=t.text("summary"),
                minutes=t.integer("minutes", 0, 600),
                sources=t.text_list("sources"),
                tools=t.text_list("tools"),
                status=t.choice("status", sorted(CHAPTER_STATUSES)),
            )
        )
        t.no_unknown_fields()
    top.no_unknown_fields()
    return chapters


# ---------------------------------------------------------------------------------------------
# Discovery and merging.


@dataclass
class CourseData:
    """All course data, packaged and instructor-supplied, validated and merged."""

    knowledge_checks: dict[str, KnowledgeCheck] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def knowledge_check(self, check_id: str) -> KnowledgeCheck:
        try:
            return self.knowledge_checks[check_id]
        except KeyError:
            known = "、".join(sorted(self.knowledge_checks)) or "（无）"
            raise KeyError(f"没有编号为「{check_id}」的知识检查。现有：{known}") from None


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


def _files(root: Path, kind: str) -> list[Path]:
    folder = root / kind
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


Collector = Callable[[DataError], None]


def _merge_dir(data: CourseData, root: Path, on_error: Collector) -> None:
    for path in _files(root, "knowledge_checks"):
        label = _label(path, root)
        try:
            check = parse_knowledge_check(read_toml(path, label), label, path)
        except DataError as exc:
            on_error(exc)
            continue
        if check.id in data.knowledge_checks:
            other = data.knowledge_checks[check.id].file
            on_error(DataError(label, f"知识检查编号「{check.id}」已在 {other} 中使用，请换一个编号。",
                               check.id, "id"))
            continue
        data.knowledge_checks[check.id] = check
        data.files.append(label)
    for path in _files(root, "course"):
        if path.name != "chapters.toml":
            continue
        label = _label(path, root)
        try:
            new = parse_chapters(read_toml(path, label), label, path)
        except DataError as exc:
            on_error(exc)
            continue
        known = {c.id for c in data.chapters}
        for chapter in new:
            if chapter.id in known:
                on_error(DataError(label, f"章节编号「{chapter.id}」重复了。", chapter.id, "id"))
            else:
                data.chapters.append(chapter)
        data.files.append(label)
    data.chapters.sort(key=lambda c: c.number)


def load_course_data(extra_dirs: Iterable[Path] | None = None, *, strict: bool = True,
                     errors: list[DataError] | None = None) -> CourseData:
    """Load and validate the packaged data merged with instructor folders.

    With ``strict`` (the default) the first problem raises :class:`DataError`; otherwise every
    problem is appended to ``errors`` and the broken file is skipped.
    """
    collected: list[DataError] = errors if errors is not None else []

    def on_error(exc: DataError) -> None:
        if strict:
            raise exc
        collected.append(exc)

    data = CourseData()
    _merge_dir(data, packaged_data_dir(), on_error)
    dirs = list(extra_dirs) if extra_dirs is not None else user_data_dirs()
    for folder in dirs:
        if not folder.is_dir():
            on_error(DataError(str(folder), "找不到这个数据文件夹。"))
            continue
        _merge_dir(data, folder, on_error)
    return data


def check_data_dir(folder: Path | None = None) -> tuple[CourseData, list[DataError]]:
    """Validate the packaged data plus ``folder``; return everything that loaded and every problem."""
    problems: list[DataError] = []
    extra = [folder] if folder is not None else []
    data = load_course_data(extra, strict=False, errors=problems)
    return data, problems
