"""Sphinx extension: the ``kos-exercise`` directive offers a chapter's workbook on its page.

Usage in a MyST page::

    ```{kos-exercise} ch01-relationship
    一两句话说明这个练习做什么。
    ```

The argument names a workbook in ``workbooks/`` (without ``.ipynb``): the single source of what
learners run. The directive renders a box with

* a real ``<button>`` "打开练习" that, only when clicked, loads the site's own JupyterLite REPL
  (Pyodide served by the site itself, see ``kos_lite``) and runs the workbook's exercise code —
  the code cells tagged ``web-exercise`` (or the tag named by ``:tag:``, for a chapter with two
  boxes), or else its first code cell — so the widget appears
  after one click and no kernel starts for a reader who only reads;
* a link that opens the whole workbook in JupyterLite, and a download link for the same file.

``book/_static/kos-lite.js`` drives the button: progress text while the kernel starts, a
"ready" message when the widget is on screen, and a Chinese message with what to try if it
does not appear. A missing workbook or one with no code is a build error (the book builds
with ``-W``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

try:
    from kosguide.escaping import escape_html
except ImportError:  # building from a checkout where the package is not installed yet
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from kosguide.escaping import escape_html

EXERCISE_TAG = "web-exercise"
LITE_OUT = "lite"  # where jupyterlite-sphinx writes the JupyterLite site inside the HTML output
REPL_OPTIONS = {"kernel": "python", "toolbar": "0", "showBanner": "0", "hideCodeInput": "1", "execute": "1"}


def exercise_code(notebook: Path, tag: str = EXERCISE_TAG) -> str:
    """The code the web exercise runs: cells tagged ``tag``, else (default tag) the first code cell."""
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in cells if tag in c.get("metadata", {}).get("tags", [])]
    chosen = tagged or (cells[:1] if tag == EXERCISE_TAG else [])
    sources = ["".join(c["source"]).rstrip() for c in chosen]
    if len(sources) > 1:  # one console cell shows only its last expression: display the others'
        sources = [*map(_display_last_expression, sources[:-1]), sources[-1]]
        sources.insert(0, "from IPython.display import display")
    return "\n".join(sources).strip()


def _display_last_expression(source: str) -> str:
    """Rewrite a cell so the value of its final expression statement is displayed explicitly."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return source
    lines = source.splitlines()
    head = lines[: last.lineno - 1]
    expression = ast.get_source_segment(source, last.value) or ""
    return "\n".join([*head, f"display({expression})"])


def repl_url(prefix: str, code: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in REPL_OPTIONS.items())
    return f"{prefix}/repl/index.html?{params}&code={quote(code)}"


class KosExerciseDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], str]]] = {"tag": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        srcdir = Path(self.env.srcdir)
        notebook = srcdir / "workbooks" / f"{name}.ipynb"
        if not notebook.is_file():
            raise self.error(f"kos-exercise: workbook not found: workbooks/{name}.ipynb")
        self.env.note_dependency(str(notebook))
        tag = self.options.get("tag", EXERCISE_TAG)
        code = exercise_code(notebook, tag)
        if not code:
            raise self.error(f"kos-exercise: workbooks/{name}.ipynb has no code cell to run (tag {tag!r})")
        depth = len(Path(self.env.docname).parts) - 1
        up = "/".join([".."] * depth) or "."
        prefix = f"{up}/{LITE_OUT}"
        notebook_url = f"{prefix}/notebooks/index.html?path=workbooks/{quote(notebook.name)}"

        box = nodes.container(classes=["kos-exercise"])
        box += nodes.paragraph("", "", nodes.strong("", "动手练习"))
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        box += nodes.raw(
            "",
            f'<div class="kos-lite" data-src="{escape_html(repl_url(prefix, code))}"'
            f' data-workbook="{escape_html(notebook.name)}" data-tag="{escape_html(tag)}">'
            '<button type="button" class="kos-lite-open">▶ 打开练习（在浏览器中运行，无需安装）</button>'
            '<p class="kos-lite-hint">练习完全在你的浏览器里运行：不需要安装，断网也能用，'
            "输入的内容不会上传。第一次打开需要十几秒准备运行环境。</p>"
            '<p class="kos-lite-status" role="status" aria-live="polite"></p>'
            '<div class="kos-lite-frame" hidden></div>'
            f'<p class="kos-lite-more"><a href="{escape_html(notebook_url)}" target="_blank" rel="noopener">'
            "在新标签页中打开完整练习册（浏览器内运行）</a></p></div>",
            format="html",
        )
        lines = StringList(
            [
                f"{{download}}`下载练习册 {notebook.name} <{up}/workbooks/{notebook.name}>`"
                "（在自己电脑上用 Jupyter 打开，做法见{ref}`ch00`）",
            ],
            source=self.get_source_info()[0],
        )
        self.state.nested_parse(lines, self.content_offset, box)
        return [box]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("kos-exercise", KosExerciseDirective)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
