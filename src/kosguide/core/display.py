"""Rich-display objects that need no widget library: anything with ``_repr_html_``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Html:
    """Safe HTML that notebooks (local Jupyter and JupyterLite) display as is.

    Build ``html`` only from escaped learner text (:func:`kosguide.escaping.escape_html`).
    """

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


@dataclass(frozen=True)
class Svg:
    """An SVG drawing; shown inline in notebooks and writable to a ``.svg`` file."""

    svg: str

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        # Inline SVG in HTML keeps its text selectable and uses the page's CJK fonts.
        return f'<div class="kos-chart">{self.svg}</div>'

    def __str__(self) -> str:
        return self.svg
