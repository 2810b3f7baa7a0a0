"""The customer-profile builder widget, driven without a kernel."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as w

from kosguide.core.cards import PRIVACY_BANNER
from kosguide.tools.profile.profile import NECESSARY_NOT_SUFFICIENT, default_schema, load_profile
from kosguide.tools.profile.widget import ProfileBuilderView, show_profile_builder

SCHEMA = default_schema()
EVIL = "<script>alert('x')</script>"


def fill(view: ProfileBuilderView, sections: set[str], marker: str = "值") -> None:
    for section in SCHEMA.sections:
        if section.id not in sections:
            continue
        for item in section.fields:
            control = view.controls[item.key]
            if item.type == "choice":
                control.value = item.choices[-1]
            elif item.type == "number":
                control.value = "12"
            elif item.type == "date":
                control.value = "2026-03-15"
            else:
                control.value = f"{marker}{item.key}"


def all_html(view: ProfileBuilderView) -> str:
    parts: list[str] = []

    def walk(widget: w.Widget) -> None:
        if isinstance(widget, w.HTML):
            parts.append(widget.value)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(view.widget)
    return "".join(parts)


def test_layout_banner_tabs_and_keyboard_controls(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    html = all_html(view)
    assert PRIVACY_BANNER.split("，")[0][2:] in html
    assert len(view.tabs.children) == 6
    titles = [view.tabs.get_title(i) for i in range(6)]
    assert titles == ["基本联络信息", "背景信息", "客户需求*", "竞争方情况*", "深度信息", "扩展信息"]
    assert all(isinstance(c, w.Text | w.Textarea | w.Dropdown) for c in view.controls.values())
    assert view.reveal.value is False and view.reveal.description == "包含敏感信息"
    assert {b.description for b in (view.save_button, view.load_button, view.md_button, view.json_button)} == {
        "保存", "载入", "导出 Markdown", "导出 JSON"}


def test_ladder_and_assessment_update_as_you_type(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    assert "还不足以支撑" in view.assessment.value
    assert NECESSARY_NOT_SUFFICIENT in view.assessment.value
    fill(view, {"basic", "background"})
    assert "最多支撑到“医生”阶段" in view.assessment.value
    assert 'class="kos-ladder-current"' in view.chart.value and "信息支撑到这里" in view.chart.value
    fill(view, {"needs", "competitors"})
    assert "“老师”" in view.assessment.value and NECESSARY_NOT_SUFFICIENT in view.assessment.value
    fill(view, {"deep", "extended"})
    assert "“兄弟”" in view.assessment.value and NECESSARY_NOT_SUFFICIENT in view.assessment.value
    view.controls["company_code"].value = ""
    assert "还不足以支撑" in view.assessment.value


def test_bad_input_shows_a_message_and_blocks_saving_without_losing_text(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    view.save_button.click()
    assert "代号" in view.status.value
    view.code_name.value = "客户 A"
    view.controls["company_size"].value = "很多人"
    assert "应填数字" in view.field_messages["company_size"].value
    assert view.controls["company_size"].value == "很多人"
    view.save_button.click()
    assert "员工人数" in view.status.value and list(tmp_path.iterdir()) == []
    view.controls["company_size"].value = "120"
    view.controls["history"].value = "字" * 5000
    assert "太长了" in view.field_messages["history"].value
    view.controls["history"].value = "合作三年"
    view.save_button.click()
    assert "已保存到本机" in view.status.value


def test_save_load_several_customers(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    view.code_name.value = "客户 A"
    fill(view, {"basic", "background"}, "甲")
    view.save_button.click()
    view.code_name.value = "客户 B"
    fill(view, {"basic"}, "乙")
    view.save_button.click()
    assert [label for label, _ in view.saved.options] == ["客户 A", "客户 B"]
    fresh = ProfileBuilderView(folder=tmp_path)
    fresh.saved.value = dict(fresh.saved.options)["客户 A"]
    fresh.load_button.click()
    assert "已载入“客户 A”" in fresh.status.value
    assert fresh.code_name.value == "客户 A" and fresh.controls["business"].value == "甲business"
    assert "最多支撑到“医生”阶段" in fresh.assessment.value


def test_corrupt_saved_file_gets_a_message_and_is_kept(tmp_path: Path) -> None:
    (tmp_path / "坏.kosguide.json").write_text("{oops", encoding="utf-8")
    view = ProfileBuilderView(folder=tmp_path)
    assert "原样保留" in view.status.value
    assert (tmp_path / "坏.kosguide.json").read_bytes() == b"{oops"
    assert not list(tmp_path.glob("*.corrupt-*")), "opening the builder (reading) never moves a file"


def test_exports_hide_sensitive_data_by_default(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    view.code_name.value = "客户 A"
    fill(view, set(s.id for s in SCHEMA.sections), "秘")
    view.md_button.click()
    assert "秘personnel_changes" not in view.export_text.value and "秘contact_channel" not in view.export_text.value
    assert "秘business" in view.export_text.value and "默认导出已隐藏" in view.status.value
    view.json_button.click()
    data = json.loads(view.export_text.value)
    assert data["contains_sensitive"] is False and "秘family" not in view.export_text.value
    saved = list((tmp_path / "exports").glob("*.kosguide.json"))
    assert len(saved) == 1 and "秘family" not in saved[0].read_text(encoding="utf-8")
    view.reveal.value = True
    view.md_button.click()
    assert "秘personnel_changes" in view.export_text.value and "敏感信息" in view.status.value
    assert "包含敏感信息" in view.export_preview.value


def test_every_learner_string_is_escaped(tmp_path: Path) -> None:
    view = ProfileBuilderView(folder=tmp_path)
    view.code_name.value = f"客户{EVIL}"[:40]
    for key, item in SCHEMA.fields.items():
        if item.type in ("text", "multiline"):
            view.controls[key].value = f"{key}{EVIL}"
    view.reveal.value = True
    view.md_button.click()
    view.save_button.click()
    html = all_html(view)
    assert "<script>" not in html and "&lt;script&gt;" in html
    for key, item in SCHEMA.fields.items():
        if item.type in ("text", "multiline"):
            assert f"{key}&lt;script&gt;" in view.export_preview.value
    saved = load_profile(next(tmp_path.glob("*.kosguide.json")), SCHEMA)
    assert saved.profile.values["history"] == f"history{EVIL}"


def test_show_profile_builder_returns_a_widget(tmp_path: Path) -> None:
    widget = show_profile_builder(tmp_path)
    assert isinstance(widget, w.VBox) and len(widget.children) > 5
