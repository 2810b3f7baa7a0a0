#!/usr/bin/env python3
"""Report (or with --fix, repair) ASCII punctuation inside Chinese text.

Chinese prose uses full-width punctuation (U+FF0C, U+FF1A, U+FF1B, U+FF1F, U+FF01, U+FF08/09).
A mark counts as "inside Chinese text" when a CJK character stands right
before or after it; parentheses are converted as a pair.
Usage: python3 tools/fullwidth.py [--fix] FILE...
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
SIMPLE = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}
OPEN, CLOSE = "\uff08", "\uff09"


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK.match(ch))


def fix_line(line: str) -> str:
    chars = list(line)
    n = len(chars)

    def near_cjk(i: int) -> bool:
        return (i > 0 and _is_cjk(chars[i - 1])) or (i + 1 < n and _is_cjk(chars[i + 1]))

    for i, ch in enumerate(chars):
        if ch in SIMPLE and near_cjk(i):
            # keep "a:b" style code and URLs ("http://") untouched
            if ch == ":" and i + 1 < n and chars[i + 1] == "/":
                continue
            if ch == ";" and re.search(r"&#?\w+$", "".join(chars[max(0, i - 10):i])):
                continue  # an HTML entity such as &lt; or &#x27;
            chars[i] = SIMPLE[ch]
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    for open_i, close_i in pairs:
        if near_cjk(open_i) or near_cjk(close_i):
            chars[open_i], chars[close_i] = OPEN, CLOSE
    return "".join(chars)


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    files = [Path(a) for a in argv if a != "--fix"]
    found = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        new = [fix_line(line) for line in lines]
        for number, (old, fixed) in enumerate(zip(lines, new, strict=True), start=1):
            if old != fixed:
                found += 1
                if not fix:
                    print(f"{path}:{number}: {old.strip()[:80]}")
        if fix and new != lines:
            path.write_text("\n".join(new), encoding="utf-8")
    if found and not fix:
        print(f"{found} line(s) use ASCII punctuation inside Chinese text")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
