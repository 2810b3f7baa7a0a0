"""Parser for knowledge-check data files (``data/knowledge_checks/*.toml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind
from .models import KnowledgeCheck, Option, Question

QUESTION_KINDS = {"single": "单选", "multiple": "多选"}
# Optional ``skill`` of a question: does it ask the learner to remember the chapter or to use it?
QUESTION_SKILLS = {"recall": "记忆", "application": "应用"}


def parse_knowledge_check(doc: dict[str, Any], label: str, path: Path | None = None) -> list[KnowledgeCheck]:
    """One file holds one knowledge check (returned as a one-item list, like every parser)."""
    top = Table(doc, label, "")
    check_id = top.ident("id")
    top.item = check_id
    chapter = top.ident("chapter")
    title = top.text("title")
    questions: list[Question] = []
    seen_ids: set[str] = set()
    for number, raw in enumerate(top.tables("questions"), start=1):
        q = Table(raw, label, f"第 {number} 题")
        qid = q.ident("id")
        q.item = f"第 {number} 题（id={qid}）"
        if qid in seen_ids:
            raise q.error(f"题目编号「{qid}」在本文件中重复了。", "id")
        seen_ids.add(qid)
        kind = q.choice("kind", QUESTION_KINDS)
        prompt = q.text("prompt")
        explanation = q.text("explanation")
        source = q.text("source", required=False)
        skill = q.choice("skill", QUESTION_SKILLS) if "skill" in raw else ""
        options: list[Option] = []
        for opt_number, raw_opt in enumerate(q.tables("options", minimum=2), start=1):
            o = Table(raw_opt, label, f"{q.item}的第 {opt_number} 个选项")
            options.append(Option(o.text("text"), o.boolean("correct"), o.text("feedback", False)))
            o.no_unknown_fields()
        n_correct = sum(o.correct for o in options)
        if kind == "single" and n_correct != 1:
            raise q.error(f"单选题必须恰好有 1 个 correct = true 的选项，现在有 {n_correct} 个。", "options")
        if kind == "multiple" and n_correct < 1:
            raise q.error("多选题至少要有 1 个 correct = true 的选项。", "options")
        texts = [o.text for o in options]
        if len(set(texts)) != len(texts):
            raise q.error("有两个选项的文字完全相同。", "options")
        q.no_unknown_fields()
        questions.append(Question(qid, kind, prompt, tuple(options), explanation, source, skill))
    top.no_unknown_fields()
    return [KnowledgeCheck(check_id, chapter, title, tuple(questions), path)]


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('knowledge_checks', '知识检查', parse_knowledge_check),)
