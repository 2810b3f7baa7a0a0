"""The class dashboard (instructors only): a folder of learners' anonymous results → pandas tables and charts.

This is an instructor tool for a local Jupyter or the terminal, so it may use pandas (install with
``pip install "kosguide[instructor]"``). No learner-facing module imports it, and it is listed in
``INSTRUCTOR_ONLY`` in ``tests/unit/test_pure_python.py``.

Reading is strictly read-only: files in the instructor's folder are never renamed or changed. A
corrupt, foreign, oversized, invalid or duplicate file is listed with a Chinese reason and skipped.
Nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...core import palette
from ...core.display import Svg
from ...core.storage import parse_json_bytes
from ...core.text import escape_html
from .chart import count_chart, rate_chart
from .results import (
    MAX_RESULTS_BYTES,
    NO_STAGE,
    REFUSAL_KEYS,
    ClassResults,
    display_names,
    is_foreign,
    validate_results,
)

MAX_FILES = 2000

REFUSAL_PROBLEMS = {
    "empathy": ("missing", "缺少“理解与共情”"),
    "principle": ("missing", "缺少“原则与理由”"),
    "alternative": ("missing", "缺少“替代方案”"),
    "harsh": ("present", "出现生硬的说法"),
    "overpromise": ("present", "出现过度承诺"),
}
BETWEEN = "between"
INCONCLUSIVE = "inconclusive"
NO_SELF = "no-self"

COLUMN_LABELS = {
    "key": "编号", "label": "项目", "learners": "学员数", "share": "占比", "profiles": "画像数",
    "problem": "问题类型", "count": "次数", "attempts": "练习次数", "rate": "比例",
    "question": "题号", "check": "知识检查", "chapter": "章节", "prompt": "题目", "missed": "第一次答错人数",
    "takers": "作答人数", "questions": "题数", "first_try_rate": "第一次答对率",
    "scenario": "情景", "good": "圆满", "mixed": "勉强", "bad": "搞砸了", "most_failed": "最常没做到的判断",
}


@dataclass(frozen=True)
class LearnerFile:
    file: str
    results: ClassResults


@dataclass(frozen=True)
class SkippedFile:
    file: str
    reason: str


@dataclass
class ClassData:
    """Valid learner files, the skipped ones with reasons, and the class tables."""

    folder: str
    learners: list[LearnerFile]
    skipped: list[SkippedFile]
    temperament: pd.DataFrame = field(repr=False)
    stages: pd.DataFrame = field(repr=False)
    refusal: pd.DataFrame = field(repr=False)
    questions: pd.DataFrame = field(repr=False)
    checks: pd.DataFrame = field(repr=False)
    roleplay: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"temperament": self.temperament, "stages": self.stages, "refusal": self.refusal,
                "questions": self.questions, "checks": self.checks, "roleplay": self.roleplay}


# --------------------------------------------------------------------------------------- reading
def read_file(path: Path) -> tuple[ClassResults | None, str, str]:
    """``(results, reason, digest)``: results or a Chinese reason; ``digest`` identifies the content."""
    try:
        size = path.stat().st_size
        if size > MAX_RESULTS_BYTES:
            return None, f"文件有 {size:,} 字节，超过上限 {MAX_RESULTS_BYTES:,} 字节，不像是学员结果文件。", ""
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"无法读取：{exc.strerror or exc}。", ""
    obj, problem = parse_json_bytes(raw)  # BOM, UTF-16 and CRLF load; GBK, binary, empty are named
    if problem is not None:
        return None, problem.removeprefix("的 ").removeprefix("无法读取："), ""
    if is_foreign(obj):
        return None, "不是课程的学员结果文件（可能是其他工具或其他课程的文件）。", ""
    results, problem = validate_results(obj)
    if results is None:
        return None, f"格式不对：{problem}", ""
    digest = hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return results, "", digest


def load_class(folder: str | Path) -> ClassData:
    """Read every ``*.json`` in ``folder`` (not recursively); never fails on a bad file.

    Raises ``FileNotFoundError`` (Chinese message) only when ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"找不到文件夹：{folder}")
    valid: list[tuple[LearnerFile, str]] = []
    skipped: list[SkippedFile] = []
    paths = sorted(p for p in folder.glob("*.json") if p.is_file())
    for path in paths[MAX_FILES:]:
        skipped.append(SkippedFile(path.name, f"文件夹里的结果文件超过 {MAX_FILES} 个，这个没有读取。"))
    for path in paths[:MAX_FILES]:
        results, reason, digest = read_file(path)
        if results is None:
            skipped.append(SkippedFile(path.name, reason))
        else:
            valid.append((LearnerFile(path.name, results), digest))
    learners, duplicates = _drop_duplicates(valid)
    skipped += duplicates
    skipped.sort(key=lambda s: s.file)
    return summarise(learners, skipped, str(folder))


def _drop_duplicates(valid: list[tuple[LearnerFile, str]]) -> tuple[list[LearnerFile], list[SkippedFile]]:
    skipped: list[SkippedFile] = []
    seen: dict[str, str] = {}
    unique: list[LearnerFile] = []
    for item, digest in valid:
        if digest in seen:
            skipped.append(SkippedFile(item.file, f"与 {seen[digest]} 内容完全相同，是重复提交，没有重复计入。"
                                       "如果确实是两位学员，请其中一位填写学员代号后重新导出。"))
            continue
        seen[digest] = item.file
        unique.append(item)
    latest: dict[str, LearnerFile] = {}
    for item in unique:
        code = item.results.learner
        if code and (code not in latest or (item.results.exported, item.file)
                     > (latest[code].results.exported, latest[code].file)):
            latest[code] = item
    kept = []
    for item in unique:
        code = item.results.learner
        if code and latest[code] is not item:
            skipped.append(SkippedFile(item.file, f"学员代号「{code}」还有一份更新的文件 {latest[code].file}，"
                                       "这份较早的没有计入。"))
        else:
            kept.append(item)
    return kept, skipped


# ----------------------------------------------------------------------------------- aggregation
def summarise(learners: list[LearnerFile], skipped: list[SkippedFile] | None = None, folder: str = "") -> ClassData:
    """Build the class tables from validated learner files."""
    results = [item.results for item in learners]
    return ClassData(folder, list(learners), list(skipped or []), temperament_table(results),
                     stage_table(results), refusal_table(results), question_table(results), check_table(results),
                     roleplay=roleplay_table(results))


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def temperament_table(results: list[ClassResults]) -> pd.DataFrame:
    """Self-assessment per learner (their latest self result): one row per type, between, inconclusive, none."""
    names = display_names()["types"]
    counts: Counter[str] = Counter()
    for r in results:
        own = [t for t in r.temperament if t.mode == "self"]
        if not own:
            counts[NO_SELF] += 1
        elif own[-1].status == "clear":
            counts[own[-1].types[0]] += 1
        elif own[-1].status == "between":
            counts[BETWEEN] += 1
        else:
            counts[INCONCLUSIVE] += 1
    rows = [(tid, name) for tid, name in names.items()]
    rows += [(BETWEEN, "介于两种类型之间"), (INCONCLUSIVE, "无法下结论"), (NO_SELF, "没有自评结果")]
    total = len(results)
    return pd.DataFrame([{"key": key, "label": label, "learners": counts[key], "share": _share(counts[key], total)}
                         for key, label in rows], columns=["key", "label", "learners", "share"])


def stage_table(results: list[ClassResults]) -> pd.DataFrame:
    """Profiles per supported stage (``none`` = below doctor), and how many learners have one there."""
    names = display_names()["stages"]
    profiles: Counter[str] = Counter(s for r in results for s in r.profile_stages)
    learners: Counter[str] = Counter(s for r in results for s in set(r.profile_stages))
    total = sum(profiles.values())
    order = [NO_STAGE, *[k for k in names if k != NO_STAGE]]
    return pd.DataFrame([{"key": k, "label": names[k], "profiles": profiles[k], "share": _share(profiles[k], total),
                          "learners": learners[k]} for k in order],
                        columns=["key", "label", "profiles", "share", "learners"])


def refusal_table(results: list[ClassResults]) -> pd.DataFrame:
    """How often each step is missing (or each spoiler present) across recorded attempts, worst first."""
    attempts = [a for r in results for a in r.refusal]
    rows = []
    for key in REFUSAL_KEYS:
        problem, label = REFUSAL_PROBLEMS[key]
        count = sum((not getattr(a, key)) if problem == "missing" else getattr(a, key) for a in attempts)
        rows.append({"key": key, "label": label, "problem": problem, "count": count, "attempts": len(attempts),
                     "rate": _share(count, len(attempts)),
                     "learners": sum(any((not getattr(a, key)) if problem == "missing" else getattr(a, key)
                                         for a in r.refusal) for r in results)})
    frame = pd.DataFrame(rows, columns=["key", "label", "problem", "count", "attempts", "rate", "learners"])
    return frame.sort_values(["rate", "count"], ascending=False, kind="stable").reset_index(drop=True)


ROLEPLAY_TOP_FAILED = 3


def roleplay_table(results: list[ClassResults]) -> pd.DataFrame:
    """Per role-play scenario: attempts, endings by kind, learners, and the judgements that failed most."""
    from ...core.data_loader import default_course_data
    from ..roleplay.data import JudgeTexts, Scenario

    data = default_course_data()
    titles = {k: v.title for k, v in data.of(Scenario).items()}
    texts = next(iter(data.of(JudgeTexts).values()), None)
    names = {k: t.name for k, t in texts.texts.items()} if texts else {}
    rows = []
    for sid in sorted({e.scenario for r in results for e in r.roleplay}):
        entries = [e for r in results for e in r.roleplay if e.scenario == sid]
        ends = Counter(e.ending for e in entries)
        failed = Counter(j for e in entries for j in e.failed)
        top = "、".join(f"{names.get(j, j)}（{n} 次）" for j, n in failed.most_common(ROLEPLAY_TOP_FAILED))
        rows.append({"scenario": sid, "label": titles.get(sid, sid), "attempts": len(entries),
                     "good": ends["good"], "mixed": ends["mixed"], "bad": ends["bad"],
                     "learners": sum(any(e.scenario == sid for e in r.roleplay) for r in results),
                     "most_failed": top or "—"})
    return pd.DataFrame(rows, columns=["scenario", "label", "attempts", "good", "mixed", "bad", "learners",
                                       "most_failed"])


def _chapter_labels() -> dict[str, str]:
    from ...core.data_loader import default_course_data

    return {c.id: f"第 {c.number} 章 {c.title}" for c in default_course_data().chapters}


def question_table(results: list[ClassResults]) -> pd.DataFrame:
    """Per question: how many learners missed it on the first try, out of those who have its check."""
    from ...core.data_loader import default_course_data

    course = default_course_data().knowledge_checks
    chapters = _chapter_labels()
    takers: Counter[str] = Counter()
    missed: Counter[tuple[str, str]] = Counter()
    for r in results:
        for check_id, score in r.knowledge_checks.items():
            takers[check_id] += 1
            for q in score.missed_first_try:
                missed[(check_id, q)] += 1
    rows = []
    for check_id in sorted(takers):
        check = course.get(check_id)
        prompts = {q.id: q.prompt for q in check.questions} if check else {}
        ids = list(prompts) + sorted({q for c, q in missed if c == check_id} - set(prompts))
        chapter = chapters.get(check.chapter, check.chapter) if check else "（课程数据中没有这套知识检查）"
        for q in ids:
            n = missed[(check_id, q)]
            rows.append({"question": q, "check": check_id, "chapter": chapter,
                         "prompt": prompts.get(q, "（课程数据中没有这道题）"), "missed": n,
                         "takers": takers[check_id], "rate": _share(n, takers[check_id])})
    frame = pd.DataFrame(rows, columns=["question", "check", "chapter", "prompt", "missed", "takers", "rate"])
    return frame.sort_values(["rate", "missed", "question"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def check_table(results: list[ClassResults]) -> pd.DataFrame:
    """Per knowledge check: learners, questions, and the class's first-try correct rate."""
    chapters = _chapter_labels()
    from ...core.data_loader import default_course_data

    course = default_course_data().knowledge_checks
    rows = []
    for check_id in sorted({c for r in results for c in r.knowledge_checks}):
        scores = [r.knowledge_checks[check_id] for r in results if check_id in r.knowledge_checks]
        total = sum(s.total for s in scores)
        check = course.get(check_id)
        rows.append({"check": check_id, "chapter": chapters.get(check.chapter, check.chapter) if check else "",
                     "learners": len(scores), "questions": max(s.total for s in scores),
                     "first_try_rate": _share(sum(s.correct_first_try for s in scores), total)})
    return pd.DataFrame(rows, columns=["check", "chapter", "learners", "questions", "first_try_rate"])


def chinese(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column headings, rates as percentages, for people to read."""
    out = frame.copy()
    for col in ("share", "rate", "first_try_rate"):
        if col in out.columns:
            out[col] = [f"{v:.0%}" for v in out[col]]
    if "problem" in out.columns:
        out["problem"] = ["缺少" if v == "missing" else "出现" for v in out["problem"]]
    return out.rename(columns=COLUMN_LABELS)


def skipped_frame(data: ClassData) -> pd.DataFrame:
    return pd.DataFrame([{"文件": s.file, "原因": s.reason} for s in data.skipped], columns=["文件", "原因"])


# ---------------------------------------------------------------------------------------- charts
TOP_QUESTIONS = 10


def charts(data: ClassData) -> dict[str, Svg]:
    t, s, r, q = data.temperament, data.stages, data.refusal, data.questions
    top = q.head(TOP_QUESTIONS)
    return {
        "temperament": count_chart("全班自评性格类型分布（每位学员最近一次自评）",
                                   list(zip(t["label"], (int(v) for v in t["learners"]), strict=True))),
        "stages": count_chart("客户画像支撑到的阶段（按画像计数）",
                              list(zip(s["label"], (int(v) for v in s["profiles"]), strict=True))),
        "refusal": rate_chart("拒绝话术练习中最常出现的问题",
                              list(zip(r["label"], (int(v) for v in r["count"]),
                                       (int(v) for v in r["attempts"]), strict=True))),
        "questions": rate_chart(f"第一次答错最多的题目（前 {TOP_QUESTIONS} 题）",
                                [(f"{qid} {prompt}", int(m), int(n)) for qid, prompt, m, n
                                 in zip(top["question"], top["prompt"], top["missed"], top["takers"], strict=True)]),
    }


# ------------------------------------------------------------------------------------------- HTML
SECTIONS = (
    ("temperament", "性格类型分布（自评）",
     "每位学员只计最近一次自评。性格小测是沟通辅助工具，不是心理测量，请勿用于评价学员。"),
    ("stages", "客户画像阶段分布", "导出文件里只有阶段编号，没有任何画像内容。"),
    ("refusal", "拒绝话术：最常缺少的步骤", "按全班记录的练习次数计算；“学员数”是至少出现过一次该问题的学员。"),
    ("questions", "知识检查：第一次答错最多的题目", "“作答人数”是提交了这套知识检查结果的学员数。"),
    ("checks", "知识检查概况", ""),
    ("roleplay", "对话演练：结局和最常没做到的判断",
     "按全班记录的演练次数计算；文件里只有情景编号、结局类型和判断编号，没有任何对话内容。"),
)

CSS = f"""
@page {{ size: A4; margin: 14mm; }}
body {{ font-family: 'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;
       color: {palette.INK}; max-width: 960px; margin: 0 auto; padding: 16px; line-height: 1.5; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 18px; margin-top: 28px; break-after: avoid; }}
table {{ border-collapse: collapse; margin: 8px 0; font-size: 13px; }}
th, td {{ border: 1px solid {palette.BORDER}; padding: 3px 8px; text-align: left; vertical-align: top; }}
th {{ background: {palette.BLUE_BG_PALE}; }}
section {{ break-inside: avoid; }}
.note {{ color: {palette.MUTED}; font-size: 13px; }}
svg {{ max-width: 100%; height: auto; }}
@media print {{ body {{ padding: 0; }} a {{ color: inherit; text-decoration: none; }} }}
"""


def table_html(frame: pd.DataFrame) -> str:
    """An HTML table in which every heading and cell is escaped."""
    head = "".join(f"<th>{escape_html(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape_html(v)}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def dashboard_html(data: ClassData) -> str:
    """A self-contained, printable Chinese report (no scripts, no external resources)."""
    svgs = charts(data)
    sources = Counter(item.results.source for item in data.learners)
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>全班练习结果汇总</title>", f"<style>{CSS}</style></head><body>",
        "<h1>全班练习结果汇总</h1>",
        f"<p>文件夹：{escape_html(data.folder)}；计入 {len(data.learners)} 份学员结果"
        f"（练习本导出 {sources['workbook']} 份，网站导出 {sources['website']} 份），"
        f"跳过 {len(data.skipped)} 个文件。</p>",
        '<p class="note">这些文件都是学员自愿导出的匿名结果，只含编号、对错和分数。'
        "本报告在本机生成，不会上传到任何地方。</p>",
    ]
    if data.learners:
        codes = "、".join(escape_html(item.results.learner or "（未填代号）") for item in data.learners)
        parts.append(f'<p class="note">学员代号：{codes}</p>')
    for key, title, note in SECTIONS:
        parts.append(f"<section><h2>{escape_html(title)}</h2>")
        if note:
            parts.append(f'<p class="note">{escape_html(note)}</p>')
        if key in svgs:
            parts.append(f'<div class="kos-chart">{svgs[key].svg}</div>')
        frame = data.tables()[key]
        parts.append(table_html(chinese(frame)) if len(frame) else '<p class="note">还没有数据。</p>')
        parts.append("</section>")
    parts.append("<section><h2>跳过的文件</h2>")
    parts.append(table_html(skipped_frame(data)) if data.skipped else '<p class="note">没有跳过任何文件。</p>')
    parts.append("</section></body></html>")
    return "\n".join(parts)
