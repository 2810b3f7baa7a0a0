"""ipywidgets view of the promise ledger: add promises, mark them kept or late, save, export CSV."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from pathlib import Path

import ipywidgets as w

from ...core import palette
from ...core.cards import COLORS, PRIVACY_BANNER, message_html
from ...core.data_loader import default_course_data
from ...core.storage import StorageError, keep_aside
from ...core.text import escape_html
from ..expectation.chart import ledger_chart_svg
from ..expectation.data import ExpectationConfig
from .ledger import (
    DEFAULT_FILE,
    LedgerError,
    Promise,
    PromiseLedger,
    csv_bytes,
    csv_rows,
    export_csv,
    load_ledger,
)

PREVIEW_ROWS = 12


def _today_default() -> date:
    return date.today()


class PromiseLedgerView:
    """One form to add a promise, one row per promise (overdue first) with buttons to mark it."""

    def __init__(self, config: ExpectationConfig, path: str | None = DEFAULT_FILE, *,
                 today: Callable[[], date] = _today_default, load: bool = True) -> None:
        self.config = config
        self.today = today
        self.ledger = PromiseLedger(config.ledger)
        self.autosave_blocked = False
        self.unreadable_file: Path | None = None
        self.customer = w.Text(description="客户代号", placeholder="例如：客户 A", style={"description_width": "6em"})
        self.category = w.Dropdown(description="类别", style={"description_width": "6em"},
                                   options=[(c.label, c.id) for c in config.ledger.categories])
        self.what = w.Textarea(description="承诺内容", placeholder="例如：明天下午三点前回电话，告诉对方审核进度",
                               style={"description_width": "6em"}, layout=w.Layout(width="520px", height="60px"))
        self.due = w.Text(description="截止日期", placeholder="2025-08-01", style={"description_width": "6em"})
        self.add_button = w.Button(description="记下这条承诺", button_style="primary", icon="plus",
                                   tooltip="把这条承诺加入台账")
        self.form_message = w.HTML()
        self.stats = w.HTML()
        self.chart = w.HTML()
        self.rows = w.VBox()
        self.file = w.Text(value=path or "", description="台账文件", style={"description_width": "6em"},
                           layout=w.Layout(width="420px"))
        self.save_button = w.Button(description="保存", icon="save", tooltip="保存到本机文件")
        self.load_button = w.Button(description="重新读入", icon="folder-open", tooltip="从本机文件读入台账")
        self.csv_file = w.Text(value=(path or "promises.kosguide.json").replace(".kosguide.json", "") + ".csv",
                               description="CSV 文件", style={"description_width": "6em"},
                               layout=w.Layout(width="420px"))
        self.export_button = w.Button(description="导出 CSV", icon="download", tooltip="导出为表格文件")
        self.file_message = w.HTML()
        self.csv_preview = w.HTML()
        self.add_button.on_click(lambda _b: self.add())
        self.save_button.on_click(lambda _b: self.save())
        self.load_button.on_click(lambda _b: self.load())
        self.export_button.on_click(lambda _b: self.export())
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER + "客户请用代号，不要写真实姓名或公司名。", "muted")),
            w.HTML("<h3>承诺台账</h3>"),
            self.customer, self.category, self.what, self.due, self.add_button, self.form_message,
            self.stats, self.chart, w.HTML("<b>我的承诺</b>（已逾期的排在最前面）"), self.rows,
            w.HBox([self.file, self.save_button, self.load_button]),
            w.HBox([self.csv_file, self.export_button]), self.file_message, self.csv_preview,
        ])
        if load and path:
            self.load()
        else:
            self.refresh()

    # --- actions -----------------------------------------------------------------------------
    def add(self) -> None:
        try:
            result = self.ledger.add(self.customer.value, self.what.value, self.due.value, self.category.value,
                                     today=self.today())
        except LedgerError as exc:
            self.form_message.value = message_html(str(exc), "bad")
            return
        text = f"已记下 {result.promise.id}。"
        self.form_message.value = message_html(" ".join([text, *result.warnings]),
                                               "bad" if result.warnings else "ok")
        self.what.value = ""
        self.due.value = ""
        self._changed()

    def mark(self, promise_id: str, kept: bool) -> None:
        try:
            if kept:
                self.ledger.mark_kept(promise_id, today=self.today())
            else:
                self.ledger.mark_late(promise_id)
        except LedgerError as exc:
            self.form_message.value = message_html(str(exc), "bad")
            return
        promise = self.ledger.get(promise_id)
        self.form_message.value = message_html(f"{promise_id} 已标记为“{promise.status_label(self.today())}”。", "ok")
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        if self.file.value.strip() and not self.autosave_blocked:
            self.save(auto=True)

    def save(self, auto: bool = False) -> None:
        target = self.file.value.strip()
        if not target:
            self.file_message.value = message_html("请先填写台账文件名，例如 promises.kosguide.json。", "bad")
            return
        if not target.endswith(".kosguide.json"):
            self.file_message.value = message_html(
                "文件名请以 .kosguide.json 结尾，这样它不会被误提交到 git。", "bad")
            return
        kept_note = ""
        try:
            if self.unreadable_file is not None and Path(target) == self.unreadable_file and Path(target).is_file():
                # the learner chose to save over the file that could not be read in full: keep its bytes
                kept_note = f"原来那个没能完整读入的文件已原样另存为 {keep_aside(Path(target)).name}。"
            saved = self.ledger.save(target)
        except (StorageError, OSError) as exc:
            self.file_message.value = message_html(str(exc), "bad")
            return
        self.autosave_blocked = False
        self.unreadable_file = None
        prefix = "已自动保存到" if auto else "已保存到"
        count = len(self.ledger.promises)
        self.file_message.value = message_html(f"{prefix}本机文件 {saved.name}（{count} 条）。{kept_note}", "ok")

    def load(self) -> None:
        target = self.file.value.strip()
        if not target:
            self.file_message.value = message_html("请先填写台账文件名。", "bad")
            return
        loaded = load_ledger(target, self.config.ledger)
        self.ledger = loaded.ledger
        # a file that could not be read but is still in place (e.g. too big) must not be overwritten by autosave
        self.autosave_blocked = loaded.file_untouched_but_unreadable
        self.unreadable_file = Path(target) if self.autosave_blocked else None
        note = ("（为保护原文件，自动保存已暂停。换一个文件名再点“保存”；或者直接点“保存”，"
                "原文件会先原样另存为 *.corrupt-… 再保存。）") if self.autosave_blocked else ""
        self.file_message.value = message_html(loaded.message + note, "ok" if loaded.ok else "bad")
        self.refresh()

    def export(self) -> None:
        target = self.csv_file.value.strip()
        if not target.lower().endswith(".csv"):
            self.file_message.value = message_html("CSV 文件名请以 .csv 结尾。", "bad")
            return
        today = self.today()
        try:
            saved = export_csv(self.ledger, target, today)
        except StorageError as exc:
            self.file_message.value = message_html(str(exc), "bad")
            return
        self.file_message.value = message_html(
            f"已导出到本机文件 {saved.name}，共 {len(self.ledger.promises)} 条，可以用 Excel 或 WPS 打开。"
            "它含有客户代号和承诺内容，请像对待客户资料一样保管。", "ok")
        self.csv_preview.value = self._preview_html(today, saved.name)

    # --- display -----------------------------------------------------------------------------
    def _preview_html(self, today: date, name: str) -> str:
        rows = csv_rows(self.ledger, today)
        head = "".join(f'<th style="text-align:left;padding:2px 8px">{escape_html(c)}</th>' for c in rows[0])
        body = "".join(
            "<tr>" + "".join(f'<td style="padding:2px 8px">{escape_html(c)}</td>' for c in row) + "</tr>"
            for row in rows[1:PREVIEW_ROWS + 1]
        )
        more = f"<div>……另有 {len(rows) - 1 - PREVIEW_ROWS} 条</div>" if len(rows) - 1 > PREVIEW_ROWS else ""
        data = base64.b64encode(csv_bytes(self.ledger, today)).decode("ascii")
        link = (f'<a download="{escape_html(name)}" href="data:text/csv;charset=utf-8;base64,{data}">'
                f"下载 {escape_html(name)}</a>")
        return (f'<div style="margin-top:6px"><b>CSV 预览</b> · {link}'
                f'<table style="border-collapse:collapse;font-size:90%"><tr>{head}</tr>{body}</table>{more}</div>')

    def _row(self, promise: Promise, today: date) -> w.HBox:
        overdue = promise.is_overdue(today)
        color = COLORS["bad"] if overdue else COLORS["ok"] if promise.status in ("kept", "kept-late") else palette.INK
        category = self.config.ledger.category_label(promise.category) if promise.category else ""
        extra = f"，逾期 {promise.days_overdue(today)} 天" if overdue and promise.days_overdue(today) else ""
        done = f"，完成于 {promise.done.isoformat()}" if promise.done else ""
        html = (f'<div style="color:{color}"><b>{escape_html(promise.id)}</b> · {escape_html(promise.customer)}'
                f"{' · ' + escape_html(category) if category else ''} · 截止 {promise.due.isoformat()} · "
                f"<b>{escape_html(promise.status_label(today))}</b>{escape_html(extra + done)}<br>"
                f"{escape_html(promise.what)}</div>")
        buttons: list[w.Widget] = []
        if promise.status not in ("kept", "kept-late"):
            kept = w.Button(description="已兑现", icon="check", tooltip=f"把 {promise.id} 记为今天已兑现",
                            layout=w.Layout(width="auto"))
            kept.on_click(lambda _b, pid=promise.id: self.mark(pid, True))
            buttons.append(kept)
        if promise.status == "open":
            late = w.Button(description="标记逾期", icon="clock-o", tooltip=f"承认 {promise.id} 没能按时兑现",
                            layout=w.Layout(width="auto"))
            late.on_click(lambda _b, pid=promise.id: self.mark(pid, False))
            buttons.append(late)
        return w.HBox([w.HTML(html, layout=w.Layout(width="560px")), *buttons],
                      layout=w.Layout(border_bottom=f"1px solid {COLORS['border']}", padding="4px 0"))

    def refresh(self) -> None:
        today = self.today()
        stats = self.ledger.stats(today)
        owed = stats.late + stats.overdue_open
        self.stats.value = message_html(stats.summary(), "bad" if owed else "info")
        self.chart.value = ledger_chart_svg(stats)._repr_html_() if stats.total else ""
        self.rows.children = tuple(self._row(p, today) for p in self.ledger.ordered(today))


def show_promise_ledger(path: str | None = DEFAULT_FILE, config_id: str = "default") -> w.VBox:
    """Display the promise ledger saved in ``path`` (a local ``.kosguide.json`` file) and return its widget."""
    view = PromiseLedgerView(default_course_data().get("expectation", config_id), path)
    return view.widget
