"""The teaching standards of issue 16 (TEACHING-DECISIONS.md, book/style-guide.md), checked per chapter.

Knowledge checks: 6–10 items, feedback on every option, a ``skill`` on every item, at least two thirds
application; every key idea of a chapter (tests/data/key_ideas.toml) is asked by an existing question.
Pages: every 想一想 prompt is followed by a collapsed 参考思路; chapters 1–8 each show at least one
model dialogue, each run of dialogues is followed by a 「变化在哪里」 note, and the course covers the
four channels learners work in.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from kosguide.data_loader import load_course_data

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
KEY_IDEAS = ROOT / "tests" / "data" / "key_ideas.toml"
CHAPTERS = [f"ch0{n}" for n in range(1, 9)]
REQUIRED_CHANNELS = ("微信一对一", "微信群", "语音消息", "朋友圈")
_FENCE_OPEN = re.compile(r"^(:{3,})\{admonition\}\s*(\S+)")
_DIALOGUE_OPEN = re.compile(r"^(`{3,})\{kos-dialogue\}")


def _check(chapter: str):
    return load_course_data().knowledge_check(chapter)


def _page(chapter: str) -> Path:
    pages = sorted(BOOK.glob(f"{chapter}-*.md"))
    assert len(pages) == 1, f"{chapter} 应恰好有一个页面 book/{chapter}-*.md，找到 {pages}"
    return pages[0]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_item_count(chapter: str) -> None:
    n = len(_check(chapter).questions)
    assert 6 <= n <= 10, f"{chapter} 有 {n} 题，应为 6–10 题"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_feedback_on_every_option(chapter: str) -> None:
    missing = [f"{q.id} 第 {i} 个选项" for q in _check(chapter).questions
               for i, o in enumerate(q.options, start=1) if not o.feedback.strip()]
    assert missing == [], f"{chapter} 这些选项没有反馈：{missing}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_item_has_a_skill(chapter: str) -> None:
    missing = [q.id for q in _check(chapter).questions if q.skill not in ("recall", "application")]
    assert missing == [], f"{chapter} 这些题没有 skill = \"recall\" 或 \"application\"：{missing}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_two_thirds_application(chapter: str) -> None:
    skills = [q.skill for q in _check(chapter).questions]
    applied = skills.count("application")
    assert 3 * applied >= 2 * len(skills), f"{chapter}：应用题 {applied}/{len(skills)}，应至少占三分之二"


def _key_ideas() -> dict:
    with KEY_IDEAS.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_key_idea_is_asked(chapter: str) -> None:
    ideas = _key_ideas().get(chapter, [])
    assert ideas, f"tests/data/key_ideas.toml 还没有列出 {chapter} 的关键概念"
    existing = {q.id for check in load_course_data().knowledge_checks.values() for q in check.questions}
    uncovered = [i["idea"] for i in ideas if not set(i.get("questions", [])) & existing]
    unknown = [(i["idea"], q) for i in ideas for q in i.get("questions", []) if q not in existing]
    assert uncovered == [], f"{chapter} 这些关键概念没有题目考到：{uncovered}"
    assert unknown == [], f"{chapter} key_ideas.toml 引用了不存在的题目：{unknown}"


def _think_prompts_without_answer(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    problems = []
    for n, line in enumerate(lines):
        opened = _FENCE_OPEN.match(line.strip())
        if not opened or opened.group(2) != "想一想":
            continue
        fence = opened.group(1)
        close = next((k for k in range(n + 1, len(lines)) if lines[k].strip() == fence), None)
        if close is None:
            problems.append(f"{path.name}:{n + 1}: 想一想没有结束的 {fence}")
            continue
        rest = [k for k in range(close + 1, len(lines)) if lines[k].strip()]
        nxt = _FENCE_OPEN.match(lines[rest[0]].strip()) if rest else None
        if not nxt or nxt.group(2) != "参考思路" or not any(
                lines[k].strip() == ":class: dropdown" for k in rest[1:3]):
            problems.append(f"{path.name}:{n + 1}: 想一想后面应紧跟一个折叠的「参考思路」（:class: dropdown）")
    return problems


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.md")), ids=lambda p: p.name)
def test_every_think_prompt_has_a_model_answer(path: Path) -> None:
    problems = _think_prompts_without_answer(path)
    assert problems == [], "\n".join(problems)


def test_the_prompt_scan_catches_a_missing_answer(tmp_path: Path) -> None:
    page = tmp_path / "x.md"
    page.write_text(":::{admonition} 想一想\n问题\n:::\n\n正文\n\n:::{admonition} 想一想\n问题二\n:::\n"
                    ":::{admonition} 参考思路\n:class: dropdown\n答案\n:::\n", encoding="utf-8")
    assert [p.split(":")[1] for p in _think_prompts_without_answer(page)] == ["1"]


def _dialogues(path: Path) -> list[tuple[int, str, str]]:
    """(line, channel, verdict) of every kos-dialogue block in a page."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = []
    for n, line in enumerate(lines):
        if _DIALOGUE_OPEN.match(line.strip()):
            options = {}
            for k in range(n + 1, min(n + 4, len(lines))):
                m = re.match(r"^:(channel|verdict):\s*(.+)$", lines[k].strip())
                if m:
                    options[m.group(1)] = m.group(2).strip()
            found.append((n + 1, options.get("channel", ""), options.get("verdict", "")))
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_a_model_dialogue(chapter: str) -> None:
    assert _dialogues(_page(chapter)), f"{chapter} 还没有 kos-dialogue 示范对话"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_dialogue_run_is_followed_by_what_changed(chapter: str) -> None:
    path = _page(chapter)
    lines = path.read_text(encoding="utf-8").split("\n")
    missing = []
    for n in range(len(lines)):
        opened = _DIALOGUE_OPEN.match(lines[n].strip())
        if not opened:
            continue
        close = next(k for k in range(n + 1, len(lines)) if lines[k].strip() == opened.group(1))
        after = [ln.strip() for ln in lines[close + 1:] if ln.strip()]
        if after and _DIALOGUE_OPEN.match(after[0]):
            continue  # the pair's second dialogue carries the note
        if not after or "变化在哪里" not in after[0] + "".join(after[1:2]):
            missing.append(f"{path.name}:{n + 1}")
    assert missing == [], f"这些对话后面缺少「变化在哪里」说明：{missing}"


def test_course_covers_the_channels_learners_work_in() -> None:
    channels = {c for page in sorted(BOOK.glob("*.md")) for _, c, _ in _dialogues(page)}
    missing = [c for c in REQUIRED_CHANNELS if c not in channels]
    assert missing == [], f"全课程的示范对话还缺这些渠道：{missing}"
