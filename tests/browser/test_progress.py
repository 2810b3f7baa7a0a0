"""The learner's progress panel: kept in this browser only, survives reloads, can be cleared,
and a corrupt store is kept aside with a message instead of breaking the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_site import QUIZ_ID, QUIZ_PAGE, answer_correctly, open_quiz

pytestmark = pytest.mark.browser
HOME = "book/index.html"
KEY = "kosguide-progress-v1"


def row(page: Page, chapter: str):  # type: ignore[no-untyped-def]
    return page.locator(f'.kos-progress li[data-chapter="{chapter}"] .kos-progress-state')


def test_progress_records_reading_and_checks(page: Page, site: str) -> None:
    quiz = open_quiz(page, site)
    total = quiz.locator("li.kos-quiz-question").count()
    answer_correctly(quiz.locator("li.kos-quiz-question").first)
    page.goto(site + HOME)
    expect(page.locator(".kos-progress")).to_have_class(re.compile("kos-progress--ready"))
    expect(row(page, QUIZ_ID)).to_contain_text("✓ 已阅读")
    expect(row(page, QUIZ_ID)).to_contain_text(f"知识检查 1/{total}（未答完）")
    expect(row(page, "ch00")).to_contain_text("未阅读")
    expect(page.locator(".kos-progress-summary")).to_contain_text("已阅读 1/")
    page.reload()
    expect(row(page, QUIZ_ID)).to_contain_text(f"知识检查 1/{total}")
    stored = page.evaluate(f"localStorage.getItem('{KEY}')")
    assert QUIZ_ID in stored and QUIZ_PAGE in stored
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="清除我的进度").click()
    expect(row(page, QUIZ_ID)).to_contain_text("未阅读")
    expect(page.locator(".kos-progress-summary")).to_contain_text("已阅读 0/")


def test_corrupt_progress_is_kept_aside_with_a_message(page: Page, site: str) -> None:
    page.goto(site + HOME)
    page.evaluate(f"localStorage.setItem('{KEY}', '{{not json')")
    page.reload()
    summary = page.locator(".kos-progress-summary")
    expect(summary).to_contain_text("已损坏")
    backups = page.evaluate(
        f"Object.keys(localStorage).filter(k => k.startsWith('{KEY}.corrupt-')).map(k => localStorage.getItem(k))"
    )
    assert backups == ["{not json"]
    expect(row(page, "ch00")).to_contain_text("未阅读")


def test_website_export_is_the_anonymous_class_results_file(page: Page, site: str) -> None:
    import json

    from kosguide.tools.results.results import validate_results

    quiz = open_quiz(page, site)
    first = quiz.locator("li.kos-quiz-question").first
    first.locator('button.kos-quiz-option[data-correct="false"]').first.click()  # wrong on the first try
    answer_correctly(first)
    qid = first.get_attribute("data-question-id")
    page.goto(site + HOME)
    export = page.locator(".kos-progress-export")
    expect(export).to_be_visible()
    export.locator("input").fill("张三")
    export.get_by_role("button", name="导出我的练习结果").click()
    expect(export.locator(".kos-progress-export-note")).to_contain_text("至少要有一个数字")
    export.locator("input").fill("学员 07")
    with page.expect_download() as download_info:
        export.get_by_role("button", name="导出我的练习结果").click()
    download = download_info.value
    assert download.suggested_filename == "学员_07.kosguide-results.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    results, problem = validate_results(data)
    assert results is not None, problem
    assert data["source"] == "website" and data["learner"] == "学员 07"
    assert data["knowledge_checks"][QUIZ_ID]["missed_first_try"] == [qid]
    assert "张三" not in json.dumps(data, ensure_ascii=False)
