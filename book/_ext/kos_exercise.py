"""Sphinx extension: the ``kos-exercise`` directive runs a chapter's exercise on its page.

Usage in a MyST page::

    ```{kos-exercise} ch01-relationship
    一两句话说明这个练习做什么。
    ```

The argument names a workbook in ``workbooks/`` (without ``.ipynb``): the single source of what
learners run. The directive renders a box with

* a real ``<button>`` "打开练习" that, only when clicked, starts kosguide's light exercise runtime
  (``book/_static/kos-run.js`` imports ``_runtime/kos-runtime.js``, built by ``kos_runtime``): one
  Web Worker per page running the site's own Pyodide, shared by every box on the page, and the
  widgets drawn in the page itself. The box runs the workbook's code cells tagged ``web-exercise``
  (or the tag named by ``:tag:``, for a chapter with two boxes), or else its first code cell;
  nothing starts for a reader who only reads;
* a link that opens the whole workbook in JupyterLite, and a download link for the same file.

A missing workbook or one with no code is a build error (the book builds with ``-W``).
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
RUNTIME_OUT = "_runtime"  # where kos_runtime writes the exercise runtime inside the HTML output
#: Where the worker finds Pyodide, the runtime's lock file and memory snapshot (relative to _runtime/),
#: what it installs, and the learner's folder (mounted on IndexedDB, shared by every page).
RUNTIME_CONFIG = {
    "pyodide": f"../{LITE_OUT}/static/pyodide/pyodide.mjs",
    "lock": f"../{LITE_OUT}/static/pyodide/kos-runtime-lock.json",
    "snapshot": f"../{LITE_OUT}/static/pyodide/kos-snapshot.bin.gz",
    "packages": ["kosguide", "kosguide-web-runtime"],
    "dataDir": "/home/pyodide/kosguide",
}
PLAY_ICON = ('<svg class="kos-run-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">'
             '<path d="M4 2.5v11l9-5.5z" fill="currentColor"/></svg>')


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
        box_id = "kos-run-" + "-".join(part for part in (name, tag) if part).replace(".", "-")
        config = json.dumps(RUNTIME_CONFIG, ensure_ascii=False, separators=(",", ":"))
        box += nodes.raw(
            "",
            f'<div class="kos-run" id="{escape_html(box_id)}" data-workbook="{escape_html(notebook.name)}"'
            f' data-tag="{escape_html(tag)}" data-runtime="{escape_html(up)}/{RUNTIME_OUT}/"'
            f' data-config="{escape_html(config)}" data-code="{escape_html(code)}">'
            f'<button type="button" class="kos-run-open">{PLAY_ICON} 打开练习（在浏览器中运行，无需安装）</button>'
            '<p class="kos-run-hint">练习完全在你的浏览器里运行：不需要安装，断网也能用，输入的内容不会上传。</p>'
            '<p class="kos-run-status" role="status" aria-live="polite"></p>'
            '<div class="kos-run-errors"></div>'
            '<div class="kos-run-output" hidden></div>'
            '<div class="kos-run-downloads" hidden></div>'
            f'<p class="kos-run-more"><a href="{escape_html(notebook_url)}" target="_blank" rel="noopener">'
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
    return {"version": "0.3", "parallel_read_safe": True, "parallel_write_safe": True}
