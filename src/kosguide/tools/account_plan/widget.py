"""ipywidgets view of the account-plan builder (chapter 8). Logic: :mod:`kosguide.account_plan`.

A form with the key facts of each section, buttons that fill a section from the files the other
tools save (profiles, personality results, the promise ledger), and buttons that write the plan as
printable HTML or Markdown next to the notebook.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from ...core.cards import PRIVACY_BANNER, message_html
from ...core.data_loader import default_course_data
from ...core.storage import StorageError, save_json
from ...core.text import escape_html
from ..journey.planner import load_journey, stage_label
from ..ledger.ledger import DEFAULT_FILE, PromiseLedger, load_ledger
from ..personality.scoring import RESULTS_FILE, SavedResult, load_quiz, load_results
from ..profile.profile import DEFAULT_FOLDER, default_schema, list_profiles, load_profile
from .plan import (
    AccountPlan,
    PlanFactsError,
    account_plan_fragment,
    account_plan_markdown,
    plan_filename,
    plan_from_facts,
    save_plan,
)

STYLE = {"description_width": "10em"}
WIDE = w.Layout(width="95%")
FACTS_FILE = "account-plan.kosguide.json"


def _title(text: str) -> w.HTML:
    return w.HTML(f"<h4 style='margin:10px 0 2px'>{escape_html(text)}</h4>")


class AccountPlanBuilderView:
    """Key facts per section → 生成客户经营计划 → preview, Markdown to copy, saved HTML/Markdown files."""

    def __init__(self, *, profiles_folder: str | Path = DEFAULT_FOLDER, results_path: str | Path = RESULTS_FILE,
                 ledger_path: str | Path = DEFAULT_FILE, out_folder: str | Path = ".",
                 today: date | None = None) -> None:
        self.data = default_course_data()
        self.schema = default_schema()
        self.profiles_folder, self.results_path = Path(profiles_folder), Path(results_path)
        self.out_folder = Path(out_folder)
        self.fixed_today = today
        self.profile_values: dict[str, str] = {}
        self.saved_personality: SavedResult | None = None
        self.loaded_ledger: PromiseLedger | None = None
        self.plan: AccountPlan | None = None
        _, types = load_quiz(self.data)
        journey = load_journey(self.data)

        self.customer = w.Text(description="客户代号", placeholder="例如：客户 L（不要写真实名称）", style=STYLE)
        self.today = w.Text(value=(today or date.today()).isoformat(), description="计划日期", style=STYLE)
        # profile: the core fields of the sections a default export shows
        self.profile_saved = w.Dropdown(description="已保存的画像", options=[("（未选择）", "")], style=STYLE)
        self.profile_button = w.Button(description="从保存的画像读入", icon="folder-open")
        self.profile_fields: dict[str, w.Widget] = {}
        for section in self.schema.sections:
            if section.hidden_by_default:
                continue
            for item in section.core_fields:
                if item.type == "choice":
                    control: w.Widget = w.Dropdown(options=[("（未填）", ""), *[(c, c) for c in item.choices]],
                                                   description=item.label, style=STYLE)
                else:
                    control = w.Text(description=item.label, placeholder=item.help, style=STYLE, layout=WIDE)
                self.profile_fields[item.key] = control
        self.profile_note = w.HTML()
        # personality
        self.personality_saved = w.Dropdown(description="已保存的观察", options=[("（未选择）", "")], style=STYLE)
        self.personality_button = w.Button(description="从性格小测结果读入", icon="folder-open")
        self.personality_type = w.Dropdown(description="我的判断", style=STYLE,
                                           options=[("（还没判断）", ""), *[(t.name, t.id) for t in types]])
        self.personality_basis = w.Text(description="依据（看到的行为）", style=STYLE, layout=WIDE)
        # journey
        self.journey_stage = w.Dropdown(description="旅程阶段", style=STYLE,
                                        options=[("（未选择）", ""), *[(stage_label(s), s.id) for s in journey.stages]])
        self.journey_start = w.Text(description="开始日期", placeholder="例如：2027-01-12", style=STYLE)
        self.trust_boxes = {f.id: w.Checkbox(description=f"已做到：{f.name}", indent=False) for f in journey.factors}
        # promises
        self.ledger_file = w.Text(value=str(ledger_path), description="承诺台账文件", style=STYLE,
                                  layout=w.Layout(width="420px"))
        self.ledger_button = w.Button(description="从承诺台账读入", icon="folder-open")
        self.promises = w.Textarea(description="承诺（每行一条）", style=STYLE,
                                   layout=w.Layout(width="95%", height="70px"),
                                   placeholder="截止日期｜内容｜状态｜完成日期，例如：2027-01-15｜发送询盘回复模板｜进行中")
        # renewal
        self.renewal_results = w.Text(description="过去各期结果", placeholder="例如：4, 6, 5, 7", style=STYLE)
        self.renewal_current = w.Text(description="本期结果（可不填）", style=STYLE)
        self.renewal_unit = w.Text(value="单", description="单位", style=STYLE)
        # boundaries
        self.welcome = w.Textarea(description="欢迎语", style=STYLE, layout=w.Layout(width="95%", height="70px"),
                                  placeholder="把第 7 章生成并检查过的欢迎语粘贴到这里")
        self.refusal_request = w.Text(description="预计的越界请求", style=STYLE, layout=WIDE,
                                      placeholder="例如：续费要朋友价")
        self.refusal = w.Textarea(description="拒绝话术", style=STYLE, layout=w.Layout(width="95%", height="70px"),
                                  placeholder="三步：理解与共情、讲原则和理由、给出权限内的替代方案")
        # risks
        self.risks = w.Textarea(description="我看到的风险（每行一条）", style=STYLE,
                                layout=w.Layout(width="95%", height="55px"))
        self.review_date = w.Text(description="下次复盘日期", placeholder="不填就是 30 天后", style=STYLE)
        # actions
        self.build_button = w.Button(description="生成客户经营计划", button_style="primary", icon="file-text")
        self.html_button = w.Button(description="保存为 HTML（可打印）", icon="print")
        self.md_button = w.Button(description="保存 Markdown", icon="download")
        self.facts_button = w.Button(description="保存填写内容", icon="save", tooltip=f"保存到 {FACTS_FILE}")
        self.status = w.HTML()
        self.preview = w.HTML()
        self.markdown = w.Textarea(description="Markdown", layout=w.Layout(width="95%", height="160px"),
                                   style={"description_width": "initial"})

        self.profile_button.on_click(lambda _b: self.load_profile())
        self.personality_button.on_click(lambda _b: self.load_personality())
        self.ledger_button.on_click(lambda _b: self.load_ledger())
        self.build_button.on_click(lambda _b: self.build())
        self.html_button.on_click(lambda _b: self.save("html"))
        self.md_button.on_click(lambda _b: self.save("md"))
        self.facts_button.on_click(lambda _b: self.save_facts())
        self.refresh_saved()
        self.widget = w.VBox([
            w.HTML(message_html(PRIVACY_BANNER + "客户一律用代号。", "muted")),
            self.customer, self.today,
            _title("1 客户与阶段（第 3 章）"), w.HBox([self.profile_saved, self.profile_button]),
            *self.profile_fields.values(), self.profile_note,
            _title("2 性格与沟通方式（第 4 章）"), w.HBox([self.personality_saved, self.personality_button]),
            self.personality_type, self.personality_basis,
            _title("3 客户旅程（第 2 章）"), self.journey_stage, self.journey_start,
            w.HBox(list(self.trust_boxes.values())),
            _title("4 承诺台账（第 6 章）"), w.HBox([self.ledger_file, self.ledger_button]), self.promises,
            _title("5 期望与续约（第 5 章）"), self.renewal_results, self.renewal_current, self.renewal_unit,
            _title("6 边界（第 7 章）"), self.welcome, self.refusal_request, self.refusal,
            _title("7 风险与复盘"), self.risks, self.review_date,
            w.HBox([self.build_button, self.html_button, self.md_button, self.facts_button]),
            self.status, self.preview, self.markdown,
        ])

    # --- saved files from the other tools ----------------------------------------------------------
    def refresh_saved(self) -> None:
        found, _ = list_profiles(self.profiles_folder, self.schema)
        self.profile_saved.options = [("（未选择）", ""), *[(name, str(path)) for name, path in found]]
        results, _ = load_results(self.results_path)
        self.saved_results = [r for r in results if r.mode == "customer"]
        self.personality_saved.options = [("（未选择）", ""),
                                          *[(r.name, str(n)) for n, r in enumerate(self.saved_results)]]

    def load_profile(self) -> None:
        if not self.profile_saved.value:
            self.refresh_saved()
            self.status.value = message_html(
                f"先在下拉框里选一位客户。画像构建器把画像保存在“{self.profiles_folder}”文件夹里"
                + ("；那里还没有画像。" if len(self.profile_saved.options) <= 1 else "。"), "info")
            return
        loaded = load_profile(self.profile_saved.value, self.schema)
        if loaded.profile is None:
            self.status.value = message_html("；".join(loaded.messages), "bad")
            return
        self.profile_values = dict(loaded.profile.values)
        for key, control in self.profile_fields.items():
            control.value = self.profile_values.get(key, "")
        if not self.customer.value.strip():
            self.customer.value = loaded.profile.code_name
        hidden = len(set(self.profile_values) - set(self.profile_fields))
        self.profile_note.value = message_html(
            f"已读入“{loaded.profile.code_name}”的画像。另有 {hidden} 个字段没有显示在这里，"
            "但会用来评估阶段；计划里只写阶段和下一步，不写画像内容。", "ok")
        self.status.value = "".join(message_html(m, "info") for m in loaded.messages)

    def load_personality(self) -> None:
        self.refresh_saved()
        if not self.saved_results:
            self.status.value = message_html(f"在 {self.results_path.name} 里没有找到“观察客户”模式的结果。"
                                             "先用第 4 章的性格小测观察这位客户并保存。", "info")
            return
        index = int(self.personality_saved.value) if self.personality_saved.value else 0
        chosen = self.saved_results[index]
        self.saved_personality = chosen
        self.personality_type.value = chosen.types[0] if len(chosen.types) == 1 else ""
        self.status.value = message_html(f"已读入对“{chosen.name}”的观察结果。", "ok")

    def load_ledger(self) -> None:
        settings = self.data.get("expectation", "default").ledger
        loaded = load_ledger(self.ledger_file.value.strip() or DEFAULT_FILE, settings)
        self.loaded_ledger = loaded.ledger if loaded.ledger.promises else None
        self.status.value = message_html(loaded.message, "ok" if loaded.ok else "bad")

    # --- plan --------------------------------------------------------------------------------------
    def facts(self) -> dict[str, Any]:
        """The form as the facts dictionary ``plan_from_facts`` and ``kosguide plan build`` read."""
        values = dict(self.profile_values)
        for key, control in self.profile_fields.items():
            if str(control.value).strip():
                values[key] = str(control.value)
            else:
                values.pop(key, None)
        facts: dict[str, Any] = {"kind": "kosguide-account-plan", "version": 1, "customer": self.customer.value,
                                 "today": self.today.value, "review_date": self.review_date.value,
                                 "profile": values, "welcome": self.welcome.value,
                                 "refusal": ({"request": self.refusal_request.value, "message": self.refusal.value}
                                             if self.refusal.value.strip() else None),
                                 "risks": [r for r in self.risks.value.splitlines() if r.strip()]}
        if self.personality_type.value and self.saved_personality is None:
            facts["personality"] = {"types": [self.personality_type.value], "basis": self.personality_basis.value}
        if self.journey_stage.value:
            facts["journey"] = {"stage": self.journey_stage.value, "start": self.journey_start.value,
                                "trust": [k for k, box in self.trust_boxes.items() if box.value]}
        if self.promises.value.strip():
            facts["promises"] = self.promises.value
        if self.renewal_results.value.strip():
            facts["renewal"] = {"results": self.renewal_results.value, "current": self.renewal_current.value,
                                "unit": self.renewal_unit.value}
        return facts

    def build(self) -> AccountPlan | None:
        personality = self.saved_personality
        if personality is not None and self.personality_type.value and \
                (len(personality.types) != 1 or personality.types[0] != self.personality_type.value):
            personality = None  # the learner changed their judgement after loading
        try:
            plan = plan_from_facts(self.facts(), today=self.fixed_today, data=self.data,
                                   ledger=self.loaded_ledger, personality=personality)
        except PlanFactsError as exc:
            self.status.value = message_html(f"{exc}\n你填写的内容都还在，改好后再点“生成客户经营计划”。", "bad")
            return None
        self.plan = plan
        self.preview.value = account_plan_fragment(plan, self.data)
        self.markdown.value = account_plan_markdown(plan, self.data)
        note = (f"客户经营计划已生成。有 {len(plan.problems)} 处填写的内容没能用上，见计划里的红色提示。"
                if plan.problems else "客户经营计划已生成。可以复制下面的 Markdown，或保存为可打印的 HTML。")
        self.status.value = message_html(note, "info" if plan.problems else "ok")
        return plan

    def save(self, kind: str) -> Path | None:
        plan = self.build()
        if plan is None:
            return None
        target = self.out_folder / plan_filename(plan.customer, ".html" if kind == "html" else ".md")
        try:
            path = save_plan(plan, target, kind, self.data)
        except StorageError as exc:
            self.status.value = message_html(str(exc), "bad")
            return None
        tip = "用浏览器打开它，按 Ctrl+P（Mac 上 ⌘+P）即可打印成一页 A4。" if kind == "html" else ""
        self.status.value = message_html(f"已保存到本机文件：{path.resolve()}。{tip}", "ok")
        return path

    def save_facts(self) -> Path | None:
        try:
            path = save_json(self.out_folder / FACTS_FILE, self.facts())
        except StorageError as exc:
            self.status.value = message_html(str(exc), "bad")
            return None
        self.status.value = message_html(f"填写内容已保存到 {path.resolve()}。"
                                         f"也可以在命令行运行：kosguide plan build {path.name} --html 计划.html", "ok")
        return path


def show_account_plan_builder(**options: Any) -> w.VBox:
    """Display the account-plan builder and return its widget."""
    return AccountPlanBuilderView(**options).widget
