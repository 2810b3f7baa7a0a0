"""ipywidgets view of the learner's anonymous results export (privacy first, preview before saving)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.storage import StorageError
from ...core.text import escape_html
from .results import (
    MAX_LEARNER_CHARS,
    REFUSAL_KEYS,
    ResultsError,
    collect,
    display_names,
    results_filename,
    save_results,
)

INCLUDED = (
    "性格小测的结果：模式（自评或观察客户）、结论状态、类型编号和两个分数；不含你给的代号。",
    "每份客户画像支撑到的阶段编号（例如“老师”）；画像里的任何内容、客户代号都不导出。",
    "记录过的拒绝话术练习：情境编号和五项判断的对错；你写的话一个字也不导出。",
    "知识检查：每套题的总题数、第一次就答对的题数、第一次答错的题号。",
)
EXCLUDED = (
    "你的真实姓名、客户的名字或代号、画像内容、话术原文、任何自由填写的文字。",
)

_STATUS = {"clear": "倾向明显", "between": "介于两种类型之间", "center": "看不出明显倾向", "insufficient": "无法下结论"}
_KEYS = {"empathy": "共情", "principle": "原则", "alternative": "替代", "harsh": "生硬", "overpromise": "过度承诺"}


def explanation_html() -> str:
    included = "".join(f"<li>{escape_html(t)}</li>" for t in INCLUDED)
    excluded = "".join(f"<li>{escape_html(t)}</li>" for t in EXCLUDED)
    body = (f"<div>导出文件只保存在你自己的电脑或浏览器里。要不要交给讲师、交给谁，由你决定。</div>"
            f"<div style='margin-top:6px'><b>会导出：</b><ul>{included}</ul></div>"
            f"<div><b style='color:{COLORS['bad']}'>不会导出：</b><ul>{excluded}</ul></div>")
    return card_html("导出匿名练习结果：先看清楚导出什么", body)


def _temperament_text(item: dict[str, Any]) -> str:
    mode = "自评" if item["mode"] == "self" else "观察客户"
    names = display_names()["types"]
    types = "、".join(names.get(t, t) for t in item["types"])
    status = _STATUS.get(item["status"], item["status"])
    return f"{mode}：{types or status}（{status}；理性 {item['style']}，率直 {item['action']}）"


def _refusal_text(item: dict[str, Any]) -> str:
    scenario = display_names()["scenarios"].get(item["scenario"], item["scenario"])
    marks = "，".join(f"{_KEYS[k]}{'✓' if item[k] else '✗'}" for k in REFUSAL_KEYS)
    return f"{scenario}：{marks}"


def preview_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Plain-text rows (field, what will be exported) describing every value in ``data``."""
    rows = [("学员代号", data["learner"] or "（不填）"), ("导出日期", data["exported"])]
    rows += [("性格小测", _temperament_text(t)) for t in data["temperament"]] or [("性格小测", "（没有保存的结果）")]
    stages = data["profile_stages"]
    names = display_names()["stages"]
    rows.append(("客户画像阶段", "、".join(names.get(s, s) for s in stages) if stages
                 else "（没有保存的画像）"))
    rows += [("拒绝练习", _refusal_text(r)) for r in data["refusal"]] or [("拒绝练习", "（没有记录）")]
    checks = data["knowledge_checks"]
    rows += [("知识检查", f"{cid}：共 {c['total']} 题，第一次答对 {c['correct_first_try']} 题"
              + (f"，第一次答错：{'、'.join(c['missed_first_try'])}" if c["missed_first_try"] else ""))
             for cid, c in checks.items()] or [("知识检查", "（没有记录）")]
    return rows


def preview_html(data: dict[str, Any]) -> str:
    cells = "".join(
        f"<tr><th style='text-align:left;padding:2px 10px 2px 0;vertical-align:top'>{escape_html(k)}</th>"
        f"<td style='padding:2px 0'>{escape_html(v)}</td></tr>" for k, v in preview_rows(data))
    raw = escape_html(json.dumps(data, ensure_ascii=False, indent=1))
    return (f"<table>{cells}</table><details><summary>查看将要保存的原始 JSON</summary>"
            f"<pre style='white-space:pre-wrap'>{raw}</pre></details>")


class ResultsExportView:
    """Explanation, learner-code box, live preview, and a save button that writes locally."""

    def __init__(self, folder: str | Path = ".") -> None:
        self.folder = Path(folder)
        self.code = w.Text(placeholder="例如：学员 07（可不填）", description="学员代号",
                           style={"description_width": "initial"})
        self.code_hint = w.HTML(message_html(
            f"学员代号必须是匿名代号，最多 {MAX_LEARNER_CHARS} 个字符，至少含一个数字；"
            "不要写真实姓名、手机号或邮箱。", "muted"))
        self.refresh_button = w.Button(description="刷新预览", icon="refresh", tooltip="重新读取本机保存的练习结果")
        self.save_button = w.Button(description="保存导出文件", button_style="primary", icon="save",
                                    tooltip="把上面预览的内容保存为本机文件")
        self.preview = w.HTML()
        self.status = w.HTML()
        self.data: dict[str, Any] | None = None
        self.code.observe(lambda _: self.refresh(), names="value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.save_button.on_click(lambda _: self.save())
        self.refresh()
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER, "muted")), w.HTML(explanation_html()),
            self.code, self.code_hint, w.HTML("<b>预览：下表就是将要导出的全部内容</b>"), self.preview,
            w.HBox([self.refresh_button, self.save_button]), self.status,
        ])

    def refresh(self) -> dict[str, Any] | None:
        try:
            collected = collect(self.folder, self.code.value)
        except ResultsError as exc:
            self.data = None
            self.preview.value = message_html(str(exc), "bad")
            self.save_button.disabled = True
            return None
        self.data = collected.data
        self.save_button.disabled = False
        notes = "".join(message_html(n, "bad") for n in collected.notes)
        self.preview.value = preview_html(self.data) + notes
        self.status.value = ""
        return self.data

    def save(self) -> Path | None:
        data = self.refresh()
        if data is None:
            self.status.value = message_html("学员代号需要先改好，才能保存。", "bad")
            return None
        try:
            path = save_results(data, self.folder)
        except (StorageError, ResultsError) as exc:
            self.status.value = message_html(str(exc), "bad")
            return None
        self.status.value = message_html(
            f"已保存到本机文件：{path}（文件名 {results_filename(data['learner'])}）。"
            "它只在你的电脑或浏览器里；如果讲师需要，请你自己把这个文件交给讲师。", "ok")
        return path


def show_results_export(folder: str | Path = ".") -> w.VBox:
    """Display the results export for the tools' files saved in ``folder`` and return its widget."""
    return ResultsExportView(folder).widget
