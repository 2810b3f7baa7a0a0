"""The built course site in a real browser: Chinese renders with a CJK font, the static knowledge
check answers clicks and keys, and Chinese search finds chapter pages. Needs ``make book`` first.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from .conftest import BOOK_DIR, SCREENSHOT_DIR, SITE_DIR, PageFactory

FULL_PAGE_SCREENSHOTS = os.environ.get("KOS_FULL_SCREENSHOTS") == "1"

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ARTICLE = "article.bd-article"  # the page body; the theme also has a print-only copy of the <h1>
QUIZ_PAGE = "book/ch01-relationship"
QUIZ_ID = "ch01"
SEARCH_CASES = [
    # (query, page that must be among the results): ch01 is about 客情关系 and mentions 信任.
    ("信任", "book/ch01-relationship.html"),
    ("客情", "book/ch01-relationship.html"),
    ("客情关系", "book/ch01-relationship.html"),
]


def _toc_files(entry: Any) -> list[str]:
    files: list[str] = []
    if isinstance(entry, dict):
        if isinstance(entry.get("file"), str):
            files.append(entry["file"])
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key) or []:
                files += _toc_files(child)
    elif isinstance(entry, list):
        for child in entry:
            files += _toc_files(child)
    return files


def content_pages() -> list[str]:
    """Docnames of every page in ``_toc.yml`` (root first), e.g. ``book/ch00-guide``."""
    toc = yaml.safe_load((BOOK_DIR / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"], *_toc_files(toc)]
    pages: list[str] = []
    for name in names:
        doc = re.sub(r"\.(md|ipynb|rst)$", "", name.strip("/"))
        if doc not in pages:
            pages.append(doc)
    return pages


PAGES = content_pages()


def cjk_font_glyphs(page: Page, selector: str) -> tuple[int, list[dict[str, Any]]]:
    """Glyphs drawn with a platform font whose family name contains "CJK" for ``selector``'s text
    (via the DevTools protocol: which fonts Chromium actually used, not what CSS asked for)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"找不到元素 {selector}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    glyphs = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    return glyphs, fonts


def assert_cjk_heading(page: Page, selector: str) -> None:
    heading = page.locator(selector).first
    expect(heading).to_be_visible()
    text = heading.inner_text()
    cjk_chars = len(CJK.findall(text))
    assert cjk_chars, f"{selector} 的文字里没有中文： {text!r}"
    glyphs, fonts = cjk_font_glyphs(page, selector)
    assert glyphs >= cjk_chars, (
        f"{selector}「{text}」有 {cjk_chars} 个汉字，但 CJK 字体只画了 {glyphs} 个字形；"
        f" platform fonts used: {fonts}"
    )


def screenshot_name(doc: str) -> str:
    return doc.replace("/", "__") + ".png"


@pytest.mark.parametrize("doc", PAGES)
def test_page_renders_chinese(page: Page, site: str, doc: str) -> None:
    html = SITE_DIR / f"{doc}.html"
    assert html.is_file(), f"目录中的页面没有构建出来 (page in _toc.yml missing from the build): {html}"
    response = page.goto(site + f"{doc}.html", wait_until="load")
    assert response is not None and response.ok, f"{doc}.html: HTTP {response and response.status}"
    assert_cjk_heading(page, f"{ARTICLE} h1")
    if page.locator(f"{ARTICLE} h2").count():
        assert_cjk_heading(page, f"{ARTICLE} h2")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    # The first screen is what a reader sees on opening; whole-page captures (about 3 s a page) on request.
    page.screenshot(path=str(SCREENSHOT_DIR / screenshot_name(doc)), full_page=FULL_PAGE_SCREENSHOTS)


def test_site_index_leads_to_root_page(page: Page, site: str) -> None:
    root = PAGES[0]
    page.goto(site + "index.html")
    if (SITE_DIR / "index.html").read_text(encoding="utf-8").lstrip().lower().startswith("<meta"):
        page.wait_for_url(re.compile(re.escape(f"{root}.html") + "$"))  # Jupyter Book's redirect
    assert_cjk_heading(page, f"{ARTICLE} h1")


# --- the static knowledge check ---------------------------------------------------------------


def open_quiz(page: Page, site: str) -> Locator:
    page.goto(site + f"{QUIZ_PAGE}.html")
    quiz = page.locator(f'section.kos-quiz[data-check-id="{QUIZ_ID}"]')
    expect(quiz).to_have_class(re.compile(r"\bkos-quiz--ready\b"))  # kos-quiz.js has run
    return quiz


def answer_correctly(question: Locator) -> None:
    correct = question.locator('button.kos-quiz-option[data-correct="true"]')
    for index in range(correct.count()):
        correct.nth(index).click()
    if question.get_attribute("data-kind") == "multiple":
        question.locator("button.kos-quiz-check").click()


def hidden_text(locator: Locator) -> str:
    return re.sub(r"\s+", " ", locator.text_content() or "").strip()


def test_quiz_answers_clicks(page: Page, site: str) -> None:
    quiz = open_quiz(page, site)
    questions = quiz.locator("li.kos-quiz-question")
    total = questions.count()
    assert total >= 2
    score = quiz.locator(".kos-quiz-score")
    expect(score).to_have_text(f"已答对 0/{total} 题")
    expect(quiz.locator("details.kos-quiz-answer").first).to_be_hidden()

    first = questions.nth(0)
    answer_correctly(first)
    feedback = first.locator(".kos-quiz-feedback")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(feedback.locator(".kos-quiz-verdict-label")).to_have_text("✓ 正确")
    expect(feedback).to_be_visible()
    expect(score).to_have_text(f"已答对 1/{total} 题")

    # a wrong answer to another single-choice question
    singles = [i for i in range(1, total) if questions.nth(i).get_attribute("data-kind") == "single"]
    assert singles, "知识检查里需要至少两道单选题"
    other = questions.nth(singles[0])
    wrong = other.locator('button.kos-quiz-option[data-correct="false"]').first
    wrong.click()
    expect(wrong).to_have_attribute("aria-pressed", "true")
    other_feedback = other.locator(".kos-quiz-feedback")
    expect(other_feedback.locator(".kos-quiz-verdict-label")).to_have_text("× 不对")
    option_feedback = (wrong.get_attribute("data-feedback") or "").strip()
    if option_feedback:
        expect(other_feedback).to_contain_text(option_feedback[:20])
    explanation = hidden_text(other.locator("details .kos-quiz-explanation-text"))
    assert explanation
    expect(other_feedback.locator(".kos-quiz-explanation")).to_be_visible()
    expect(other_feedback).to_contain_text(explanation[:20])
    expect(score).to_have_text(f"已答对 1/{total} 题")

    # fixing the answer counts it
    answer_correctly(other)
    expect(other_feedback.locator(".kos-quiz-verdict-label")).to_have_text("✓ 正确")
    expect(wrong).to_have_attribute("aria-pressed", "false")
    expect(score).to_have_text(f"已答对 2/{total} 题")

    # a multiple-choice question: toggles plus 检查答案
    multiples = [i for i in range(total) if questions.nth(i).get_attribute("data-kind") == "multiple"]
    if multiples:
        multi = questions.nth(multiples[0])
        multi.locator("button.kos-quiz-check").click()
        expect(multi.locator(".kos-quiz-feedback")).to_contain_text("还没有选择答案")
        answer_correctly(multi)
        expect(multi.locator(".kos-quiz-verdict-label")).to_have_text("✓ 正确")
        expect(score).to_have_text(f"已答对 3/{total} 题")

    quiz.locator("button.kos-quiz-reset").click()
    expect(score).to_have_text(f"已答对 0/{total} 题")
    expect(quiz.locator('button.kos-quiz-option[aria-pressed="true"]')).to_have_count(0)
    expect(first.locator(".kos-quiz-feedback")).to_be_empty()


def is_focused(locator: Locator) -> bool:
    return bool(locator.evaluate("element => element === document.activeElement"))


def test_quiz_works_with_keyboard(page: Page, site: str) -> None:
    quiz = open_quiz(page, site)
    question = quiz.locator("li.kos-quiz-question").first
    options = question.locator("button.kos-quiz-option")
    # 重做 puts the focus on the first option; from there the keyboard alone must do.
    quiz.locator("button.kos-quiz-reset").click()
    assert is_focused(options.nth(0))

    page.keyboard.press("Tab")
    second = options.nth(1)
    assert is_focused(second), "Tab 应把焦点移到下一个选项"
    page.keyboard.press("Enter")
    expect(second).to_have_attribute("aria-pressed", "true")
    label = question.locator(".kos-quiz-verdict-label")
    verdict = "✓ 正确" if second.get_attribute("data-correct") == "true" else "× 不对"
    expect(label).to_have_text(verdict)

    page.keyboard.press("Shift+Tab")
    first = options.nth(0)
    assert is_focused(first)
    page.keyboard.press(" ")
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(second).to_have_attribute("aria-pressed", "false")
    verdict = "✓ 正确" if first.get_attribute("data-correct") == "true" else "× 不对"
    expect(label).to_have_text(verdict)


def test_quiz_is_readable_without_javascript(new_page: PageFactory, site: str) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(site + f"{QUIZ_PAGE}.html")
    quiz = page.locator(f'section.kos-quiz[data-check-id="{QUIZ_ID}"]')
    expect(quiz).to_be_visible()
    expect(quiz).not_to_have_class(re.compile(r"\bkos-quiz--ready\b"))
    expect(quiz.locator(".kos-quiz-footer")).to_be_hidden()
    details = quiz.locator("details.kos-quiz-answer").first
    expect(details).to_be_visible()
    details.locator("summary").click()
    expect(details.locator(".kos-quiz-explanation")).to_be_visible()


# --- Chinese search -----------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), SEARCH_CASES, ids=["xinren", "keqing", "keqing-guanxi"])
def test_chinese_search_finds_chapter(page: Page, site: str, query: str, expected: str) -> None:
    page.goto(site + "search.html?q=" + quote(query))
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return !!s && s.textContent.trim().length > 0; }"
    )
    hrefs = [
        a.get_attribute("href") or ""
        for a in page.locator("#search-results ul.search li a").all()
    ]
    chapters = [h for h in hrefs if re.search(r"book/ch\d\d-[^/]*\.html", h)]
    assert chapters, f"搜索「{query}」没有找到任何章节页面；结果： {hrefs}"
    assert any(expected in h for h in hrefs), f"搜索「{query}」的结果里没有 {expected}: {hrefs}"

