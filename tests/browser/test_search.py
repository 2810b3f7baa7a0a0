"""The site search finds what learners type: the whole query set (tests/data/search_queries.toml plus
every glossary term of the built glossary) through the site's own search code in Chromium, on a
desktop and on a phone; a sample of it through the full search page (same order as the in-page
run); the theme's search box under a sub-path (/kosguide/) on a phone; snippets that show the match;
chapters before the glossary. Needs ``make book`` first.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import SITE_DIR, PageFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from bench_search import serve
from search_eval import all_queries, evaluate, sphinx_search, sphinx_search_in_page

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
RECALL_GOAL = 1.0
TOP3_GOAL = 0.95
SAMPLE_EVERY = 12
"""Every 12th query of the set also goes through the full search page (one page load each)."""


@pytest.fixture(scope="module")
def subpath_site() -> Iterator[str]:
    """The built site under ``/kosguide/`` (as on a project page), on 127.0.0.1."""
    with serve(SITE_DIR) as base:
        yield base


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_query_set_meets_the_goals(new_page: PageFactory, site: str, viewport: str) -> None:
    queries = all_queries(SITE_DIR)
    assert len(queries) >= 60
    page = new_page(**(PHONE if viewport == "phone" else {}))
    in_page = sphinx_search_in_page(page, site, [q.q for q in queries])
    report = evaluate(queries, in_page)
    # The in-page run must list exactly what the search page a learner opens lists.
    full_page = sphinx_search(page, site)
    for query in queries[::SAMPLE_EVERY]:
        assert full_page(query.q) == in_page(query.q), f"「{query.q}」：搜索页与页内检索的结果顺序不同"
    hit, total = report.recall()
    top, n = report.top3()
    detail = report.summary() + "\n" + "\n".join(report.failures())
    assert hit / total >= RECALL_GOAL, f"搜索没有找到所有应找到的页面：\n{detail}"
    assert top / n >= TOP3_GOAL, f"正确章节排在前三的查询不足 95%：\n{detail}"


def test_search_box_on_phone_under_subpath(new_page: PageFactory, subpath_site: str) -> None:
    page = new_page(**PHONE)
    page.goto(subpath_site + "book/ch01-relationship.html")
    page.locator("button.search-button__button:visible").first.click()
    box = page.locator("input[name='q']:visible").first
    expect(box).to_be_visible()
    box.fill("建立信任")
    box.press("Enter")
    page.wait_for_url("**/kosguide/search.html?q=*")
    results = page.locator("#search-results ul.search li")
    expect(results.first).to_be_visible()
    chapter = results.filter(has=page.locator("a[href*='ch02-trust-journey']")).first
    expect(chapter).to_be_visible()
    # The snippet shows the match, highlighted.
    expect(chapter.locator("p.context")).to_contain_text("信任")
    expect(chapter.locator("p.context span.highlighted").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"搜索结果页在手机上出现横向滚动（{width}px）"


def first_index(hrefs: list[str], needle: str) -> int:
    return next((i for i, h in enumerate(hrefs) if needle in h), len(hrefs))


@pytest.mark.parametrize("query", ["过度承诺", "组织客情"])
def test_chapters_come_before_the_glossary(page: Page, site: str, query: str) -> None:
    page.goto(site + "search.html?q=" + query)
    page.wait_for_function("() => !!document.querySelector('#search-results p.search-summary')?.textContent.trim()")
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
    glossary = first_index(hrefs, "book/glossary.html")
    chapter = min(first_index(hrefs, f"book/ch0{n}-") for n in range(9))
    assert glossary < len(hrefs), f"「{query}」没有找到术语表：{hrefs}"
    assert chapter < glossary, f"「{query}」的结果里章节没有排在术语表前面：{hrefs}"
