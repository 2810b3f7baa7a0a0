"""ONE text-cleaning policy for everything a learner types, and the HTML escaping every view uses.

The policy (course's own):

- *Invisible characters* are the Unicode categories in :data:`INVISIBLE_CATEGORIES`: control
  characters (Cc), format characters such as zero-width spaces and bidi overrides (Cf), lone
  surrogates (Cs), private-use (Co) and unassigned code points (Cn). They are dropped everywhere,
  except newline and tab in multi-line text.
- Line breaks are unified: ``\\r\\n``, ``\\r``, U+2028 and U+2029 become ``\\n``.
- Free text is NFC-normalised (:func:`clean_text`); a *code* (a customer's or learner's code name) is
  NFKC-normalised, one line, with runs of spaces collapsed (:func:`clean_code`), so full-width
  ``Ａ３`` and ``A3`` are the same code in the profile, the ledger, the quiz, the account plan and the
  class results. :func:`code_key` is the comparison key (spaces ignored, case folded).
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["INVISIBLE_CATEGORIES", "clean_code", "clean_text", "code_key", "drop_invisible", "escape_html",
           "escape_multiline"]

INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n"}


def _unify_breaks(text: str) -> str:
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    return text


def drop_invisible(text: str, *, keep: str = "\n\t") -> tuple[str, int]:
    """``text`` without invisible characters (those in ``keep`` stay); returns it and how many went."""
    kept = [ch for ch in text if ch in keep or unicodedata.category(ch) not in INVISIBLE_CATEGORIES]
    return "".join(kept), len(text) - len(kept)


def clean_text(value: object, *, multiline: bool = True) -> tuple[str, int]:
    """Free text as stored: line breaks unified, invisible characters dropped, NFC, stripped.

    ``None`` is ``""``. With ``multiline=False`` line breaks and tabs become spaces. Returns the
    clean text and the number of invisible characters dropped (for a "已去掉" note).
    """
    text = _unify_breaks("" if value is None else str(value))
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text, dropped = drop_invisible(text)
    return unicodedata.normalize("NFC", text).strip(), dropped


def clean_code(value: object) -> tuple[str, int]:
    """A code name as stored: NFKC, one line, invisible characters dropped, spaces collapsed.

    Returns the code and the number of invisible characters dropped. Length limits and the Chinese
    messages about them stay with each tool.
    """
    text = unicodedata.normalize("NFKC", _unify_breaks("" if value is None else str(value)))
    text, dropped = drop_invisible(text, keep="")
    return " ".join(text.split()), dropped


def code_key(value: object) -> str:
    """The key two code names are compared by: :func:`clean_code`, spaces removed, case folded."""
    return "".join(clean_code(value)[0].split()).casefold()


def escape_html(text: object) -> str:
    """Return ``text`` safe to place inside HTML element content or a quoted attribute.

    ``<``, ``>``, ``&``, ``"`` and ``'`` are escaped; invisible characters (the one policy above)
    other than newline and tab are dropped so odd input cannot break or disguise the page.
    """
    if text is None:
        return ""
    return html.escape(drop_invisible(str(text))[0], quote=True)


def escape_multiline(text: object) -> str:
    """Escape ``text`` and keep its line breaks as ``<br>``."""
    return escape_html(text).replace("\r\n", "\n").replace("\n", "<br>")
