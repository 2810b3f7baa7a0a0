"""Parser for the customer-situation data (``data/renewal/*.toml``) used by chapter 5's calculator."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind

REQUIRED_GROUPS = ("new", "renewing", "churned")

#: the calculator's explanations and the placeholders each may use
MESSAGE_FIELDS = {"no_current": (), "below_floor": ("current", "floor"), "between": ("current", "line"),
                  "above_line": ("current", "line"), "one_period": (), "all_zero": ()}


@dataclass(frozen=True)
class Margins:
    """Default margins of the calculator (fractions, e.g. 0.1 = 10 %); they are the learner's assumption."""

    floor: float
    satisfaction: float
    max_periods: int
    note: str


@dataclass(frozen=True)
class Reason:
    rank: int
    name: str


@dataclass(frozen=True)
class Motivation:
    id: str
    name: str
    profile: str
    judges_effect: str
    risk: str


@dataclass(frozen=True)
class BusinessExample:
    id: str
    business: str
    expectation: str
    example: str


@dataclass(frozen=True)
class Baseline:
    id: str
    group: str
    baseline: str
    advice: str


@dataclass(frozen=True)
class SituationGuide:
    """Everything chapter 5 teaches as data: reasons to pay, motivations, examples, baselines, margins."""

    id: str
    source: str
    caveat: str
    margins: Margins
    reasons: tuple[Reason, ...]
    motivations: tuple[Motivation, ...]
    business_examples: tuple[BusinessExample, ...]
    baselines: tuple[Baseline, ...]
    file: Path | None = None
    #: the calculator's explanations by id (see MESSAGE_FIELDS); optional in an instructor's file
    messages: dict[str, str] = field(default_factory=dict)

    def baseline(self, group_id: str) -> Baseline:
        for baseline in self.baselines:
            if baseline.id == group_id:
                return baseline
        known = "、".join(f"{b.id}（{b.group}）" for b in self.baselines)
        raise KeyError(f"没有编号为「{group_id}」的客户群。可选：{known}")


def _items(top: Table, key: str, what: str, label: str) -> list[Table]:
    tables = []
    for number, raw in enumerate(top.tables(key), start=1):
        tables.append(Table(raw, label, f"第 {number} 个{what}"))
    return tables



def parse_situation(doc: dict[str, Any], label: str, path: Path | None = None) -> list[SituationGuide]:
    """One file holds one guide (returned as a one-item list, like every parser)."""
    top = Table(doc, label, "")
    guide_id = top.ident("id")
    top.item = guide_id
    source = top.text("source")
    caveat = top.text("caveat")

    m = top.table("margins")
    margins = Margins(m.number("floor", 0.0, 0.5), m.number("satisfaction", 0.0, 0.5),
                      m.integer("max_periods", 2, 200), m.text("note"))
    m.no_unknown_fields()

    reasons = []
    for t in _items(top, "reasons", "付费原因", label):
        reasons.append(Reason(t.integer("rank", 1, 50), t.text("name")))
        t.no_unknown_fields()
    ranks = sorted(r.rank for r in reasons)
    if ranks != list(range(1, len(reasons) + 1)):
        raise top.error(f"付费原因的 rank 应从 1 开始连续编号，现在是 {ranks}。", "reasons")

    motivations = []
    for t in _items(top, "motivations", "签约动机", label):
        mid = t.ident("id")
        t.item = f"签约动机 {mid}"
        motivations.append(Motivation(mid, t.text("name"), t.text("profile"), t.text("judges_effect"),
                                      t.text("risk")))
        t.no_unknown_fields()
    top.unique([x.id for x in motivations], "motivations", "签约动机")

    examples = []
    for t in _items(top, "business_examples", "业务类型例子", label):
        eid = t.ident("id")
        t.item = f"业务类型例子 {eid}"
        examples.append(BusinessExample(eid, t.text("business"), t.text("expectation"), t.text("example")))
        t.no_unknown_fields()
    top.unique([x.id for x in examples], "business_examples", "业务类型例子")

    baselines = []
    for t in _items(top, "baselines", "客户群基线", label):
        bid = t.choice("id", REQUIRED_GROUPS)
        t.item = f"客户群基线 {bid}"
        baselines.append(Baseline(bid, t.text("group"), t.text("baseline"), t.text("advice")))
        t.no_unknown_fields()
    top.unique([x.id for x in baselines], "baselines", "客户群基线")
    missing = [g for g in REQUIRED_GROUPS if g not in {b.id for b in baselines}]
    if missing:
        raise top.error(f"缺少客户群基线：{'、'.join(missing)}。", "baselines")

    messages: dict[str, str] = {}
    if "messages" in doc:
        msg = top.table("messages")
        for key, allowed in MESSAGE_FIELDS.items():
            text = msg.text(key)
            try:
                names = {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
            except ValueError:
                raise msg.error("花括号没有配对（要显示花括号本身请写成 {{ 和 }}）。", key) from None
            if names - set(allowed):
                can = "、".join("{" + a + "}" for a in allowed) or "（无）"
                raise msg.error(f"有未知的占位符 {'、'.join(sorted(names - set(allowed)))}；这里可用：{can}。", key)
            messages[key] = text
        msg.no_unknown_fields()
    top.no_unknown_fields()
    return [SituationGuide(guide_id, source, caveat, margins, tuple(sorted(reasons, key=lambda r: r.rank)),
                           tuple(motivations), tuple(examples), tuple(baselines), path, messages=messages)]


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('renewal', '客户情况与续约数据', parse_situation),)
