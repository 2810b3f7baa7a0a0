"""Parser for the expectation-gap explorer and promise-ledger settings (``data/expectation/*.toml``).

One file holds one :class:`ExpectationConfig`: the satisfaction scale, the satisfaction bands
(with their thresholds), the explorer's preset scenarios and the promise ledger's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind

TONES = ("bad", "info", "ok")


@dataclass(frozen=True)
class Scale:
    """The fixed scale both expectation and experience are scored on."""

    minimum: int
    maximum: int
    expectation_label: str
    experience_label: str
    low_end: str
    high_end: str
    comparison_margin: int
    cliff_gap: int

    @property
    def span(self) -> int:
        return self.maximum - self.minimum


@dataclass(frozen=True)
class Band:
    """A satisfaction band: every gap ``>= min_gap`` up to the next band's ``min_gap``."""

    id: str
    label: str
    min_gap: int
    tone: str
    advice: str


@dataclass(frozen=True)
class Preset:
    """A scenario the explorer's buttons load: a story and its two scores."""

    id: str
    label: str
    expectation: int
    experience: int
    story: str


@dataclass(frozen=True)
class Category:
    """A kind of promise in the ledger (call-back time, documents, …)."""

    id: str
    label: str


@dataclass(frozen=True)
class LedgerSettings:
    max_customer_chars: int
    max_text_chars: int
    max_promises: int
    categories: tuple[Category, ...]

    def category_label(self, category_id: str) -> str:
        for category in self.categories:
            if category.id == category_id:
                return category.label
        return category_id


@dataclass(frozen=True)
class ExpectationConfig:
    id: str
    title: str
    scale: Scale
    bands: tuple[Band, ...]
    presets: tuple[Preset, ...]
    ledger: LedgerSettings
    file: Path | None = None



def parse_expectation(doc: dict[str, Any], label: str, path: Path | None = None) -> list[ExpectationConfig]:
    """One file holds one configuration (returned as a one-item list, like every parser)."""
    top = Table(doc, label, "")
    config_id = top.ident("id")
    top.item = config_id
    title = top.text("title")

    s = top.table("scale")
    minimum = s.integer("minimum", -100, 100)
    maximum = s.integer("maximum", -100, 100)
    if maximum - minimum < 2:
        raise s.error(f"maximum 要比 minimum 至少大 2，现在是 {minimum} 到 {maximum}。", "maximum")
    span = maximum - minimum
    scale = Scale(
        minimum, maximum,
        s.text("expectation_label"), s.text("experience_label"), s.text("low_end"), s.text("high_end"),
        s.integer("comparison_margin", 1, span), s.integer("cliff_gap", -span, -1),
    )
    s.no_unknown_fields()

    bands: list[Band] = []
    for number, raw in enumerate(top.tables("bands", minimum=2), start=1):
        b = Table(raw, label, f"{config_id}的第 {number} 个满意度分段")
        band = Band(b.ident("id"), b.text("label"), b.integer("min_gap", -span, span), b.choice("tone", TONES),
                    b.text("advice"))
        b.no_unknown_fields()
        if bands and band.min_gap <= bands[-1].min_gap:
            raise b.error(f"分段要按 min_gap 从小到大排列，{band.min_gap} 不大于上一段的 {bands[-1].min_gap}。",
                          "min_gap")
        bands.append(band)
    if bands[0].min_gap != -span:
        raise top.error(f"第一个分段的 min_gap 必须是 {-span}（刻度上可能出现的最小差值），"
                        f"否则有的差值不属于任何分段。", "bands")
    top.unique([b.id for b in bands], "bands")

    presets: list[Preset] = []
    for number, raw in enumerate(top.tables("presets", minimum=1), start=1):
        p = Table(raw, label, f"{config_id}的第 {number} 个预设情景")
        presets.append(Preset(p.ident("id"), p.text("label"), p.integer("expectation", minimum, maximum),
                              p.integer("experience", minimum, maximum), p.text("story")))
        p.no_unknown_fields()
    top.unique([p.id for p in presets], "presets")

    g = top.table("ledger")
    max_customer = g.integer("max_customer_chars", 4, 200)
    max_text = g.integer("max_text_chars", 20, 5000)
    max_promises = g.integer("max_promises", 10, 100_000)
    categories: list[Category] = []
    for number, raw in enumerate(g.tables("categories", minimum=1), start=1):
        c = Table(raw, label, f"{config_id}的第 {number} 个承诺类别")
        categories.append(Category(c.ident("id"), c.text("label")))
        c.no_unknown_fields()
    g.unique([c.id for c in categories], "categories")
    g.no_unknown_fields()

    top.no_unknown_fields()
    return [ExpectationConfig(config_id, title, scale, tuple(bands), tuple(presets),
                              LedgerSettings(max_customer, max_text, max_promises, tuple(categories)), path)]


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('expectation', '预期管理设置', parse_expectation),)
