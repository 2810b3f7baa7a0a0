"""Sphinx extension: builds kosguide's light exercise runtime into the site (``make book``).

Load *after* ``kos_lite`` (it needs the site's own Pyodide, which the JupyterLite build copies
into ``<outdir>/lite/static/pyodide/``). At ``build-finished`` it runs ``tools/build_runtime.py``:
``npm ci`` (cached) + esbuild bundle of the page side into ``<outdir>/_runtime/``, the runtime's
own lock file and bridge wheel, and the Pyodide memory snapshot made with node. Any failure fails
the build: a site whose exercises cannot start must not be published.

It also adds the tiny click-to-load script ``kos-run.js`` and the exercise box stylesheet
``kos-run.css`` (both in ``book/_static``) to every page; the runtime itself is fetched only
when a learner clicks 打开练习.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _build_runtime(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.format != "html":
        return
    script = Path(app.srcdir) / "tools" / "build_runtime.py"
    cmd = [sys.executable, str(script), "--site", str(app.outdir)]
    if subprocess.run(cmd, cwd=app.srcdir, check=False).returncode != 0:
        raise ExtensionError("tools/build_runtime.py 失败：网页里的练习无法运行（见上面的 [runtime] 信息）")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_css_file("kos-run.css")
    app.add_js_file("kos-run.js")
    # after kos_lite's JupyterLite checks (priority 600), which put Pyodide into the output
    app.connect("build-finished", _build_runtime, priority=700)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
