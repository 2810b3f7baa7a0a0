"""Text handling of the refusal reviewer: input checks, normalisation and quote masking.

Pure Python. The reviewer works on a normalised copy of the message (Traditional→Simplified by the
course's character map, NFKC full/half width, lower case, no spaces or invisible characters, common
typos fixed, quoted words masked) and keeps, for every normalised character, the index of the
original one, so its feedback quotes the learner's *own* words. Course's own design.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CHARS = 2000
"""Longest message the reviewer accepts (a refusal is a few sentences; a transcript goes line by line)."""

CLAUSE_BREAKS = "，。！？；、…：" + ",!?;:\n~"
SENTENCE_BREAKS = "。！？" + "!?\n~"
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
MAX_QUOTE = 40
MASK = "○"
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class ReviewInputError(ValueError):
    """The message cannot be reviewed; ``str(error)`` is a Chinese sentence saying why."""



@dataclass
class Normalised:
    """The normalised text and, for each of its characters, the index of the original character."""

    text: str
    index: list[int]
    original: str

    def quote(self, start: int, end: int) -> str:
        if start >= end or not self.index:
            return ""
        return self.original[self.index[start]: self.index[end - 1] + 1].strip()


def clean_input(message: object) -> str:
    """Check and clean a message: Chinese :class:`ReviewInputError` for empty, huge or unreadable input."""
    if message is None:
        raise ReviewInputError("请先输入要检查的话术：内容是空的。")
    if not isinstance(message, str):
        raise ReviewInputError(f"话术应是文字，实际收到的是 {type(message).__name__}。")
    if len(message) > MAX_CHARS:
        raise ReviewInputError(
            f"这段话有 {len(message)} 个字符，超过了上限 {MAX_CHARS} 个。一条拒绝话术通常只有几句话；"
            "如果要检查整段对话记录，请每行放一条，用 --lines 逐条检查。"
        )
    cleaned = "".join(ch for ch in message
                      if ch in "\n\t" or unicodedata.category(ch) not in _DROP).replace("\t", " ")
    if not cleaned.strip():
        if message.strip():
            raise ReviewInputError("这段话里只有看不见的控制字符或特殊符号，没有可以检查的文字。")
        raise ReviewInputError("请先输入要检查的话术：内容是空的。")
    return cleaned


def normalise(message: str, charmap: dict[str, str], typos: Iterable[tuple[str, str]] = ()) -> Normalised:
    """Traditional→Simplified, NFKC, lower case, no whitespace or invisible characters, typos fixed."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(message):
        if ch == "\n":
            chars.append("\n")
            index.append(i)
            continue
        if ch.isspace() or unicodedata.category(ch) in _DROP:
            continue
        for out in unicodedata.normalize("NFKC", ch).lower():
            if out.isspace():
                continue
            chars.append(charmap.get(out, out))
            index.append(i)
    text = "".join(chars)
    typos = sorted(typos, key=lambda p: -len(p[0]))
    if typos and text:
        pattern = re.compile("|".join(re.escape(w) for w, _ in typos))
        mapping = dict(typos)
        new_chars: list[str] = []
        new_index: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            new_chars.extend(text[pos:m.start()])
            new_index.extend(index[pos:m.start()])
            span = index[m.start():m.end()]
            for k, out in enumerate(mapping[m.group()]):
                new_chars.append(out)
                new_index.append(span[min(k, len(span) - 1)])
            pos = m.end()
        new_chars.extend(text[pos:])
        new_index.extend(index[pos:])
        text, index = "".join(new_chars), new_index
    return Normalised(text, index, message)


def mask_quotes(text: str) -> str:
    """Hide short quoted passages (usually the customer's own words) from the cue rules."""
    out = list(text)
    i = 0
    while i < len(text):
        close = QUOTE_PAIRS.get(text[i])
        if close is not None:
            j = text.find(close, i + 1)
            if 0 < j - i - 1 <= MAX_QUOTE:
                for k in range(i + 1, j):
                    if out[k] not in CLAUSE_BREAKS:
                        out[k] = MASK
                i = j + 1
                continue
        i += 1
    return "".join(out)
