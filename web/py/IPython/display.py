"""``display`` and ``clear_output`` for the light runtime: objects go to the exercise box."""

from __future__ import annotations

from typing import Any


def display(*objs: Any, **kwargs: Any) -> None:
    """Show each object in the exercise box that is running (widgets, HTML, plain text)."""
    from kos_web import bridge

    for obj in objs:
        bridge.display(obj)


def clear_output(wait: bool = False) -> None:
    """Output capture needs a kernel; in the light runtime there is nothing to clear."""


class HTML:
    """Minimal ``IPython.display.HTML``: an HTML string shown as HTML."""

    def __init__(self, data: str = "") -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


class Markdown:
    """Minimal ``IPython.display.Markdown``: shown as plain text (no Markdown renderer here)."""

    def __init__(self, data: str = "") -> None:
        self.data = data

    def __repr__(self) -> str:
        return self.data
