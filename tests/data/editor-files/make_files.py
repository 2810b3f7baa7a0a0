"""Write the editor-files test set: one instructor data file per way real editors save text.

Run ``python tests/data/editor-files/make_files.py`` to regenerate; ``tests/unit/test_editor_files.py``
checks that the committed files are exactly what this script writes. Every file is the same small
knowledge check (``knowledge_checks/<name>.toml``), saved the way one editor or one mistake saves it.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = """# 讲师自己的题目（编辑器测试文件）
id = "{id}"
chapter = "ch01"
title = "讲师加题：客情的基本功"

[[questions]]
id = "{id}-q1"
kind = "single"
prompt = "拜访前先确认客户方便的时间，这样做主要是为了什么？"
explanation = "尊重客户的安排，是建立信任的第一步。"
source = "003"

  [[questions.options]]
  text = "尊重客户的时间安排"
  correct = true
  feedback = "对，先问方便的时间是基本礼貌。"

  [[questions.options]]
  text = "显得自己很忙"
  correct = false
  feedback = "不是。这样做是为了客户，不是为了自己。"
"""


def text(name: str) -> str:
    return BASE.format(id=f"editor-{name}")


def files() -> dict[str, bytes]:
    """File name → exact bytes. ``load-*`` files must load; ``refuse-*`` files must be refused."""
    crlf = text("crlf").replace("\n", "\r\n")
    return {
        "load-utf8.toml": text("utf8").encode("utf-8"),
        "load-utf8-bom.toml": b"\xef\xbb\xbf" + text("utf8-bom").encode("utf-8"),          # Notepad "UTF-8 with BOM"
        "load-utf16le-bom.toml": text("utf16le-bom").encode("utf-16"),                    # Notepad "Unicode" (LE + BOM)
        "load-utf16be-bom.toml": b"\xfe\xff" + text("utf16be-bom").encode("utf-16-be"),   # "Unicode big endian"
        "load-crlf.toml": crlf.encode("utf-8"),                                           # Windows line endings
        "load-cr.toml": text("cr").replace("\n", "\r").encode("utf-8"),                   # old Mac line endings
        "load-crlf-bom.toml": b"\xef\xbb\xbf" + text("crlf-bom").replace("\n", "\r\n").encode("utf-8"),
        "load-tabs-trailing-spaces.toml": text("tabs").replace("  [[", "\t[[").replace("  text", "\ttext")
        .replace('"003"', '"003"   \t').replace("\n", "  \n").encode("utf-8"),
        "refuse-gbk.toml": text("gbk").encode("gbk"),  # Notepad "ANSI" on Chinese Windows
        "refuse-gb18030.toml": (text("gb18030") + "# 𠀀\n").encode("gb18030"),            # WPS / Excel export
        "refuse-utf16le-no-bom.toml": text("utf16-nobom").encode("utf-16-le"),
        "refuse-fullwidth-equals.toml": text("fw-equals").replace('title = "', 'title ＝ "').encode("utf-8"),
        "refuse-fullwidth-brackets.toml": text("fw-brackets").replace("[[questions]]\n", "［［questions］］\n")
        .encode("utf-8"),
        "refuse-smart-quotes.toml": text("smart")
        .replace('title = "讲师加题：客情的基本功"', "title = “讲师加题：客情的基本功”").encode("utf-8"),
        "refuse-single-smart-quotes.toml": text("smart1").replace('chapter = "ch01"', "chapter = ‘ch01’")
        .encode("utf-8"),
        "refuse-binary.toml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "refuse-empty.toml": b"",
    }


if __name__ == "__main__":
    for name, data in files().items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(files())} files to {HERE}")
