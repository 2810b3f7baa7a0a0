"""Validating what a learner types into a customer profile: field values and the customer code."""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from dataclasses import dataclass

from ...core.text import clean_code
from ...core.text import clean_text as core_clean_text
from .data import ProfileField
from .schema import MAX_CODE_NAME


# ------------------------------------------------------------------------------------ validation
@dataclass(frozen=True)
class ValueCheck:
    """The outcome of checking one value: ``value`` is the clean text; ``error`` is empty when ok."""

    value: str
    error: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def clean_text(text: str) -> tuple[str, int]:
    """The one text policy (:func:`kosguide.core.text.clean_text`): NFC, line breaks, invisibles.

    Returns the clean text and how many characters were dropped.
    """
    return core_clean_text(text)


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "整数", float: "小数", list: "列表", dict: "字典", tuple: "列表"}
    return names.get(type(value), type(value).__name__)


def validate_value(item: ProfileField, value: object) -> ValueCheck:
    """Check one value for one field. Empty is allowed (the field is simply not filled)."""
    label = item.label
    if value is None:
        return ValueCheck("")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ValueCheck("", f"“{label}”应填文字，实际是{_type_name(value)}。")
    if not isinstance(value, str):
        if item.type != "number":
            return ValueCheck("", f"“{label}”应填文字，实际是{_type_name(value)}。")
        value = repr(value) if isinstance(value, float) else str(value)
    if len(value) > item.max_chars * 4 + 100:
        return ValueCheck("", f"“{label}”太长了（{len(value):,} 个字符，上限 {item.max_chars:,} 字）。请删减后再试。")
    text, dropped = clean_text(value)
    note = f"“{label}”中有 {dropped} 个看不见的控制字符，已去掉。" if dropped else ""
    if not text:
        return ValueCheck("", "", note)
    if len(text) > item.max_chars:
        return ValueCheck("", f"“{label}”太长了（{len(text):,} 字，上限 {item.max_chars:,} 字）。请删减后再试。")
    if item.type == "text" and "\n" in text:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    if item.type == "choice" and text not in item.choices:
        return ValueCheck("", f"“{label}”只能从这些选项中选：{'、'.join(item.choices)}。")
    if item.type == "number":
        text = unicodedata.normalize("NFKC", text).replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return ValueCheck("", f"“{label}”应填数字，例如 120；“{text[:20]}”不是数字。")
        if not math.isfinite(number) or number < 0:
            return ValueCheck("", f"“{label}”应填不小于 0 的数字。")
        text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:g}"
    if item.type == "date":
        text = unicodedata.normalize("NFKC", text)
        try:
            parsed = _dt.date.fromisoformat(text)
        except ValueError:
            return ValueCheck("", f"“{label}”应是日期，格式如 2026-03-15；“{text[:20]}”看不懂。")
        text = parsed.isoformat()
    return ValueCheck(text, "", note)


def validate_code_name(value: object) -> ValueCheck:
    """A customer's code name: required, short, one line."""
    if not isinstance(value, str):
        return ValueCheck("", f"客户代号应是文字，实际是{_type_name(value)}。")
    if len(value) > MAX_CODE_NAME * 4 + 100:
        return ValueCheck("", f"客户代号太长了（上限 {MAX_CODE_NAME} 字）。")
    text, dropped = clean_code(value)
    if not text:
        return ValueCheck("", "请先给客户起一个代号，例如“客户 A”。不要用真实姓名或公司名。")
    if len(text) > MAX_CODE_NAME:
        return ValueCheck("", f"客户代号太长了（{len(text)} 字，上限 {MAX_CODE_NAME} 字）。代号越短越好。")
    return ValueCheck(text, "", f"代号中有 {dropped} 个看不见的控制字符，已去掉。" if dropped else "")
