"""Sphinx extension: the built pages' visible text follows the course's Chinese typography.

After the HTML is written, every page of the book is read back and checked with
``tools/typography.py`` (full-width punctuation, spaces between Chinese and numbers or Latin
letters, no literal ``**``/``__``, every character in the declared Chinese font). Each problem is a
Sphinx warning naming the page, so ``make book`` (-W --keep-going) fails on it. Sources are fixed with
``python tools/typography.py --fix book/*.md``; the rules are in DEVELOPERS.md, section "中文排版".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
TOOLS = Path(__file__).resolve().parents[2] / "tools"


def _check(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    sys.path.insert(0, str(TOOLS))
    try:
        from typography import check_site, font_charset
    finally:
        sys.path.pop(0)
    for problem in check_site(Path(app.outdir)):
        logger.warning("%s：「%s」 (typography)", problem.rule, problem.text, location=problem.page,
                       type="kos", subtype="typography")
    if font_charset() is None:
        logger.info("kos_typography: 没有安装 Noto Sans CJK SC，跳过字形检查（浏览器测试仍会检查）。")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _check)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
