"""Offline in-browser exercises: the Sphinx side of kosguide's JupyterLite setup.

Load *after* ``jupyterlite_sphinx`` (``sphinx.local_extensions`` in ``_config.yml``). It

1. assembles the site's own Pyodide (``tools/build_pyodide.py``, cached, ~0.2 s when warm)
   into ``<jupyterlite_dir>/static/pyodide/`` before anything is written;
2. drops the public web-font stylesheet that jupyterlite-sphinx's ``setup()`` registers
   (``app.add_css_file("https://fonts.googleapis.com/css?family=Vibur")``), and warns on any
   other remote CSS/JS on a page (a warning is an error with ``-W``);
3. deletes a stale ``.jupyterlite.doit.db`` *before* the JupyterLite build (jupyterlite-sphinx
   only deletes it in the current directory, after the build; ``jupyter lite build`` runs
   with ``cwd=srcdir``, so a build started from another folder leaves it behind, and a stale
   database skips the task that writes ``pyodideUrl``);
4. after the JupyterLite build, checks that the built ``jupyter-lite.json`` points the kernel
   at the local Pyodide with the PyPI fallback disabled, and removes ``*.map`` source maps
   and the Lite apps no page uses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

PYODIDE_URL = "./static/pyodide/pyodide.mjs"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: Remote stylesheets jupyterlite-sphinx adds in its setup(): a decorative font for the
#: "Try it" button (jupyterlite_sphinx.py, `app.add_css_file(...Vibur)`).
DROP_CSS = ("https://fonts.googleapis.com/css?family=Vibur",)
LITE_OUT = "lite"  # jupyterlite_sphinx.JUPYTERLITE_DIR: the build's output sub-folder
DOIT_DB = ".jupyterlite.doit.db"


def _remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _lite_dir(app: Sphinx) -> Path:
    return (Path(app.srcdir) / str(app.config.jupyterlite_dir)).resolve()


def _drop_remote_css(app: Sphinx, config) -> None:
    before = len(app.registry.css_files)
    app.registry.css_files = [(f, a) for f, a in app.registry.css_files if f not in DROP_CSS]
    if before == len(app.registry.css_files):
        logger.info("[kos_lite] jupyterlite-sphinx 的远程字体未出现（版本变了？）")


def _assemble_pyodide(app: Sphinx) -> None:
    if app.builder.format != "html" or not app.config.kos_lite_assemble_pyodide:
        return
    script = Path(app.srcdir) / "tools" / "build_pyodide.py"
    cmd = [sys.executable, str(script), "--lite-dir", str(_lite_dir(app))]
    if os.environ.get("KOSGUIDE_PYODIDE_CACHE"):  # benchmarks measure a cold download cache
        cmd += ["--cache", os.environ["KOSGUIDE_PYODIDE_CACHE"]]
    if subprocess.run(cmd, cwd=app.srcdir, check=False).returncode != 0:
        raise ExtensionError("tools/build_pyodide.py 失败：浏览器练习没有 Pyodide")


def _check_page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("css_files", "script_files"):
        for asset in context.get(key, []):
            url = getattr(asset, "filename", asset)
            if isinstance(url, str) and _remote(url):
                logger.warning("[kos_lite] %s 引用了远程资源 %s：课程必须离线可用", pagename, url)


def _before_lite_build(app: Sphinx, error) -> None:
    """Runs before jupyterlite_sphinx.jupyterlite_build (priority 500)."""
    for folder in {Path(app.srcdir), _lite_dir(app), Path.cwd()}:
        (folder / DOIT_DB).unlink(missing_ok=True)


def _after_lite_build(app: Sphinx, error) -> None:
    """Runs after jupyterlite_sphinx.jupyterlite_build (priority 500)."""
    _before_lite_build(app, error)  # never leave a database behind for the next build
    if error is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / LITE_OUT
    cfg_path = out / "jupyter-lite.json"
    try:
        cfg = json.loads(cfg_path.read_text("utf-8"))
        kernel = cfg["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    except (OSError, KeyError, ValueError) as e:
        raise ExtensionError(f"[kos_lite] 读不到 {cfg_path} 的 Pyodide 内核设置： {e}") from e
    if kernel.get("pyodideUrl") != PYODIDE_URL or kernel.get("disablePyPIFallback") is not True:
        raise ExtensionError(
            f"[kos_lite] {cfg_path} 的内核设置不对： {kernel}；内核会去公共 CDN/PyPI 而卡住"
        )
    if not (out / PYODIDE_URL).is_file():
        raise ExtensionError(f"[kos_lite] 缺少 {out / PYODIDE_URL}")

    removed = 0
    for app_name in ("lab", "repl", "consoles", "edit", "tree"):
        if app_name not in app.config.kos_lite_keep_apps and (out / app_name).is_dir():
            shutil.rmtree(out / app_name)
            removed += 1
    maps = list(Path(app.outdir).rglob("*.map"))
    for p in maps:
        p.unlink()
    logger.info("[kos_lite] JupyterLite 检查通过；删除 %d 个 source map、%d 个未用的应用", len(maps), removed)


def setup(app: Sphinx) -> dict:
    if "jupyterlite_sphinx" not in app.extensions:
        app.setup_extension("jupyterlite_sphinx")
    app.add_config_value("kos_lite_assemble_pyodide", True, "env")
    # Lite apps kept in the built site: notebooklite uses "notebooks"; its menus link "tree",
    # "edit" (text files) and "lab" ("Open in JupyterLab"). repl/consoles serve only the
    # replite directive, which the course does not use.
    app.add_config_value("kos_lite_keep_apps", ["notebooks", "tree", "edit", "lab"], "env")
    app.connect("config-inited", _drop_remote_css)
    app.connect("builder-inited", _assemble_pyodide)
    app.connect("html-page-context", _check_page_assets)
    app.connect("build-finished", _before_lite_build, priority=400)
    app.connect("build-finished", _after_lite_build, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
