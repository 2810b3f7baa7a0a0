"""The one HTML-escaping helper every widget uses for learner-supplied text."""

from __future__ import annotations

import html
import unicodedata

_INVISIBLE = {"Cc", "Cs", "Co", "Cn"}


def escape_html(text: object) -> str:
    """Return ``text`` safe to place inside HTML element content or a quoted attribute.

    ``<``, ``>``, ``&``, ``"`` and ``'`` are escaped; control characters other than newline and tab,
    lone surrogates and unassigned code points are dropped so odd input cannot break the page.
    """
    if text is None:
        return ""
    cleaned = "".join(
        ch for ch in str(text)
        if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE
    )
    return html.escape(cleaned, quote=True)


def escape_multiline(text: object) -> str:
    """Escape ``text`` and keep its line breaks as ``<br>``."""
    return escape_html(text).replace("\r\n", "\n").replace("\n", "<br>")
