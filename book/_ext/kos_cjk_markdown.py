"""Sphinx extension: CJK-friendly Markdown for every page and notebook the course renders.

CommonMark does not close ``**`` when the closing marker follows full-width punctuation and is
followed by a Chinese character (``。**这是…**，``), so such text showed literal asterisks, and a
line break between two Chinese characters became a stray space. The well-kept markdown-it-py plugin
``mdit-py-cjk-friendly`` fixes both. MyST has no setting for extra markdown-it plugins
(MyST-Parser#632), so this extension wraps ``myst_parser.parsers.mdit.create_md_parser`` (the one
function every MyST and MyST-NB parser is made by: book pages, notebook Markdown cells, glue and
``{eval}`` text) and rebinds it in the modules that imported it by name.

It also adds a build check: after a page is resolved, any visible text that still holds a literal
``**`` or ``__`` outside code is a warning (an error under ``make book``'s -W), naming the page and
the text, because it means Markdown emphasis was not understood.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Modules that did ``from myst_parser.parsers.mdit import create_md_parser``.
IMPORTERS = (
    "myst_parser.parsers.mdit",
    "myst_parser.parsers.sphinx_",
    "myst_parser.parsers.docutils_",
    "myst_nb.sphinx_",
    "myst_nb.docutils_",
    "myst_nb.core.read",
    "myst_nb.core.render",
)
MARKERS = re.compile(r"\*\*|__")
CODE_NODES = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.comment,
              nodes.target, nodes.substitution_definition)


def _wrap(create: Callable[..., Any]) -> Callable[..., Any]:
    from mdit_py_cjk_friendly import cjk_friendly

    if getattr(create, "kos_cjk_friendly", False):
        return create

    def create_md_parser(*args: Any, **kwargs: Any) -> Any:
        return create(*args, **kwargs).use(cjk_friendly)

    create_md_parser.kos_cjk_friendly = True  # type: ignore[attr-defined]
    create_md_parser.__doc__ = create.__doc__
    return create_md_parser


def install() -> list[str]:
    """Patch every module that holds ``create_md_parser``; returns the modules patched."""
    patched = []
    for name in IMPORTERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "create_md_parser"):
            module.create_md_parser = _wrap(module.create_md_parser)
            patched.append(name)
    return patched


def literal_markers(doctree: nodes.Node) -> list[str]:
    """Snippets of visible text (outside code) that still contain ``**`` or ``__``."""
    found = []
    for text in doctree.findall(nodes.Text):
        if any(isinstance(parent, CODE_NODES) for parent in _ancestors(text)):
            continue
        value = str(text)
        for match in MARKERS.finditer(value):
            found.append(value[max(0, match.start() - 12):match.end() + 12].replace("\n", " "))
    return found


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _check(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for snippet in literal_markers(doctree):
        logger.warning("页面正文里出现了未被识别的 Markdown 标记（**或__）：「%s」 (literal emphasis marker)",
                       snippet, location=docname, type="kos", subtype="markdown")


def setup(app: Sphinx) -> dict[str, Any]:
    patched = install()
    if "myst_parser.parsers.mdit" not in patched:
        logger.warning("kos_cjk_markdown: 找不到 myst_parser 的 create_md_parser，中文强调无法修正。")
    app.connect("doctree-resolved", _check)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
