"""ipywidgets view of the customer-profile builder: one tab per section, a live stage ladder.

All logic lives in :mod:`kosguide.customer_profile`; this module only wires controls to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w

from ...core.cards import COLORS, PRIVACY_BANNER, card_html, message_html
from ...core.display import Html
from ...core.storage import StorageError, save_json
from ...core.text import escape_html
from .chart import profile_chart_svg
from .data import ProfileField, ProfileSection
from .profile import (
    DEFAULT_FOLDER,
    Assessment,
    Profile,
    ProfileSchema,
    assess,
    default_schema,
    export_dict,
    export_html,
    export_markdown,
    list_profiles,
    load_profile,
    profile_filename,
    save_profile,
    sensitivity_label,
    validate_code_name,
)

NO_CHOICE = "（未选择）"
SENSITIVITY_COLORS = {"ordinary": COLORS["muted"], "internal": COLORS["info"], "confidential": COLORS["bad"]}


def assessment_html(assessment: Assessment) -> str:
    """The assessment card; every string is escaped (the code name is learner text)."""
    parts = [f'<div style="font-weight:600">{escape_html(assessment.headline)}</div>',
             f'<div role="note" style="color:{COLORS["bad"]};margin:4px 0">⚠ {escape_html(assessment.note)}</div>']
    if assessment.stage is not None:
        stage = assessment.stage
        parts.append(f"<div><b>角色</b>：{escape_html(stage.role)}</div>"
                     f"<div><b>公式</b>：{escape_html(stage.formula)}（{escape_html(stage.wins)}）</div>"
                     f"<div><b>供方位置</b>：{escape_html(stage.supplier_position)}</div>")
        if stage.note:
            parts.append(f'<div style="color:{COLORS["muted"]}"><b>说明</b>：{escape_html(stage.note)}</div>')
    if assessment.next_stage is None:
        parts.append("<div>四个阶段所需的信息都已具备：接下来是持续维护、随时更新。</div>")
    else:
        items = "".join(f"<li>{escape_html(s.name)}：{escape_html('、'.join(f.label for f in fs))}</li>"
                        for s, fs in assessment.missing)
        parts.append(f"<div><b>要支撑“{escape_html(assessment.next_stage.name)}”阶段，还缺</b>：<ul>{items}</ul></div>")
    if assessment.ahead:
        names = "、".join(s.name for s in assessment.ahead)
        parts.append(f"<div>你已经记下了{escape_html(names)}的一部分，但更浅阶段的信息还不全，先补前面的板块。</div>")
    actions = "".join(f"<li>{escape_html(a)}</li>" for a in assessment.actions)
    where = f"“{assessment.stage.name}”阶段" if assessment.stage else "走向“医生”阶段"
    parts.append(f"<div><b>{escape_html(where)}的下一步行动</b>：<ol>{actions}</ol></div>")
    title = f"阶段评估 · {assessment.code_name}" if assessment.code_name else "阶段评估"
    return card_html(title, "".join(parts))


class ProfileBuilderView:
    """The builder. ``folder`` is where customers are saved (one ``.kosguide.json`` file each)."""

    def __init__(self, schema: ProfileSchema | None = None, folder: str | Path = DEFAULT_FOLDER,
                 profile: Profile | None = None) -> None:
        self.schema = schema or default_schema()
        self.folder = Path(folder)
        self.profile = profile or Profile("")
        self.controls: dict[str, w.ValueWidget] = {}
        self.field_messages: dict[str, w.HTML] = {}
        self._loading = False
        self.invalid: set[str] = set()

        self.banner = w.HTML(message_html(PRIVACY_BANNER + "提到客户时只用代号。", "info"))
        self.code_name = w.Text(value=self.profile.code_name, description="客户代号",
                                placeholder="例如：客户 A（不要用真实姓名或公司名）",
                                layout=w.Layout(width="420px"))
        self.code_message = w.HTML()
        self.code_name.observe(self._on_code_name, names="value")

        self.tabs = w.Tab(children=[self._section_box(s) for s in self.schema.sections])
        for index, section in enumerate(self.schema.sections):
            self.tabs.set_title(index, section.name + ("" if section.name_in_source else "*"))

        self.chart = w.HTML()
        self.assessment = w.HTML()
        self.status = w.HTML()

        self.save_button = w.Button(description="保存", icon="save", button_style="primary",
                                    tooltip="把这位客户保存到本机")
        self.saved = w.Dropdown(options=[], description="已保存", layout=w.Layout(width="320px"))
        self.load_button = w.Button(description="载入", icon="folder-open", tooltip="载入选中的客户")
        self.refresh_button = w.Button(description="刷新列表", icon="refresh", tooltip="重新列出已保存的客户")
        self.reveal = w.Checkbox(value=False, description="包含敏感信息", indent=False,
                                 tooltip="勾选后，导出会包含深度信息、扩展信息和保密字段")
        self.md_button = w.Button(description="导出 Markdown", icon="file-text")
        self.json_button = w.Button(description="导出 JSON", icon="download")
        self.export_text = w.Textarea(value="", layout=w.Layout(width="100%", height="220px"),
                                      placeholder="导出的内容会显示在这里，可以全选复制。")
        self.export_preview = w.HTML()

        self.save_button.on_click(self._on_save)
        self.load_button.on_click(self._on_load)
        self.refresh_button.on_click(lambda _: self.refresh_saved())
        self.md_button.on_click(self._on_markdown)
        self.json_button.on_click(self._on_json)

        self.widget = w.VBox([
            self.banner,
            w.HTML("<h3>客户画像构建器</h3><div>逐个板块填写；带 * 的板块名称是课程根据来源推断的。"
                   "填写时，右边的阶梯和评估会随时更新。</div>"),
            w.HBox([self.code_name]), self.code_message,
            self.tabs,
            self.chart, self.assessment,
            w.HBox([self.save_button, self.saved, self.load_button, self.refresh_button]),
            w.HBox([self.reveal, self.md_button, self.json_button]),
            self.status, self.export_preview, self.export_text,
        ])
        self.refresh_saved()
        self.update()

    # ----------------------------------------------------------------------------- building
    def _section_box(self, section: ProfileSection) -> w.VBox:
        intro = section.summary + ("" if section.name_in_source else "（这一节的名称是课程推断的。）")
        rows: list[w.Widget] = [w.HTML(f'<div style="color:{COLORS["muted"]}">{escape_html(intro)}</div>')]
        for item in section.fields:
            rows.extend(self._field_row(section, item))
        return w.VBox(rows)

    def _field_row(self, section: ProfileSection, item: ProfileField) -> list[w.Widget]:
        value = self.profile.values.get(item.key, "")
        layout = w.Layout(width="95%")
        if item.type == "multiline":
            control: w.ValueWidget = w.Textarea(value=value, layout=w.Layout(width="95%", height="64px"))
        elif item.type == "choice":
            control = w.Dropdown(options=[(NO_CHOICE, ""), *[(c, c) for c in item.choices]],
                                 value=value if value in item.choices else "", layout=w.Layout(width="320px"))
        else:
            placeholder = {"date": "例如 2026-03-15", "number": "填数字，例如 120"}.get(item.type, "")
            control = w.Text(value=value, placeholder=placeholder, layout=layout)
        hidden = self.schema.is_hidden(section, item)
        color = SENSITIVITY_COLORS[item.sensitivity]
        badge = f'<span style="color:{color};font-size:90%">［{sensitivity_label(item)}'
        badge += "，默认不导出］</span>" if hidden else "］</span>"
        core = "<b>（核心）</b>" if item.core else ""
        label = w.HTML(f"<div style=\"margin-top:6px\"><b>{escape_html(item.label)}</b>{core} {badge}"
                       f'<div style="color:{COLORS["muted"]};font-size:90%">{escape_html(item.help)}</div></div>')
        message = w.HTML()
        control.observe(lambda change, it=item: self._on_value(it, change["new"]), names="value")
        self.controls[item.key] = control
        self.field_messages[item.key] = message
        return [label, control, message]

    # ------------------------------------------------------------------------------ updates
    def _on_code_name(self, change: dict[str, object]) -> None:
        check = validate_code_name(change["new"])
        if check.ok:
            self.profile.code_name = check.value
            self.code_message.value = message_html(check.note, "info") if check.note else ""
        else:
            self.code_message.value = message_html(check.error, "bad")
        self.update()

    def _on_value(self, item: ProfileField, value: object) -> None:
        if self._loading:
            return
        check = self.profile.set_value(item, value)
        message = self.field_messages[item.key]
        if not check.ok:
            self.invalid.add(item.key)
            message.value = message_html(check.error + "（输入框里的内容还在，改好后会自动更新。）", "bad")
        else:
            self.invalid.discard(item.key)
            message.value = message_html(check.note, "info") if check.note else ""
        self.update()

    def invalid_fields(self) -> list[str]:
        """Labels of fields whose current input was refused (the text stays in its box)."""
        fields = self.schema.fields
        return [fields[key].label for key in fields if key in self.invalid]

    def update(self) -> None:
        """Recompute the assessment and redraw the ladder (called on every change)."""
        result = assess(self.profile, self.schema)
        self.chart.value = profile_chart_svg(self.schema, result)._repr_html_()
        self.assessment.value = assessment_html(result)

    def refresh_saved(self) -> None:
        found, problems = list_profiles(self.folder, self.schema)
        self.saved.options = [(name, str(path)) for name, path in found]
        if problems:
            self.status.value = message_html("\n".join(problems), "bad")

    def _ready(self) -> bool:
        check = validate_code_name(self.code_name.value)
        if not check.ok:
            self.status.value = message_html(check.error, "bad")
            return False
        bad = self.invalid_fields()
        if bad:
            self.status.value = message_html(f"这些字段的内容还不符合要求，请先改好：{'、'.join(bad)}。", "bad")
            return False
        return True

    # ------------------------------------------------------------------------------ buttons
    def _on_save(self, _: object) -> None:
        if not self._ready():
            return
        try:
            path = save_profile(self.profile, self.folder)
        except StorageError as exc:
            self.status.value = message_html(str(exc), "bad")
            return
        self.refresh_saved()
        self.saved.value = str(path)
        self.status.value = message_html(f"已保存到本机：{self.folder.name}/{path.name}。它只在你的电脑或浏览器里。",
                                         "ok")

    def _on_load(self, _: object) -> None:
        if not self.saved.value:
            self.status.value = message_html("还没有已保存的客户，或者没有选中任何一位。", "info")
            return
        loaded = load_profile(self.saved.value, self.schema)
        if loaded.profile is None:
            self.status.value = message_html("\n".join(loaded.messages), "bad")
            self.refresh_saved()
            return
        self.show_profile(loaded.profile)
        note = "\n".join(loaded.messages)
        self.status.value = message_html(f"已载入“{loaded.profile.code_name}”。" + (f"\n{note}" if note else ""),
                                         "bad" if note else "ok")

    def show_profile(self, profile: Profile) -> None:
        """Put a profile into the controls (without re-validating each keystroke)."""
        self.profile = profile
        self._loading = True
        try:
            self.code_name.value = profile.code_name
            for key, control in self.controls.items():
                control.value = profile.values.get(key, "")
                self.field_messages[key].value = ""
            self.invalid.clear()
        finally:
            self._loading = False
        self.update()

    def _on_markdown(self, _: object) -> None:
        if not self._ready():
            return
        self.export_text.value = export_markdown(self.profile, self.schema, reveal=self.reveal.value)
        self.export_preview.value = export_html(self.profile, self.schema, reveal=self.reveal.value)
        self.status.value = message_html(self._export_message("Markdown 已生成在下面的文本框里，可以全选复制。"),
                                         "bad" if self.reveal.value else "ok")

    def _on_json(self, _: object) -> None:
        if not self._ready():
            return
        data = export_dict(self.profile, self.schema, reveal=self.reveal.value)
        self.export_text.value = json.dumps(data, ensure_ascii=False, indent=2)
        self.export_preview.value = export_html(self.profile, self.schema, reveal=self.reveal.value)
        name = profile_filename(self.profile.code_name).replace(".kosguide.json", ".export.kosguide.json")
        try:
            path = save_json(self.folder / "exports" / name, data)
        except StorageError as exc:
            self.status.value = message_html(str(exc), "bad")
            return
        self.status.value = message_html(self._export_message(f"JSON 已保存到本机 exports/{path.name}，"
                                                              "也显示在下面的文本框里。"),
                                         "bad" if self.reveal.value else "ok")

    def _export_message(self, done: str) -> str:
        if self.reveal.value:
            return done + "\n⚠ 这份导出包含敏感信息：只交给确有必要知道的人，用完即删。"
        return done + "\n默认导出已隐藏深度信息、扩展信息和保密字段。"


def assessment_view(profile: Profile, schema: ProfileSchema | None = None) -> Html:
    """The ladder, the completeness bars and the assessment card for one profile (no widgets needed)."""
    schema = schema or default_schema()
    result = assess(profile, schema)
    return Html(profile_chart_svg(schema, result)._repr_html_() + assessment_html(result))


def show_profile_builder(folder: str | Path = DEFAULT_FOLDER) -> w.VBox:
    """Display the customer-profile builder; customers are saved under ``folder``."""
    return ProfileBuilderView(folder=folder).widget


__all__ = ["ProfileBuilderView", "assessment_html", "assessment_view", "show_profile_builder"]
