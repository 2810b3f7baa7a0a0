"""Building blocks for validating course data files: the Chinese :class:`DataError` and :class:`Table`.

Every parser of a data file (one per kind, registered in :mod:`kosguide.data_loader`) reads the
TOML through :func:`read_toml` and checks each table with :class:`Table`, so every problem is
reported in Chinese naming the file, the item and the field. Unknown fields are errors: they are
almost always typos.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_DATA_FILE_BYTES = 1_000_000
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


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
class Table:
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

    def number(self, key: str, minimum: float, maximum: float, default: float | None = None) -> float:
        value = self._get(key, required=default is None)
        if value is None:
            return float(default)  # type: ignore[arg-type]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"应为数字，实际是 {_type_name(value)}。", key)
        if not minimum <= value <= maximum:
            raise self.error(f"应在 {minimum:g} 到 {maximum:g} 之间，实际是 {value:g}。", key)
        return float(value)

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

    def table(self, key: str) -> Table:
        """A nested table ``[key]`` as its own :class:`Table` (errors name ``key``)."""
        value = self._get(key, required=True)
        if not isinstance(value, dict):
            raise self.error(f"应为表格（[{key}]），实际是 {_type_name(value)}。", key)
        return Table(value, self.file, f"{self.item}的 {key}" if self.item else key)

    def tables(self, key: str, minimum: int = 1) -> list[dict[str, Any]]:
        value = self._get(key, required=True)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(f"应为一组表格（[[{key}]]），实际是 {_type_name(value)}。", key)
        if len(value) < minimum:
            raise self.error(f"至少需要 {minimum} 项，实际只有 {len(value)} 项。", key)
        return value

    def unique(self, ids: Iterable[str], key: str, what: str = "") -> None:
        """Refuse repeated ids among items listed under ``key`` (``what`` names them, e.g. "阶段")."""
        seen: set[str] = set()
        for item_id in ids:
            if item_id in seen:
                raise self.error(f"{what}编号「{item_id}」重复了。", key)
            seen.add(item_id)

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
