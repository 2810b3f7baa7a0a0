"""What a learner sees on every page, on a desktop and on a phone, after the page's scripts ran:
the Chinese typography rules of tools/typography.py (full-width punctuation, spaces around numbers and
Latin, no literal Markdown markers) and no character missing from the declared Chinese font (an empty
box). The same rules run over the built HTML at build time (book/_ext/kos_typography.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import PageFactory
from .test_site import ARTICLE, PAGES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from typography import CODE_MARK, REFERENCE_FONT, check_line, font_charset

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
VISIBLE_TEXT = """([root, mark]) => {
  const article = document.querySelector(root);
  const out = [];
  const codes = new Set();
  let block = null;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script,style,template,.headerlink") || !el.checkVisibility()) continue;
    const here = el.closest("svg text,p,li,dt,dd,h1,h2,h3,h4,h5,h6,td,th,div,figcaption,caption,summary,label,button");
    if (here !== block) { out.push("\\n"); block = here; }
    const code = el.closest("code,pre,kbd,samp,.highlight");
    if (code) { if (!codes.has(code)) { codes.add(code); out.push(mark); } continue; }
    out.push(node.data);
  }
  return out.join("");
}"""


def visible_lines(page: Page) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT, [ARTICLE, CODE_MARK])
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("doc", PAGES)
def test_page_text_is_typeset_as_chinese(new_page: PageFactory, site: str, doc: str, viewport: str) -> None:
    charset = font_charset()
    if charset is None:
        pytest.fail(f"没有安装 {REFERENCE_FONT}：请运行 make system-deps。", pytrace=False)
    page = new_page(**(PHONE if viewport == "phone" else {}))
    page.goto(site + doc + ".html")
    page.wait_for_load_state("load")
    lines = visible_lines(page)
    assert lines, f"{doc} 没有可见正文"
    problems = [str(p) for line in lines for p in check_line(line, doc, charset)]
    assert problems == [], "排版问题（可运行 python tools/typography.py --fix book/*.md）：\n" + "\n".join(problems)
