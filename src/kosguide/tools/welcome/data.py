"""Parser for the welcome builder's data (``data/welcome/*.toml``): ``DATA_KINDS`` of the welcome tool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind


@dataclass(frozen=True)
class WelcomeCheck:
    """One element a welcome message must contain, with the cues that show it is there."""

    id: str
    name: str
    cues: tuple[str, ...]
    hint: str


@dataclass(frozen=True)
class WelcomeSpec:
    """The welcome builder's template parts, required elements and warning lexicon."""

    id: str
    greeting: str
    intro: str
    hours: str
    after_hours: str
    expect: str
    closing: str
    casual_closing: str
    required: tuple[WelcomeCheck, ...]
    always_on: tuple[str, ...]
    always_on_ok_context: tuple[str, ...]
    always_on_hint: str


def parse_welcome(doc: dict[str, Any], label: str, path: Path | None = None) -> list[WelcomeSpec]:
    """Parse ``data/welcome/*.toml``: one welcome template and its checks per file."""
    top = Table(doc, label, "")
    wid = top.ident("id")
    top.item = wid
    parts = top.table("parts")
    required: list[WelcomeCheck] = []
    for number, raw in enumerate(top.tables("required", minimum=3), start=1):
        t = Table(raw, label, f"第 {number} 项必备内容")
        rid = t.ident("id")
        t.item = f"第 {number} 项必备内容（id={rid}）"
        cues = t.text_list("cues", required=True)
        required.append(WelcomeCheck(rid, t.text("name"), cues, t.text("hint")))
        t.no_unknown_fields()
    spec = WelcomeSpec(
        id=wid, greeting=parts.text("greeting"), intro=parts.text("intro"), hours=parts.text("hours"),
        after_hours=parts.text("after_hours"), expect=parts.text("expect"), closing=parts.text("closing"),
        casual_closing=parts.text("casual_closing"), required=tuple(required),
        always_on=top.text_list("always_on", required=True),
        always_on_ok_context=top.text_list("always_on_ok_context", required=True),
        always_on_hint=top.text("always_on_hint"),
    )
    parts.no_unknown_fields()
    top.no_unknown_fields()
    return [spec]


DATA_KINDS: tuple[DataKind, ...] = (DataKind("welcome", "欢迎语模板", parse_welcome),)
