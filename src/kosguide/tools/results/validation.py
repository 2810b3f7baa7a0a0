"""Validating a class-results file (the dashboard trusts nothing a learner hands in)."""

from __future__ import annotations

import math
import re
import time
from typing import Any

from ...core.text import clean_code
from .model import (
    _DATE,
    _ID,
    LEARNER_CODE_HINT,
    MAX_CHECKS,
    MAX_LEARNER_CHARS,
    MAX_PROFILES,
    MAX_QUESTIONS,
    MAX_REFUSAL,
    MAX_ROLEPLAY,
    MAX_TEMPERAMENT,
    MODES,
    REFUSAL_KEYS,
    ROLEPLAY_ENDINGS,
    SCHEMA,
    SOURCES,
    STATUSES,
    TOP_KEYS,
    VERSION,
    CheckScore,
    ClassResults,
    KnownIds,
    RefusalEntry,
    ResultsError,
    RoleplayEntry,
    TemperamentEntry,
    known_ids,
)


# ---------------------------------------------------------------------------------- validation
def _kind(value: object) -> str:
    if value is None:
        return "空值 null"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


class _Invalid(Exception):
    pass


def _fail(where: str, expected: str, value: object = ..., ) -> _Invalid:
    got = "" if value is ... else f"，实际是{_kind(value)}"
    return _Invalid(f"字段 {where} 应是{expected}{got}。")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _score(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not -100 <= value <= 100:
        raise _fail(where, " -100 到 100 之间的数字", value)
    return float(value)


def _list(value: object, where: str, limit: int) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "列表", value)
    if len(value) > limit:
        raise _Invalid(f"字段 {where} 有 {len(value)} 项，超过上限 {limit} 项。")
    return value


def _object(value: object, where: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "对象", value)
    extra = sorted(str(k) for k in value if k not in keys)
    if extra:
        raise _Invalid(f"字段 {where} 里有本格式没有的字段：{'、'.join(extra[:5])}。")
    missing = [k for k in keys if k not in value]
    if missing:
        raise _Invalid(f"字段 {where} 缺少：{'、'.join(missing)}。")
    return value


def clean_learner_code(value: object, *, strict: bool = True) -> str:
    """A learner code safe to store: stripped, no invisible characters, at most 20 characters.

    ``strict`` (the learner-side export) also requires at least one digit and refuses what looks like
    an e-mail address or a phone number, so that a real name is not typed in by habit. Raises
    :class:`ResultsError` with a Chinese message.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ResultsError(f"学员代号应是文字，实际是{_kind(value)}。")
    code = clean_code(value)[0]
    if len(code) > MAX_LEARNER_CHARS:
        raise ResultsError(f"学员代号最多 {MAX_LEARNER_CHARS} 个字符，现在有 {len(code)} 个。{LEARNER_CODE_HINT}")
    if strict and code:
        if "@" in code:
            raise ResultsError(f"学员代号看起来像邮箱地址。{LEARNER_CODE_HINT}")
        if re.search(r"\d{7,}", code.replace(" ", "").replace("-", "")):
            raise ResultsError(f"学员代号看起来像电话号码或证件号。{LEARNER_CODE_HINT}")
        if not re.search(r"\d", code):
            raise ResultsError(f"学员代号里至少要有一个数字，这样不容易和真实姓名混淆。{LEARNER_CODE_HINT}")
    return code


def _validate(obj: object, known: KnownIds) -> ClassResults:
    if not isinstance(obj, dict):
        raise _Invalid(f"文件内容应是一个 JSON 对象，实际是{_kind(obj)}。")
    if obj.get("schema") != SCHEMA:
        raise _Invalid(f"这不是课程的学员结果文件（缺少 \"schema\": \"{SCHEMA}\"）。")
    version = obj.get("version")
    if not _is_int(version) or version != VERSION:
        raise _Invalid(f"不支持的版本：{version!r}（这个版本的课程只读第 {VERSION} 版）。")
    roleplay = _roleplay_entries(obj.get("roleplay", []), known)
    obj = _object({k: v for k, v in obj.items() if k not in ("learner", "roleplay")}
                  | {"learner": obj.get("learner", "")}, "（顶层）", TOP_KEYS)
    exported = obj["exported"]
    if not isinstance(exported, str) or not _DATE.match(exported):
        raise _fail("exported", "形如 2026-11-23 的日期", exported)
    try:
        time.strptime(exported, "%Y-%m-%d")
    except ValueError:
        raise _Invalid(f"字段 exported 不是有效日期：{exported}。") from None
    if obj["source"] not in SOURCES:
        raise _Invalid(f"字段 source 应是 workbook 或 website，实际是 {str(obj['source'])[:30]!r}。")
    try:
        learner = clean_learner_code(obj["learner"], strict=False)
    except ResultsError as exc:
        raise _Invalid(f"字段 learner：{exc}") from None

    temperament = []
    for n, raw in enumerate(_list(obj["temperament"], "temperament", MAX_TEMPERAMENT)):
        where = f"temperament[{n}]"
        item = _object(raw, where, ("mode", "status", "types", "style", "action"))
        if item["mode"] not in MODES:
            raise _fail(f"{where}.mode", " self 或 customer", item["mode"])
        if item["status"] not in STATUSES:
            raise _Invalid(f"字段 {where}.status 应是 {'、'.join(STATUSES)} 之一。")
        types = _list(item["types"], f"{where}.types", 2)
        for t in types:
            if not isinstance(t, str) or t not in known.types:
                raise _Invalid(f"字段 {where}.types 里有课程中没有的性格类型：{str(t)[:30]!r}。")
        expected = {"clear": 1, "between": 2}.get(item["status"], 0)
        if len(types) != expected:
            raise _Invalid(f"字段 {where}.types 在状态 {item['status']} 下应有 {expected} 个类型，"
                           f"实际有 {len(types)} 个。")
        temperament.append(TemperamentEntry(item["mode"], item["status"], tuple(types),
                                            _score(item["style"], f"{where}.style"),
                                            _score(item["action"], f"{where}.action")))

    stages = []
    for n, stage in enumerate(_list(obj["profile_stages"], "profile_stages", MAX_PROFILES)):
        if not isinstance(stage, str) or stage not in known.stages:
            raise _Invalid(f"字段 profile_stages[{n}] 应是阶段编号（{'、'.join(sorted(known.stages))}），"
                           f"实际是 {str(stage)[:30]!r}。")
        stages.append(stage)

    refusal = []
    for n, raw in enumerate(_list(obj["refusal"], "refusal", MAX_REFUSAL)):
        where = f"refusal[{n}]"
        item = _object(raw, where, ("scenario", *REFUSAL_KEYS))
        if not isinstance(item["scenario"], str) or item["scenario"] not in known.scenarios:
            raise _Invalid(f"字段 {where}.scenario 不是课程中的请求情境：{str(item['scenario'])[:30]!r}。")
        for key in REFUSAL_KEYS:
            if not isinstance(item[key], bool):
                raise _fail(f"{where}.{key}", "真假值 true/false", item[key])
        refusal.append(RefusalEntry(item["scenario"], *(item[k] for k in REFUSAL_KEYS)))

    checks_raw = obj["knowledge_checks"]
    if not isinstance(checks_raw, dict):
        raise _fail("knowledge_checks", "对象", checks_raw)
    if len(checks_raw) > MAX_CHECKS:
        raise _Invalid(f"字段 knowledge_checks 有 {len(checks_raw)} 项，超过上限 {MAX_CHECKS} 项。")
    checks: dict[str, CheckScore] = {}
    for check_id, raw in checks_raw.items():
        if not _ID.match(check_id):
            raise _Invalid(f"字段 knowledge_checks 里的编号 {check_id[:30]!r} 不是有效的知识检查编号。")
        where = f"knowledge_checks.{check_id}"
        item = _object(raw, where, ("total", "correct_first_try", "missed_first_try"))
        total, correct = item["total"], item["correct_first_try"]
        if not _is_int(total) or not 0 <= total <= MAX_QUESTIONS:
            raise _fail(f"{where}.total", f" 0 到 {MAX_QUESTIONS} 的整数", total)
        if not _is_int(correct) or not 0 <= correct <= total:
            raise _fail(f"{where}.correct_first_try", f" 0 到 {total} 的整数", correct)
        missed = _list(item["missed_first_try"], f"{where}.missed_first_try", total)
        for q in missed:
            if not isinstance(q, str) or not _ID.match(q):
                raise _Invalid(f"字段 {where}.missed_first_try 里有无效的题目编号：{str(q)[:30]!r}。")
        if len(set(missed)) != len(missed):
            raise _Invalid(f"字段 {where}.missed_first_try 里有重复的题目编号。")
        if correct + len(missed) > total:
            raise _Invalid(f"字段 {where}：答对 {correct} 题加答错 {len(missed)} 题，超过了总题数 {total}。")
        checks[check_id] = CheckScore(total, correct, tuple(missed))
    return ClassResults(exported, obj["source"], learner, tuple(temperament), tuple(stages), tuple(refusal), checks,
                        roleplay)


def _roleplay_entries(value: object, known: KnownIds) -> tuple[RoleplayEntry, ...]:
    """The optional ``roleplay`` list: known scenario ids, an ending kind, known judgement ids."""
    out = []
    for n, raw in enumerate(_list(value, "roleplay", MAX_ROLEPLAY)):
        where = f"roleplay[{n}]"
        item = _object(raw, where, ("scenario", "ending", "failed"))
        if not isinstance(item["scenario"], str) or item["scenario"] not in known.roleplay:
            raise _Invalid(f"字段 {where}.scenario 不是课程中的对话演练情景：{str(item['scenario'])[:30]!r}。")
        if item["ending"] not in ROLEPLAY_ENDINGS:
            raise _fail(f"{where}.ending", " good、mixed 或 bad", item["ending"])
        failed = _list(item["failed"], f"{where}.failed", len(known.judges))
        if any(not isinstance(j, str) or j not in known.judges for j in failed) or len(set(failed)) != len(failed):
            raise _Invalid(f"字段 {where}.failed 应是不重复的判断编号（{'、'.join(sorted(known.judges))}）。")
        out.append(RoleplayEntry(item["scenario"], item["ending"], tuple(failed)))
    return tuple(out)


def validate_results(obj: object, known: KnownIds | None = None) -> tuple[ClassResults | None, str]:
    """Check one parsed results file. Returns ``(results, "")`` or ``(None, Chinese reason)``."""
    try:
        return _validate(obj, known or known_ids()), ""
    except _Invalid as exc:
        return None, str(exc)


def is_foreign(obj: object) -> bool:
    """True when ``obj`` is not even trying to be a results file (another tool's JSON)."""
    return not (isinstance(obj, dict) and obj.get("schema") == SCHEMA)
