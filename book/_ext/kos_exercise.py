"""Sphinx extension: the ``kos-exercise`` directive offers a chapter's workbook on its page.

Usage in a MyST page::

    ```{kos-exercise} ch01-relationship
    一两句话说明这个练习做什么。
    ```

The argument is a workbook in ``workbooks/`` (without ``.ipynb``). The directive renders a box
with the description, a download link for the workbook (the same file learners run locally), and
— once the in-browser build is enabled — the button that opens it in JupyterLite. A missing
workbook is a build error (the book builds with ``-W``).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = ROOT / "workbooks"


class KosExerciseDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        notebook = WORKBOOKS / f"{name}.ipynb"
        if not notebook.is_file():
            raise self.error(f"kos-exercise: workbook not found: workbooks/{name}.ipynb")
        self.env.note_dependency(str(notebook))
        docdir = Path(self.env.doc2path(self.env.docname)).parent
        rel_path = (Path(*[".."] * len(docdir.relative_to(ROOT).parts)) / "workbooks" / notebook.name).as_posix()
        box = nodes.container(classes=["kos-exercise"])
        box += nodes.paragraph("", "", nodes.strong("", "动手练习"))
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        lines = StringList(
            [
                f"{{download}}`下载练习册 {notebook.name} <{rel_path}>`"
                "（在自己电脑上用 Jupyter 打开；做法见{ref}`ch00`）",
            ],
            source=self.get_source_info()[0],
        )
        self.state.nested_parse(lines, self.content_offset, box)
        return [box]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("kos-exercise", KosExerciseDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
