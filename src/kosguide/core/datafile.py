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


SAVE_AS_UTF8 = ("请用记事本打开它，选择“文件 → 另存为”，在“编码”里选 UTF-8 后保存"
                "（WPS、Excel 里也是“另存为”并选 UTF-8）。")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


class TextEncodingError(ValueError):
    """Bytes that are not text we can read without guessing. ``str(error)`` is Chinese: cause and fix."""


def decode_editor_text(raw: bytes) -> str:
    """Decode a text file as real editors save it; line endings come back as ``\\n``.

    Loaded (the encoding is unambiguous): UTF-8 with or without a byte-order mark, UTF-16 LE/BE and
    UTF-32 with a byte-order mark (Windows Notepad's "Unicode"); CRLF (Windows) and lone CR (old Mac)
    line endings. Refused with :class:`TextEncodingError` naming the cause and the fix: GBK/GB18030
    (Notepad "ANSI", WPS and Excel on Chinese Windows: it cannot be told apart from other legacy
    encodings with certainty, and a wrong guess would silently garble the text), UTF-16 without a
    byte-order mark, binary files and other non-UTF-8 bytes. Course's own rule.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise TextEncodingError(
                    f"文件开头标明是 {encoding.upper()} 编码，但内容有损坏（第 {exc.start + len(bom)} 字节附近）。"
                    + SAVE_AS_UTF8) from None
            return _normalise_newlines(text)
    try:
        return _normalise_newlines(raw.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        even, odd = raw[0:4096:2], raw[1:4096:2]
        if odd.count(0) > len(odd) * 0.3 or even.count(0) > len(even) * 0.3:
            raise TextEncodingError("文件像是没有字节顺序标记（BOM）的 UTF-16 编码，无法确定字节顺序。" + SAVE_AS_UTF8)
        raise TextEncodingError("这不是文本文件（里面有二进制内容），可能选错了文件，或者文件已损坏。")
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        raise TextEncodingError("文件不是 UTF-8 编码的文字，也不是常见的中文编码，可能选错了文件或者文件已损坏。"
                                + SAVE_AS_UTF8) from None
    raise TextEncodingError("文件像是 GBK/GB18030 编码（Windows 记事本的“ANSI”、WPS 或 Excel 在中文 Windows 上"
                            "的默认保存方式），课程只读 UTF-8 编码，以免把文字认错。" + SAVE_AS_UTF8)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FULLWIDTH_SYNTAX = {"＝": "=", "［": "[", "］": "]", "【": "[", "】": "]", "：": "="}
_SMART_QUOTES = "“”‘’„＂"
_TOML_LINE = re.compile(r"at line (\d+)")


def _toml_hint(text: str, error: tomllib.TOMLDecodeError) -> str:
    """A Chinese hint for the usual editor mistakes on the line TOML stopped at ("" when none applies)."""
    found = _TOML_LINE.search(str(error))
    lines = text.split("\n")
    if not found or not 0 < int(found.group(1)) <= len(lines):
        return ""
    number = int(found.group(1))
    line = lines[number - 1]
    head, sep, value = line.partition("=")
    code = line if not sep else head
    for wide, ascii_char in _FULLWIDTH_SYNTAX.items():
        if wide in code and (wide != "，" or not sep):
            return (f"第 {number} 行用了全角符号“{wide}”，TOML 的键和语法符号要用英文半角“{ascii_char}”。"
                    f"请把这一行的“{wide}”改成“{ascii_char}”（输入法切换到英文标点后再输入）。")
    stripped = value.strip() if sep else line.strip()
    if stripped[:1] in _SMART_QUOTES or (sep and any(q in head for q in _SMART_QUOTES)):
        return (f"第 {number} 行用了中文引号（“ ” 或 ‘ ’）把文字括起来，TOML 要求英文半角双引号 \"。"
                "文字里面的中文引号可以保留，只把两端的引号换成 \"（有些编辑器会自动把引号换成“智能引号”，"
                "请在设置里关掉）。")
    return ""


def read_toml(path: Path, label: str | None = None) -> dict[str, Any]:
    """Read one TOML file, turning every failure into a Chinese :class:`DataError`.

    Decoding follows :func:`decode_editor_text` (BOM, UTF-16, CRLF load; GBK and binary are refused
    with the fix); TOML syntax errors caused by full-width punctuation or smart quotes name the line.
    """
    label = label or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(label, f"无法读取文件（{exc.strerror or exc}）。") from exc
    if size > MAX_DATA_FILE_BYTES:
        raise DataError(label, f"文件太大（{size:,} 字节，上限 {MAX_DATA_FILE_BYTES:,} 字节）。")
    if size == 0:
        raise DataError(label, "文件是空的（0 字节）。可能保存时出了问题，请重新保存，或删掉这个文件。")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DATA_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(label, f"无法读取文件（{exc.strerror or exc}）。") from exc
    try:
        text = decode_editor_text(raw)
    except TextEncodingError as exc:
        raise DataError(label, str(exc)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        hint = _toml_hint(text, exc) or "请检查引号、方括号和等号是否是英文半角符号。"
        raise DataError(label, f"不是合法的 TOML 格式（{exc}）。{hint}") from None
