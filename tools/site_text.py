"""Visible text of the built course pages (``_build/html``), for the search and typography checks.

Only the page body (``<article class="bd-article">``) counts: the theme's navigation, footer and
scripts are not what a learner reads on that page. Text is returned as *runs*: a run is a stretch of
text with one flag, ``code``, true inside ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` or a
highlighted code block, where Markdown markers and ASCII punctuation are legitimate. Elements a
reader never sees (``<script>``, ``<style>``, ``<template>``, ``hidden``, ``aria-hidden="true"``,
the header-link ``¶`` anchors) are skipped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "tt"})
SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math", "textarea"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})
BLOCK_TAGS = frozenset({"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr",
                        "section", "article", "blockquote", "figcaption", "caption", "summary", "details",
                        "ul", "ol", "dl", "table", "br", "hr", "label", "button", "option"})


@dataclass(frozen=True)
class TextRun:
    """One stretch of visible text; ``code`` is true inside code elements."""

    text: str
    code: bool


class _BodyText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[TextRun] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skip, code)
        self._in_article = 0

    def _flags(self) -> tuple[bool, bool]:
        if not self._stack:
            return False, False
        _, skip, code = self._stack[-1]
        return skip, code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        if tag == "article" and "bd-article" in classes:
            self._in_article += 1
        if tag in BLOCK_TAGS:
            self._break()
        if tag in VOID_TAGS:
            return
        skip, code = self._flags()
        skip = skip or tag in SKIP_TAGS or "hidden" in attr or attr.get("aria-hidden") == "true" \
            or "headerlink" in classes or "visually-hidden" in classes or "sr-only" in classes
        code = code or tag in CODE_TAGS or "highlight" in classes or any(c.startswith("highlight-") for c in classes)
        self._stack.append((tag, skip, code))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # Pop to the matching tag (HTML in the wild is not always balanced).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        if tag == "article" and self._in_article:
            self._in_article -= 1
        if tag in BLOCK_TAGS:
            self._break()

    def _break(self) -> None:
        if self.runs and not self.runs[-1].text.endswith("\n"):
            self.runs.append(TextRun("\n", False))

    def handle_data(self, data: str) -> None:
        if not self._in_article:
            return
        skip, code = self._flags()
        if skip or not data:
            return
        self.runs.append(TextRun(data, code))


def body_runs(page_html: str) -> list[TextRun]:
    """Visible text runs of a built page's body, in document order."""
    parser = _BodyText()
    parser.feed(page_html)
    parser.close()
    return parser.runs


def body_text(page_html: str, *, include_code: bool = True) -> str:
    """The page body's visible text as one string (blocks separated by newlines)."""
    return "".join(r.text for r in body_runs(page_html) if include_code or not r.code)


def prose_lines(page_html: str) -> Iterator[str]:
    """Lines of visible prose (code replaced by a placeholder ``\u2063``), whitespace-normalised."""
    text = "".join("\u2063" if r.code else r.text for r in body_runs(page_html))
    for line in text.split("\n"):
        line = re.sub(r"[ \t\r\f\v]+", " ", line).strip()
        if line:
            yield html.unescape(line)


def site_pages(site_dir: Path) -> dict[str, Path]:
    """Docname (``book/ch01-relationship``) → built HTML file, for every page of the book itself
    (not the generated index, search page or the JupyterLite app)."""
    pages: dict[str, Path] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(("lite/", "_", "build/")) or rel in {"genindex.html", "search.html", "index.html"}:
            continue
        pages[rel.removesuffix(".html")] = path
    return pages
