"""The learner's local practice records: knowledge-check first tries, refusal and role-play practice."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...core.storage import StorageError, load_json, save_json, set_aside_before_write
from .model import (
    _ID,
    KNOWLEDGE_FILE,
    KNOWLEDGE_KIND,
    MAX_QUESTIONS,
    MAX_REFUSAL,
    MAX_ROLEPLAY,
    OWN_SCENARIO,
    REFUSAL_FILE,
    REFUSAL_KEYS,
    REFUSAL_KIND,
    ROLEPLAY_FILE,
    ROLEPLAY_KIND,
    CheckScore,
    RefusalEntry,
    ResultsError,
    RoleplayEntry,
    known_ids,
)
from .validation import _Invalid, _is_int, _roleplay_entries


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
        # the course's own record file is unreadable: keep its bytes aside, then start a new record
        if set_aside_before_write(path) is None:
            raise StorageError(f"{loaded.message} 为了不覆盖原来的内容，这次没有记录。")
        loaded = load_json(path, default=None)
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



def _attempts_before_write(path: Path, kind: str, what: str) -> list[Any]:
    """The attempts already in the course's own record file ``path`` (``[]`` when there is none), read
    just before appending to it. An unreadable file's bytes are set aside first (so nothing is lost and
    the new record can be written); a readable file of another kind raises :class:`StorageError` in
    Chinese, and nothing is overwritten. ``what`` names the record kind in that message."""
    if path.exists() and not load_json(path).ok:
        set_aside_before_write(path)
    if not path.exists():
        return []
    loaded = load_json(path, default=None)
    if not loaded.ok or not (isinstance(loaded.data, dict) and loaded.data.get("kind") == kind
                             and isinstance(loaded.data.get("attempts"), list)):
        why = loaded.message if not loaded.ok else f"{path.name} 不是{what}文件。"
        raise StorageError(f"{why} 为了不覆盖原来的内容，这次没有记录。")
    return list(loaded.data["attempts"])

def record_refusal_practice(scenario_id: str, labels: Mapping[str, bool],
                            path: str | Path = REFUSAL_FILE) -> tuple[int, str]:
    """Append one attempt (scenario id and the five booleans, never the text). Returns (count, message)."""
    if scenario_id not in known_ids().scenarios:
        scenario_id = OWN_SCENARIO
    entry = {"scenario": scenario_id, **{k: bool(labels[k]) for k in REFUSAL_KEYS}}
    path = Path(path)
    attempts = [*_attempts_before_write(path, REFUSAL_KIND, "拒绝练习记录"), entry][-MAX_REFUSAL:]
    save_json(path, {"kind": REFUSAL_KIND, "version": 1, "attempts": attempts})
    return len(attempts), (f"已记录到本机文件 {path.name}（只记情境编号和五项判断，不记你写的话），"
                           f"现在共有 {len(attempts)} 次练习。")


def load_roleplay_practice(path: str | Path = ROLEPLAY_FILE) -> tuple[list[RoleplayEntry], str]:
    """Recorded role-play endings (scenario id, ending kind, failed judgement ids) and a Chinese message."""
    raw, problem = _load_kind(Path(path), ROLEPLAY_KIND, "attempts", [])
    known = known_ids()
    out: list[RoleplayEntry] = []
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
    attempts = [*_attempts_before_write(path, ROLEPLAY_KIND, "对话演练记录"), entry.to_dict()][-MAX_ROLEPLAY:]
    save_json(path, {"kind": ROLEPLAY_KIND, "version": 1, "attempts": attempts})
    return len(attempts), (f"已记录到本机文件 {path.name}（只记情景编号、结局和没做到的判断，不记对话内容），"
                           f"现在共有 {len(attempts)} 次演练。")
