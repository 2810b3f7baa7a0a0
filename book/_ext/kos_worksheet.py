"""Sphinx extension: ``kos-worksheet`` renders printable paper worksheets from the course data.

Usage: ```` ```{kos-worksheet} profile ```` (or ``refusal`` / ``account-plan``). The profile sheet
is generated from the same section and field data the profile builder uses, the refusal sheet
from the refusal scenarios and the rubric's five judgements, so paper and screen never drift
apart. Each sheet starts on a new A4 page when printed (``kosguide.css`` has the print rules).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

try:
    from kosguide.core.data_loader import load_course_data, packaged_data_dir
    from kosguide.core.text import escape_html
    from kosguide.tools.profile.profile import ProfileSchema
except ImportError:  # building from a checkout where the package is not installed yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from kosguide.core.data_loader import load_course_data, packaged_data_dir
    from kosguide.core.text import escape_html
    from kosguide.tools.profile.profile import ProfileSchema

SENSITIVITY = {"internal": "内部", "confidential": "保密"}
REFUSAL_CHECKS = (
    ("理解与共情", "我先说出了对方的愿望、担心或处境，而不只是“好的 / 收到”。"),
    ("原则与理由", "我说清了为什么不能答应：统一公开的价格、合同、公司制度、保密……而不是“没办法”。"),
    ("替代方案", "我当场给出了自己权限内能做到的具体替代，或定了具体时间的跟进。"),
    ("不生硬", "没有冷冰冰的一句“不行”，没有指责、嘲讽或把客户推给别人。"),
    ("不过度承诺", "没有“保证 / 一定 / 绝对”这类自己控制不了的承诺；只承诺自己做得到、有时间的事。"),
)


def _lines(count: int) -> str:
    return "".join('<div class="kos-ws-line"></div>' for _ in range(count))


def _header(title: str, subtitle: str) -> str:
    return (
        f'<div class="kos-ws-head"><div class="kos-ws-title">{escape_html(title)}</div>'
        f'<div class="kos-ws-meta">姓名或代号：<span class="kos-ws-blank"></span>'
        '日期：<span class="kos-ws-blank"></span></div></div>'
        f'<p class="kos-ws-sub">{escape_html(subtitle)}</p>'
    )


def profile_sheet() -> str:
    schema = ProfileSchema.from_course_data(load_course_data())
    parts = [_header("客户画像工作单（第 3 章）",
                     "客户一律写代号。标“保密”的栏目只在你自己的笔记里填写，不要在课堂上展示。")]
    parts.append('<div class="kos-ws-field"><b>客户代号</b>' + _lines(1) + "</div>")
    for section in schema.sections:
        mark = "" if section.name_in_source else "（名称为课程推断）"
        parts.append(f'<div class="kos-ws-section"><div class="kos-ws-section-title">'
                     f"{escape_html(section.name + mark)}</div><table class=\"kos-ws-table\">")
        for field in section.fields:
            tag = SENSITIVITY.get(field.sensitivity, "")
            badge = f'<span class="kos-ws-badge">{escape_html(tag)}</span>' if tag else ""
            parts.append(f"<tr><th>{escape_html(field.label)}{badge}</th><td></td></tr>")
        parts.append("</table></div>")
    ladder = "".join(f'<span class="kos-ws-box"></span>{escape_html(s.name)} ' for s in schema.stages)
    parts.append(f'<div class="kos-ws-field"><b>我的判断：这些信息支撑到</b> {ladder}'
                 "<div class=\"kos-ws-note\">信息齐全是必要条件，不是充分条件：有了也不能证明已经到了。</div>"
                 "<b>下一步行动</b>" + _lines(2) + "</div>")
    return "".join(parts)


def refusal_sheet() -> str:
    data = load_course_data()
    scenarios = list(data.of("refusal").values())
    titles = [s.title for s in scenarios if hasattr(s, "customer_says")]
    choices = "".join(f'<span class="kos-ws-choice"><span class="kos-ws-box"></span>{escape_html(t)}</span>'
                      for t in titles)
    parts = [_header("三步拒绝话术单（第 7 章）", "先写三步，再用下面的五项自查；客户写代号。")]
    parts.append(f'<div class="kos-ws-field"><b>请求情境</b><div class="kos-ws-choices">{choices}'
                 '<span class="kos-ws-choice"><span class="kos-ws-box"></span>其他：</span></div>'
                 "<b>客户原话</b>" + _lines(2) + "</div>")
    for number, (step, _) in enumerate(REFUSAL_CHECKS[:3], start=1):
        parts.append(f'<div class="kos-ws-field"><b>第 {number} 步 · {escape_html(step)}</b>' + _lines(2) + "</div>")
    rows = "".join(f'<tr><td class="kos-ws-check"><span class="kos-ws-box"></span></td>'
                   f"<th>{escape_html(name)}</th><td>{escape_html(text)}</td></tr>" for name, text in REFUSAL_CHECKS)
    parts.append(f'<div class="kos-ws-section"><div class="kos-ws-section-title">五项自查</div>'
                 f'<table class="kos-ws-table kos-ws-checks">{rows}</table></div>')
    parts.append('<div class="kos-ws-field"><b>完整话术（改好后抄在这里）</b>' + _lines(4) + "</div>")
    return "".join(parts)


def account_plan_sheet() -> str:
    parts = [_header("客户经营计划单（第 8 章）", "把各章工具的结论汇总到一页；客户写代号，每季度复盘一次。")]
    blocks = (
        ("客户与阶段", "客户代号、心理距离阶段（医生 / 老师 / 朋友 / 兄弟）、画像缺什么", 2),
        ("沟通风格", "观察到的性格倾向（附依据的行为），和他合作的要点", 2),
        ("客户旅程", "客户现在在哪个阶段，本季度建立信任的做法", 2),
        ("期望与续约", "过去各期结果、期望底线、满意线，本期落在哪里", 2),
        ("边界", "欢迎语是否说清角色、时间和非工作时间渠道；预计会遇到的越界请求与备好的拒绝话术", 2),
        ("风险", "可能流失或投诉的信号，以及应对", 2),
    )
    for title, hint, lines in blocks:
        parts.append(f'<div class="kos-ws-field"><b>{escape_html(title)}</b> '
                     f'<span class="kos-ws-hint">{escape_html(hint)}</span>{_lines(lines)}</div>')
    rows = "".join("<tr><td></td><td></td><td></td><td></td></tr>" for _ in range(5))
    parts.append('<div class="kos-ws-section"><div class="kos-ws-section-title">行动与承诺台账</div>'
                 '<table class="kos-ws-table kos-ws-grid"><tr><th>要做的事 / 对客户的承诺</th><th>截止日期</th>'
                 f"<th>负责人</th><th>已兑现？</th></tr>{rows}</table></div>")
    parts.append('<div class="kos-ws-field"><b>下次复盘日期</b>' + _lines(1) + "</div>")
    return "".join(parts)


SHEETS = {"profile": profile_sheet, "refusal": refusal_sheet, "account-plan": account_plan_sheet}


class KosWorksheetDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in SHEETS:
            raise self.error(f"kos-worksheet: unknown sheet {name!r}; known: {', '.join(SHEETS)}")
        for path in packaged_data_dir().rglob("*.toml"):
            self.env.note_dependency(str(path))
        html = f'<section class="kos-worksheet" data-sheet="{escape_html(name)}">{SHEETS[name]()}</section>'
        return [nodes.raw("", html, format="html")]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("kos-worksheet", KosWorksheetDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
