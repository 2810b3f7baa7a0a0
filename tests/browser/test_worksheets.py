"""Printable worksheets: in print media only the content shows, each sheet starts a new A4 page,
and the Chinese is drawn with a CJK font."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS_DIR
from .test_site import cjk_font_glyphs

pytestmark = pytest.mark.browser
PAGE = "book/worksheets.html"
SHEETS = ("profile", "refusal", "account-plan")


def test_worksheets_print_on_a4(page: Page, site: str) -> None:
    page.goto(site + PAGE, wait_until="networkidle")
    for sheet in SHEETS:
        expect(page.locator(f'.kos-worksheet[data-sheet="{sheet}"]')).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".bd-sidebar-primary")).to_be_hidden()
    expect(page.locator(".bd-header")).to_be_hidden()
    breaks = page.eval_on_selector_all(".kos-worksheet", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["page"] * len(SHEETS)
    glyphs, fonts = cjk_font_glyphs(page, '.kos-worksheet[data-sheet="profile"] .kos-ws-title')
    assert glyphs >= 5, fonts
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    (ARTIFACTS_DIR / "worksheets.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # an intro page, then each sheet on its own pages: the profile sheet takes two, the others one
    assert len(SHEETS) + 1 <= pages <= len(SHEETS) + 3, pages


def test_profile_worksheet_follows_the_profile_data(page: Page, site: str) -> None:
    from kosguide.core.data_loader import load_course_data
    from kosguide.tools.profile.profile import ProfileSchema

    schema = ProfileSchema.from_course_data(load_course_data([]))
    page.goto(site + PAGE)
    sheet = page.locator('.kos-worksheet[data-sheet="profile"]')
    rows = sheet.locator(".kos-ws-table th")
    expect(rows).to_have_count(sum(len(s.fields) for s in schema.sections))
    for section in schema.sections:
        expect(sheet).to_contain_text(section.name)
    expect(sheet).to_contain_text("不是充分条件")
