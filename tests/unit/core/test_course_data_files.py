"""Every packaged data file is well-formed, and every item is reachable from the book."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kosguide.core.data_loader import KINDS, check_data_dir, load_course_data, packaged_data_dir

ROOT = Path(__file__).resolve().parents[3]


def test_packaged_data_has_no_problems() -> None:
    data, problems = check_data_dir(None)
    assert problems == []
    packaged = sorted(p.relative_to(packaged_data_dir()).as_posix() for p in packaged_data_dir().rglob("*.toml"))
    assert sorted(data.files) == packaged, "every packaged TOML file must be loaded by the loader"


def test_every_knowledge_check_is_used_by_a_published_chapter_page() -> None:
    data = load_course_data([])
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md")}
    used = {m for text in pages.values() for m in re.findall(r"```\{kos-quiz\}\s+([a-z0-9-]+)", text)}
    assert set(data.knowledge_checks) <= used, "a knowledge check no page shows is unreachable"
    assert used <= set(data.knowledge_checks), "a page names a knowledge check that does not exist"


def test_question_ids_are_unique_across_all_checks() -> None:
    data = load_course_data([])
    ids = [q.id for c in data.knowledge_checks.values() for q in c.questions]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("check_id", sorted(load_course_data([]).knowledge_checks))
def test_each_question_explains_itself(check_id: str) -> None:
    check = load_course_data([]).knowledge_checks[check_id]
    assert check.chapter == check_id.split("-")[0]
    for question in check.questions:
        assert len(question.explanation) >= 10, question.id
        assert question.source, f"{question.id} names no source"
        assert all(option.feedback for option in question.options), f"{question.id}: every option needs feedback"


def test_chapter_plan_matches_the_table_of_contents() -> None:
    chapters = load_course_data([]).chapters
    assert [c.number for c in chapters] == list(range(len(chapters)))
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for chapter in chapters:
        listed = re.search(rf"book/{chapter.id}-[a-z-]+", toc) is not None
        assert listed == (chapter.status == "published"), f"{chapter.id}: status and _toc.yml disagree"


def test_every_packaged_data_folder_has_a_registered_parser() -> None:
    folders = {p.name for p in packaged_data_dir().iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == {k.folder for k in KINDS}
