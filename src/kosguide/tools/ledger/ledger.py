"""Promise ledger: record each promise made to a customer, mark it kept or late (no widget import).

Source 001 says every small promise (a call-back time, a document, a solution) must be kept; the
ledger makes that visible: overdue promises first, and a kept-on-time rate. Saves go through
:func:`kosguide.storage.save_json`; loads through :func:`kosguide.storage.load_json`, so a corrupt
file is kept aside with a Chinese message. CSV export is UTF-8 with a BOM (Excel opens Chinese
correctly) and neutralises spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ...core.storage import load_json, save_bytes, save_json
from ...core.text import clean_code
from ...core.text import clean_text as clean_text_policy
from ..expectation.data import LedgerSettings

FILE_KIND = "kosguide-promise-ledger"
FILE_VERSION = 1
DEFAULT_FILE = "promises.kosguide.json"

STATUSES = {"open": "进行中", "kept": "按时兑现", "late": "已逾期", "kept-late": "逾期后兑现"}
OVERDUE_LABEL = "已逾期（未标记）"
CSV_HEADER = ("编号", "客户代号", "类别", "承诺内容", "截止日期", "状态", "完成日期", "记录日期")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日{0,1}\s*$")
_ID = re.compile(r"^P(\d{1,6})$")


class LedgerError(ValueError):
    """Bad input for the ledger. ``str(error)`` is a Chinese sentence the learner can act on."""


def parse_date(value: object, what: str = "日期") -> date:
    """Accept a ``date`` or text such as 2025-08-01, 2025/8/1 or 2025年8月1日 (full-width digits too)."""
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        raise LedgerError(f"{what}还没有填写，请写成 2025-08-01 这样的格式。")
    match = _DATE.match(text)
    if not match:
        raise LedgerError(f"{what}“{text[:30]}”看不懂，请写成 2025-08-01 这样的格式。")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise LedgerError(f"{what}“{text[:30]}”不是日历上存在的日子，请检查月份和日期。") from None


def clean_text(value: object, what: str, limit: int) -> str:
    """The one text policy (core.text), refusing empty or over-long text; a customer code is a code."""
    text = clean_code(value)[0] if what == "客户代号" else clean_text_policy(value)[0]
    if not text:
        raise LedgerError(f"{what}不能为空。")
    if len(text) > limit:
        raise LedgerError(f"{what}太长了（{len(text)} 字，上限 {limit} 字），请精简后再记。")
    return text


@dataclass(frozen=True)
class Promise:
    id: str
    customer: str
    what: str
    due: date
    status: str = "open"
    done: date | None = None
    category: str = ""
    created: date | None = None

    def is_overdue(self, today: date) -> bool:
        """Still owed and past due: marked late, or open after its due date."""
        return self.status == "late" or (self.status == "open" and self.due < today)

    def status_label(self, today: date) -> str:
        if self.status == "open" and self.due < today:
            return OVERDUE_LABEL
        return STATUSES[self.status]

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.due).days) if self.is_overdue(today) else 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("due", "done", "created"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass(frozen=True)
class AddResult:
    promise: Promise
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class LedgerStats:
    kept: int
    kept_late: int
    late: int  # marked late, still owed
    overdue_open: int  # open and past due, not yet marked
    open: int  # open, not yet due
    total: int

    @property
    def decided(self) -> int:
        """Promises whose on-time outcome is known (kept, kept late, or past due)."""
        return self.kept + self.kept_late + self.late + self.overdue_open

    @property
    def rate(self) -> float | None:
        return self.kept / self.decided if self.decided else None

    def summary(self) -> str:
        if not self.total:
            return "台账里还没有承诺。记下第一条吧：哪怕只是“下午三点前回电话”。"
        if self.rate is None:
            return f"共 {self.total} 条承诺，都还没到期，暂时算不出按时兑现率。"
        text = (f"按时兑现率 {self.rate:.0%}（已到期或已完成的 {self.decided} 条中，按时兑现 {self.kept} 条）。"
                f"另有 {self.open} 条未到期。")
        owed = self.late + self.overdue_open
        if owed:
            text += f"有 {owed} 条已经逾期还没兑现，请先处理它们，并主动告诉客户新的时间。"
        return text


@dataclass
class PromiseLedger:
    settings: LedgerSettings
    promises: list[Promise] = field(default_factory=list)

    # --- changes -----------------------------------------------------------------------------
    def _next_id(self) -> str:
        numbers = [int(m.group(1)) for p in self.promises if (m := _ID.match(p.id))]
        return f"P{max(numbers, default=0) + 1:03d}"

    def add(self, customer: object, what: object, due: object, category: str = "",
            today: date | None = None) -> AddResult:
        today = today or date.today()
        s = self.settings
        if len(self.promises) >= s.max_promises:
            raise LedgerError(f"台账已有 {len(self.promises)} 条承诺，达到上限 {s.max_promises} 条。"
                              "请先导出 CSV 存档，再另开一个台账文件。")
        customer_text = clean_text(customer, "客户代号", s.max_customer_chars)
        what_text = clean_text(what, "承诺内容", s.max_text_chars)
        due_date = parse_date(due, "截止日期")
        if category and category not in {c.id for c in s.categories}:
            known = "、".join(c.id for c in s.categories)
            raise LedgerError(f"没有“{category}”这个承诺类别。可选：{known}。")
        warnings: list[str] = []
        if due_date < today:
            warnings.append(f"截止日期 {due_date.isoformat()} 已经过去了。仍然记下了，它会作为逾期承诺排在最前面；"
                            "如果是补记旧承诺，请接着标记它是按时兑现还是逾期。")
        if (due_date - today).days > 3 * 365:
            warnings.append("截止日期在三年以后，请确认年份没有写错。")
        promise = Promise(self._next_id(), customer_text, what_text, due_date, "open", None, category, today)
        self.promises.append(promise)
        return AddResult(promise, tuple(warnings))

    def get(self, promise_id: str) -> Promise:
        for promise in self.promises:
            if promise.id == promise_id:
                return promise
        raise LedgerError(f"台账里没有编号为 {promise_id} 的承诺。")

    def _replace(self, new: Promise) -> Promise:
        self.promises = [new if p.id == new.id else p for p in self.promises]
        return new

    def mark_kept(self, promise_id: str, done: object = None, today: date | None = None) -> Promise:
        """Record the promise as delivered on ``done`` (default today): kept, or kept late after its due date."""
        today = today or date.today()
        promise = self.get(promise_id)
        done_date = parse_date(done, "完成日期") if done not in (None, "") else today
        if done_date > today:
            raise LedgerError(f"完成日期 {done_date.isoformat()} 还没到，不能提前记为已兑现。")
        # on time is a fact about dates: a promise first marked late but then delivered by its due date counts as kept
        status = "kept" if done_date <= promise.due else "kept-late"
        return self._replace(replace(promise, status=status, done=done_date))

    def mark_late(self, promise_id: str) -> Promise:
        """Admit the promise will not be (or was not) kept on time; it stays owed until marked kept."""
        promise = self.get(promise_id)
        if promise.status in ("kept", "kept-late"):
            raise LedgerError(f"{promise_id} 已经记为“{STATUSES[promise.status]}”，不能再标记为逾期。")
        return self._replace(replace(promise, status="late", done=None))

    def reopen(self, promise_id: str) -> Promise:
        """Undo a mark (for a mis-click)."""
        return self._replace(replace(self.get(promise_id), status="open", done=None))

    # --- views -------------------------------------------------------------------------------
    def ordered(self, today: date | None = None) -> list[Promise]:
        """Overdue first (most overdue on top), then open by due date, then done (latest first)."""
        today = today or date.today()

        def key(p: Promise) -> tuple[int, int, str]:
            if p.is_overdue(today):
                return (0, p.due.toordinal(), p.id)
            if p.status == "open":
                return (1, p.due.toordinal(), p.id)
            return (2, -(p.done or p.due).toordinal(), p.id)

        return sorted(self.promises, key=key)

    def stats(self, today: date | None = None) -> LedgerStats:
        today = today or date.today()
        ps = self.promises
        return LedgerStats(
            kept=sum(p.status == "kept" for p in ps),
            kept_late=sum(p.status == "kept-late" for p in ps),
            late=sum(p.status == "late" for p in ps),
            overdue_open=sum(p.status == "open" and p.due < today for p in ps),
            open=sum(p.status == "open" and p.due >= today for p in ps),
            total=len(ps),
        )

    # --- files -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"kind": FILE_KIND, "version": FILE_VERSION, "promises": [p.to_json() for p in self.promises]}

    def save(self, path: str | Path = DEFAULT_FILE) -> Path:
        """Save atomically with :func:`save_json`; raises :class:`StorageError` with a Chinese message."""
        return save_json(path, self.to_json())


def _promise_from_json(raw: Any, settings: LedgerSettings) -> Promise:
    if not isinstance(raw, dict):
        raise LedgerError("不是一条承诺记录。")
    pid = str(raw.get("id", ""))
    if not _ID.match(pid):
        raise LedgerError(f"编号“{pid[:20]}”不合法。")
    status = raw.get("status", "open")
    if status not in STATUSES:
        raise LedgerError(f"状态“{str(status)[:20]}”不认识。")
    done = parse_date(raw["done"], "完成日期") if raw.get("done") else None
    created = parse_date(raw["created"], "记录日期") if raw.get("created") else None
    category = str(raw.get("category") or "")
    return Promise(pid, clean_text(raw.get("customer"), "客户代号", settings.max_customer_chars),
                   clean_text(raw.get("what"), "承诺内容", settings.max_text_chars),
                   parse_date(raw.get("due"), "截止日期"), status, done, category, created)


@dataclass(frozen=True)
class LoadedLedger:
    ledger: PromiseLedger
    ok: bool
    message: str
    kept_as: Path | None = None
    file_untouched_but_unreadable: bool = False  # e.g. too big: do not overwrite it with a save


def ledger_from_json(data: Any, settings: LedgerSettings) -> tuple[PromiseLedger, list[str]]:
    """Rebuild a ledger; entries that do not validate are skipped and described in Chinese."""
    if not isinstance(data, dict) or data.get("kind") != FILE_KIND or not isinstance(data.get("promises"), list):
        raise LedgerError("这个文件不是承诺台账（缺少台账标记或承诺列表）。")
    ledger = PromiseLedger(settings)
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(data["promises"], start=1):
        try:
            promise = _promise_from_json(raw, settings)
            if promise.id in seen:
                raise LedgerError(f"编号 {promise.id} 重复。")
        except (LedgerError, TypeError, KeyError) as exc:
            problems.append(f"第 {number} 条：{exc}")
            continue
        seen.add(promise.id)
        ledger.promises.append(promise)
    return ledger, problems


def load_ledger(path: str | Path, settings: LedgerSettings) -> LoadedLedger:
    """Load a saved ledger. A missing file is an empty ledger. Reading never moves or changes the file:
    a broken one is reported (``ok=False``, ``file_untouched_but_unreadable=True``) and left in place,
    so a save must not simply overwrite it (the widget sets it aside first, see
    :func:`kosguide.core.storage.keep_aside`)."""
    path = Path(path)
    result = load_json(path, default=None)
    if not result.ok:
        return LoadedLedger(PromiseLedger(settings), False, result.message, None, path.exists())
    if result.data is None:
        return LoadedLedger(PromiseLedger(settings), True, f"还没有 {path.name}，从空白台账开始。")
    try:
        ledger, problems = ledger_from_json(result.data, settings)
    except LedgerError as exc:
        ledger, problems = PromiseLedger(settings), [f"{path.name}：{exc}"]
    if not problems:
        return LoadedLedger(ledger, True, f"已从 {path.name} 读入 {len(ledger.promises)} 条承诺。")
    shown = "；".join(problems[:3]) + ("……" if len(problems) > 3 else "")
    return LoadedLedger(
        ledger, False,
        f"{path.name} 中有 {len(problems)} 处内容无法读取（{shown}）。读入了其余 {len(ledger.promises)} 条；"
        "原文件已原样保留在原处，没有被移动或改动。", None, True,
    )


# --- CSV ---------------------------------------------------------------------------------------
def csv_cell(value: object) -> str:
    """Text for one CSV cell; a leading = + - @ (or tab/CR) gets an apostrophe so spreadsheets do not run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(ledger: PromiseLedger, today: date | None = None) -> list[list[str]]:
    today = today or date.today()
    rows = [list(CSV_HEADER)]
    for p in ledger.ordered(today):
        rows.append([csv_cell(v) for v in (
            p.id, p.customer, ledger.settings.category_label(p.category) if p.category else "", p.what,
            p.due.isoformat(), p.status_label(today), p.done.isoformat() if p.done else "",
            p.created.isoformat() if p.created else "",
        )])
    return rows


def csv_text(ledger: PromiseLedger, today: date | None = None) -> str:
    """The CSV as text (without the BOM); rows in the ledger's display order."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(ledger, today))
    return buffer.getvalue()


def csv_bytes(ledger: PromiseLedger, today: date | None = None) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to show Chinese correctly."""
    return csv_text(ledger, today).encode("utf-8-sig")


def export_csv(ledger: PromiseLedger, path: str | Path, today: date | None = None) -> Path:
    """Write the CSV atomically to ``path``; raises :class:`StorageError` in Chinese on failure."""
    return save_bytes(path, csv_bytes(ledger, today))
