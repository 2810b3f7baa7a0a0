"""Sphinx extension: the ``kos-progress`` directive shows the learner's progress per chapter.

Usage: ```` ```{kos-progress} ```` on a page (the home page). The chapter list comes from the
course plan (``kosguide/data/chapters/plan.toml``): published chapters link to their page, the
others say they are being written. ``book/_static/kos-progress.js`` fills in, from this browser's
own storage only, which chapters were read and the knowledge-check scores. Without JavaScript
the panel is a plain chapter list.
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
except ImportError:  # building from a checkout where the package is not installed yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from kosguide.core.data_loader import load_course_data, packaged_data_dir
    from kosguide.core.text import escape_html


class KosProgressDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        data = load_course_data()
        for path in (packaged_data_dir() / "chapters").glob("*.toml"):
            self.env.note_dependency(str(path))
        builder = self.env.app.builder
        rows = []
        for chapter in data.chapters:
            docs = sorted(d for d in self.env.found_docs if d.startswith(f"book/{chapter.id}-"))
            title = escape_html(f"第 {chapter.number} 章 {chapter.title}")
            check = chapter.id if chapter.id in data.knowledge_checks else ""
            if chapter.status == "published" and docs:
                uri = escape_html(builder.get_relative_uri(self.env.docname, docs[0]))
                label = f'<a href="{uri}">{title}</a>'
            else:
                label = f"<span>{title}</span>"
            rows.append(
                f'<li data-chapter="{escape_html(chapter.id)}" data-check="{escape_html(check)}">{label}'
                f' <span class="kos-progress-minutes">约 {chapter.minutes} 分钟</span>'
                f' <span class="kos-progress-state"></span></li>'
            )
        html = (
            '<section class="kos-progress" aria-label="我的学习进度">'
            '<div class="kos-progress-bar" aria-hidden="true"><span></span></div>'
            f'<ol class="kos-progress-list">{"".join(rows)}</ol>'
            '<p class="kos-progress-summary" role="status"></p>'
            '<p class="kos-progress-note">进度只保存在这个浏览器里，不会上传；换一台电脑或清除浏览器数据后会重新开始。'
            '<button type="button" class="kos-progress-clear" hidden>清除我的进度</button></p>'
            '<div class="kos-progress-export" hidden><p><b>交给讲师汇总</b>：导出一个匿名的小文件，'
            "只含各章知识检查第一次作答的题目编号和对错，不含任何你写的文字。</p>"
            '<label>学员代号（可不填）：<input type="text" maxlength="20" placeholder="例如：学员 07"></label> '
            '<button type="button">导出我的练习结果</button>'
            '<p class="kos-progress-export-note" role="status"></p></div>'
            "</section>"
        )
        return [nodes.raw("", html, format="html")]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("kos-progress", KosProgressDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
