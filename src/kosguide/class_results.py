"""The anonymous class-results file: schema, validation, and the learner-side export.

Pure Python (it also runs in the browser's Pyodide kernel). A learner exports a small JSON file
(``<code>.kosguide-results.json``) that an instructor may collect into the class dashboard
(:mod:`kosguide.dashboard`). The file never holds customers' names, profile contents, free text or
the learner's real name: only ids, booleans and numbers, plus an optional anonymous learner code.

Schema (``schema = "kosguide-results"``, ``version = 1``)::

    {
      "schema": "kosguide-results", "version": 1,
      "exported": "2026-11-23",              # YYYY-MM-DD
      "source": "workbook",                  # "workbook" | "website"
      "learner": "学员 07",                  # optional; "" or at most 20 characters
      "temperament": [{"mode": "self", "status": "clear", "types": ["powerful"],
                       "style": 40.0, "action": 55.0}],
      "profile_stages": ["teacher", "none"],  # one per saved profile; "none" = below doctor
      "refusal": [{"scenario": "friend-price", "empathy": true, "principle": true,
                   "alternative": false, "harsh": false, "overpromise": false}],
      "knowledge_checks": {"ch01": {"total": 8, "correct_first_try": 6,
                                    "missed_first_try": ["ch01-definition"]}},
      "roleplay": [{"scenario": "ch07-friend-price", "ending": "mixed",   # optional: role-play
                    "failed": ["style-fit"]}]
    }

Besides the export, this module keeps the two small local practice files the export reads:
``knowledge-checks.kosguide.json`` (first-try results per knowledge check) and
``refusal-practice.kosguide.json`` (scenario id + the five booleans per recorded attempt), and
``roleplay-practice.kosguide.json`` (role-play scenario id, ending kind and failed judgement ids).
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .storage import StorageError, load_json, save_json

SCHEMA = "kosguide-results"
VERSION = 1
SUFFIX = ".kosguide-results.json"
SOURCES = ("workbook", "website")
MODES = ("self", "customer")
STATUSES = ("clear", "between", "center", "insufficient")
REFUSAL_KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")
NO_STAGE = "none"
OWN_SCENARIO = "own"
"""Scenario id recorded when the learner described their own request (its text is never kept)."""

MAX_LEARNER_CHARS = 20
MAX_TEMPERAMENT = 50
MAX_PROFILES = 200
MAX_REFUSAL = 500
MAX_CHECKS = 100
MAX_QUESTIONS = 200
MAX_RESULTS_BYTES = 200_000
"""A real export is a few kilobytes; anything above this is not a results file."""

KNOWLEDGE_FILE = "knowledge-checks.kosguide.json"
KNOWLEDGE_KIND = "knowledge-checks"
REFUSAL_FILE = "refusal-practice.kosguide.json"
REFUSAL_KIND = "refusal-practice"
PERSONALITY_FILE = "personality-results.kosguide.json"
PROFILE_FOLDER = "customer-profiles"
ROLEPLAY_FILE = "roleplay-practice.kosguide.json"
ROLEPLAY_KIND = "roleplay-practice"
ROLEPLAY_ENDINGS = ("good", "mixed", "bad")
MAX_ROLEPLAY = 500

TOP_KEYS = ("schema", "version", "exported", "source", "learner", "temperament", "profile_stages", "refusal",
            "knowledge_checks")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

LEARNER_CODE_HINT = ("学员代号只用于区分文件，必须是匿名代号（例如“学员 07”“A3”），不要写真实姓名、"
                     "手机号或邮箱。")


class ResultsError(ValueError):
    """A learner code or an export that cannot be used; ``str(error)`` is Chinese."""


# ------------------------------------------------------------------------------------ dataclasses
@dataclass(frozen=True)
class TemperamentEntry:
    mode: str
    status: str
    types: tuple[str, ...]
    style: float
    action: float

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "status": self.status, "types": list(self.types),
                "style": self.style, "action": self.action}


@dataclass(frozen=True)
class RefusalEntry:
    scenario: str
    empathy: bool
    principle: bool
    alternative: bool
    harsh: bool
    overpromise: bool

    def labels(self) -> dict[str, bool]:
        return {key: getattr(self, key) for key in REFUSAL_KEYS}

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.labels()}


@dataclass(frozen=True)
class RoleplayEntry:
    """One finished role-play: scenario id, ending kind and the judgement ids that went wrong (no text)."""

    scenario: str
    ending: str
    failed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "ending": self.ending, "failed": list(self.failed)}


@dataclass(frozen=True)
class CheckScore:
    total: int
    correct_first_try: int
    missed_first_try: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct_first_try": self.correct_first_try,
                "missed_first_try": list(self.missed_first_try)}


@dataclass(frozen=True)
class ClassResults:
    """One learner's validated export."""

    exported: str
    source: str
    learner: str = ""
    temperament: tuple[TemperamentEntry, ...] = ()
    profile_stages: tuple[str, ...] = ()
    refusal: tuple[RefusalEntry, ...] = ()
    knowledge_checks: dict[str, CheckScore] = field(default_factory=dict)
    roleplay: tuple[RoleplayEntry, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {
            "schema": SCHEMA, "version": VERSION, "exported": self.exported, "source": self.source,
            "learner": self.learner,
            "temperament": [t.to_dict() for t in self.temperament],
            "profile_stages": list(self.profile_stages),
            "refusal": [r.to_dict() for r in self.refusal],
            "knowledge_checks": {k: v.to_dict() for k, v in self.knowledge_checks.items()},
        }
        if self.roleplay:  # optional: files without role-play results keep their old shape
            out["roleplay"] = [r.to_dict() for r in self.roleplay]
        return out


# ---------------------------------------------------------------------------------- known ids
@dataclass(frozen=True)
class KnownIds:
    """Ids the course data defines; a results file naming anything else is refused."""

    types: frozenset[str]
    stages: frozenset[str]
    scenarios: frozenset[str]
    roleplay: frozenset[str] = frozenset()
    judges: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def _known_for(data_id: int) -> KnownIds:
    from .data_loader import default_course_data
    from .personality_data import TemperamentType
    from .profile_data import Stage
    from .refusal_data import Scenario
    from .tools.roleplay.data import Scenario as RoleplayScenario
    from .tools.roleplay.judges import JUDGE_IDS

    data = default_course_data()
    return KnownIds(
        frozenset(i.id for i in data.of("personality").values() if isinstance(i, TemperamentType)),
        frozenset(i.id for i in data.of("profile").values() if isinstance(i, Stage)) | {NO_STAGE},
        frozenset(i.id for i in data.of("refusal").values() if isinstance(i, Scenario)) | {OWN_SCENARIO},
        frozenset(i.id for i in data.of("roleplay").values() if isinstance(i, RoleplayScenario)),
        frozenset(JUDGE_IDS),
    )


def known_ids() -> KnownIds:
    from .data_loader import default_course_data

    return _known_for(id(default_course_data()))


def display_names() -> dict[str, dict[str, str]]:
    """Chinese names for ids, by kind: ``types``, ``stages`` (with ``none``) and ``scenarios`` (with ``own``)."""
    from .data_loader import default_course_data
    from .personality_data import TemperamentType
    from .profile_data import Stage
    from .refusal_data import Scenario

    data = default_course_data()
    stages = sorted((i for i in data.of("profile").values() if isinstance(i, Stage)), key=lambda s: s.order)
    return {
        "types": {i.id: i.name for i in data.of("personality").values() if isinstance(i, TemperamentType)},
        "stages": {NO_STAGE: "未到“医生”", **{s.id: s.name for s in stages}},
        "scenarios": {**{i.id: i.title for i in data.of("refusal").values() if isinstance(i, Scenario)},
                      OWN_SCENARIO: "自己描述的请求"},
    }


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
    code = "".join(ch for ch in unicodedata.normalize("NFKC", value)
                   if unicodedata.category(ch) not in _INVISIBLE).strip()
    code = re.sub(r"\s+", " ", code)
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


# ------------------------------------------------------------------------------- local practice files
def _load_kind(path: Path, kind: str, key: str, empty: Any) -> tuple[Any, str]:
    loaded = load_json(path, default=None)
    if not loaded.ok:
        return empty, loaded.message
    if loaded.data is None:
        return empty, ""
    data = loaded.data
    if not isinstance(data, dict) or data.get("kind") != kind or not isinstance(data.get(key), type(empty)):
        return empty, f"{path.name} 不是本工具保存的文件，没有读取。"
    return data[key], ""


def load_check_records(path: str | Path = KNOWLEDGE_FILE) -> tuple[dict[str, CheckScore], str]:
    """First-try results per knowledge check saved on this machine, and a Chinese problem message."""
    raw, problem = _load_kind(Path(path), KNOWLEDGE_KIND, "checks", {})
    out: dict[str, CheckScore] = {}
    skipped = 0
    for check_id, item in raw.items():
        try:
            out[check_id] = _check_record(check_id, item)
        except (_Invalid, TypeError, ValueError, KeyError):
            skipped += 1
    if skipped:
        problem = (problem + " " if problem else "") + f"有 {skipped} 套知识检查的记录不完整，已跳过。"
    return out, problem


def _check_record(check_id: str, item: Any) -> CheckScore:
    if not _ID.match(str(check_id)) or not isinstance(item, dict):
        raise _Invalid("bad")
    total = item["total"]
    answered_raw = item.get("answered", [])
    answered = ([q for q in answered_raw if isinstance(q, str) and _ID.match(q)]
                if isinstance(answered_raw, list) else [])
    missed = [q for q in item["missed_first_try"] if isinstance(q, str) and _ID.match(q)]
    if not _is_int(total) or not 0 <= total <= MAX_QUESTIONS:
        raise _Invalid("bad")
    missed = sorted(set(missed))[:total]
    correct = len(set(answered) - set(missed)) if answered else int(item["correct_first_try"])
    correct = max(0, min(correct, total - len(missed)))
    return CheckScore(total, correct, tuple(missed))


def record_first_tries(check_id: str, total: int, first_tries: Mapping[str, bool],
                       path: str | Path = KNOWLEDGE_FILE) -> tuple[CheckScore, str]:
    """Merge one session's first tries into the local file: the earliest try of each question wins.

    Only question ids and right/wrong are stored. Raises :class:`StorageError` (Chinese) when the file
    cannot be written or an existing file could not be read (so nothing is overwritten).
    """
    path = Path(path)
    loaded = load_json(path, default=None)
    if not loaded.ok:
        raise StorageError(f"{loaded.message} 为了不覆盖原来的内容，这次没有记录。")
    data = loaded.data if isinstance(loaded.data, dict) and loaded.data.get("kind") == KNOWLEDGE_KIND else None
    if loaded.data is not None and data is None:
        raise StorageError(f"{path.name} 不是知识检查记录文件，为了不覆盖它，这次没有记录。")
    checks = dict(data.get("checks", {})) if data and isinstance(data.get("checks"), dict) else {}
    old = checks.get(check_id) if isinstance(checks.get(check_id), dict) else {}
    old_missed_raw = old.get("missed_first_try")
    old_answered = old.get("answered")
    old_missed = {q for q in old_missed_raw if isinstance(q, str)} if isinstance(old_missed_raw, list) else set()
    outcomes = ({q: q not in old_missed for q in old_answered if isinstance(q, str)}
                if isinstance(old_answered, list) else {})
    outcomes.update({q: False for q in old_missed if q not in outcomes})
    for question_id, ok in first_tries.items():
        outcomes.setdefault(str(question_id), bool(ok))
    missed = sorted(q for q, ok in outcomes.items() if not ok)
    entry = {"total": int(total), "correct_first_try": sum(outcomes.values()), "missed_first_try": missed,
             "answered": sorted(outcomes)}
    checks[check_id] = entry
    save_json(path, {"kind": KNOWLEDGE_KIND, "version": 1, "checks": checks})
    return CheckScore(int(total), entry["correct_first_try"], tuple(missed)), ""


def load_refusal_practice(path: str | Path = REFUSAL_FILE) -> tuple[list[RefusalEntry], str]:
    """Recorded refusal attempts (scenario id + five booleans) and a Chinese problem message."""
    raw, problem = _load_kind(Path(path), REFUSAL_KIND, "attempts", [])
    known = known_ids()
    out = []
    for item in raw:
        if (isinstance(item, dict) and isinstance(item.get("scenario"), str) and item["scenario"] in known.scenarios
                and all(isinstance(item.get(k), bool) for k in REFUSAL_KEYS)):
            out.append(RefusalEntry(item["scenario"], *(item[k] for k in REFUSAL_KEYS)))
    skipped = len(raw) - len(out)
    if skipped:
        problem = (problem + " " if problem else "") + f"有 {skipped} 条练习记录不完整，已跳过。"
    return out[-MAX_REFUSAL:], problem


def record_refusal_practice(scenario_id: str, labels: Mapping[str, bool],
                            path: str | Path = REFUSAL_FILE) -> tuple[int, str]:
    """Append one attempt (scenario id and the five booleans, never the text). Returns (count, message)."""
    if scenario_id not in known_ids().scenarios:
        scenario_id = OWN_SCENARIO
    entry = {"scenario": scenario_id, **{k: bool(labels[k]) for k in REFUSAL_KEYS}}
    path = Path(path)
    if path.exists():
        loaded = load_json(path, default=None)
        if not loaded.ok or not (isinstance(loaded.data, dict) and loaded.data.get("kind") == REFUSAL_KIND
                                 and isinstance(loaded.data.get("attempts"), list)):
            why = loaded.message if not loaded.ok else f"{path.name} 不是拒绝练习记录文件。"
            raise StorageError(f"{why} 为了不覆盖原来的内容，这次没有记录。")
        attempts = loaded.data["attempts"]
    else:
        attempts = []
    attempts = [*attempts, entry][-MAX_REFUSAL:]
    save_json(path, {"kind": REFUSAL_KIND, "version": 1, "attempts": attempts})
    return len(attempts), (f"已记录到本机文件 {path.name}（只记情境编号和五项判断，不记你写的话），"
                           f"现在共有 {len(attempts)} 次练习。")


def load_roleplay_practice(path: str | Path = ROLEPLAY_FILE) -> tuple[list[RoleplayEntry], str]:
    """Recorded role-play endings (scenario id, ending kind, failed judgement ids) and a Chinese message."""
    raw, problem = _load_kind(Path(path), ROLEPLAY_KIND, "attempts", [])
    known = known_ids()
    out = []
    for item in raw:
        try:
            out.extend(_roleplay_entries([item], known))
        except _Invalid:
            continue
    skipped = len(raw) - len(out)
    if skipped:
        problem = (problem + " " if problem else "") + f"有 {skipped} 条对话演练记录不完整，已跳过。"
    return out[-MAX_ROLEPLAY:], problem


def record_roleplay_practice(scenario_id: str, ending: str, failed: list[str] | tuple[str, ...],
                             path: str | Path = ROLEPLAY_FILE) -> tuple[int, str]:
    """Append one finished role-play (ids only, never the conversation). Returns (count, Chinese message).

    Raises :class:`ResultsError` for ids the course does not know, :class:`StorageError` (Chinese) when
    the file cannot be written or an existing file is not a role-play record (nothing is overwritten).
    """
    entry = RoleplayEntry(scenario_id, ending, tuple(dict.fromkeys(failed)))
    try:
        _roleplay_entries([entry.to_dict()], known_ids())  # refuse anything the export would refuse
    except _Invalid as exc:
        raise ResultsError(str(exc)) from None
    path = Path(path)
    attempts: list[Any] = []
    if path.exists():
        loaded = load_json(path, default=None)
        if not loaded.ok or not (isinstance(loaded.data, dict) and loaded.data.get("kind") == ROLEPLAY_KIND
                                 and isinstance(loaded.data.get("attempts"), list)):
            why = loaded.message if not loaded.ok else f"{path.name} 不是对话演练记录文件。"
            raise StorageError(f"{why} 为了不覆盖原来的内容，这次没有记录。")
        attempts = loaded.data["attempts"]
    attempts = [*attempts, entry.to_dict()][-MAX_ROLEPLAY:]
    save_json(path, {"kind": ROLEPLAY_KIND, "version": 1, "attempts": attempts})
    return len(attempts), (f"已记录到本机文件 {path.name}（只记情景编号、结局和没做到的判断，不记对话内容），"
                           f"现在共有 {len(attempts)} 次演练。")


# ----------------------------------------------------------------------------------- the export
@dataclass(frozen=True)
class Collected:
    """The export (a plain dict ready for JSON) and Chinese notes about files that could not be read."""

    data: dict[str, Any]
    notes: tuple[str, ...] = ()


def _profile_stages(folder: Path) -> tuple[list[str], list[str]]:
    from .customer_profile import assess, default_schema, load_profile

    stages: list[str] = []
    notes: list[str] = []
    if not folder.is_dir():
        return stages, notes
    schema = default_schema()
    for path in sorted(folder.glob("*.kosguide.json"))[:MAX_PROFILES]:
        loaded = load_profile(path, schema)
        if loaded.profile is None:
            notes.extend(loaded.messages)
            continue
        assessment = assess(loaded.profile, schema)
        stages.append(assessment.stage.id if assessment.stage else NO_STAGE)
    return stages, notes


def collect(folder: str | Path = ".", learner: str = "", *, today: str | None = None) -> Collected:
    """Build the learner's anonymous export from the tools' local files in ``folder``.

    Reads ``personality-results.kosguide.json``, every profile in ``customer-profiles/`` (only the
    stage each supports goes out), ``refusal-practice.kosguide.json`` and
    ``knowledge-checks.kosguide.json``. Raises :class:`ResultsError` for an unusable learner code.
    """
    from .personality import load_results

    folder = Path(folder)
    code = clean_learner_code(learner)
    notes: list[str] = []
    saved, problem = load_results(folder / PERSONALITY_FILE)
    if problem:
        notes.append(problem)
    known = known_ids()
    temperament = []
    for r in saved[-MAX_TEMPERAMENT:]:
        types = tuple(t for t in r.types if t in known.types)
        status = r.status if len(types) == {"clear": 1, "between": 2}.get(r.status, 0) else "insufficient"
        temperament.append(TemperamentEntry(r.mode, status, types if status != "insufficient" else (),
                                            round(r.style, 1), round(r.action, 1)))
    stages, stage_notes = _profile_stages(folder / PROFILE_FOLDER)
    notes += stage_notes
    refusal, problem = load_refusal_practice(folder / REFUSAL_FILE)
    if problem:
        notes.append(problem)
    checks, problem = load_check_records(folder / KNOWLEDGE_FILE)
    if problem:
        notes.append(problem)
    roleplay, problem = load_roleplay_practice(folder / ROLEPLAY_FILE)
    if problem:
        notes.append(problem)
    results = ClassResults(today or time.strftime("%Y-%m-%d"), "workbook", code, tuple(temperament),
                           tuple(stages), tuple(refusal), dict(sorted(checks.items())), tuple(roleplay))
    return Collected(results.to_dict(), tuple(notes))


def collect_results(folder: str | Path = ".", learner: str = "") -> dict[str, Any]:
    """The learner's anonymous export as a JSON-ready dict (see :func:`collect` for the notes)."""
    return collect(folder, learner).data


def results_filename(learner: str) -> str:
    """``<code>.kosguide-results.json`` with a file-system-safe code, or ``anon`` when there is none."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", learner, flags=re.UNICODE).strip("_")[:MAX_LEARNER_CHARS]
    return (slug or "anon") + SUFFIX


def save_results(data: Mapping[str, Any], folder: str | Path = ".") -> Path:
    """Validate ``data`` and save it as ``folder/<learner-or-anon>.kosguide-results.json`` via save_json."""
    results, problem = validate_results(dict(data))
    if results is None:
        raise StorageError(f"导出内容没有通过检查：{problem}")
    clean_learner_code(results.learner)  # the learner side is strict about the code
    return save_json(Path(folder) / results_filename(results.learner), results.to_dict())
