"""Parser for the customer-journey data (``data/journey/*.toml``) used by chapter 2's planner.

One file holds one journey model: the trust factors, the stages with their tactics, and the
diagnostic questions that suggest a stage. Every cross-reference (a tactic's factor, a question's
stage) is checked here, so a typo is a Chinese :class:`~kosguide.datafile.DataError`, not a
broken widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.datafile import Table
from ...core.registry import DataKind


@dataclass(frozen=True)
class TrustFactor:
    """One of the four factors of trust, with a checklist question for the learner."""

    id: str
    name: str
    meaning: str
    check: str


@dataclass(frozen=True)
class Tactic:
    """A trust tactic for one stage; ``days`` is its default due offset from the plan's start."""

    id: str
    title: str
    why: str
    action: str
    days: int
    factor: str = ""


@dataclass(frozen=True)
class Stage:
    """A stage of the customer journey. ``name_from_source`` is False for the course's own labels."""

    id: str
    order: int
    name: str
    name_from_source: bool
    customer: str
    goal: str
    tactics: tuple[Tactic, ...]


@dataclass(frozen=True)
class Signal:
    """A yes/no diagnostic question; a "yes" points to ``stage``."""

    id: str
    stage: str
    question: str


@dataclass(frozen=True)
class JourneyModel:
    """Everything the journey trust planner needs."""

    id: str
    source: str
    factors: tuple[TrustFactor, ...]
    stages: tuple[Stage, ...]
    signals: tuple[Signal, ...]
    file: Path | None = None

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        known = "、".join(f"{s.id}（{s.name}）" for s in self.stages)
        raise KeyError(f"没有编号为「{stage_id}」的阶段。可选：{known}")

    def factor(self, factor_id: str) -> TrustFactor:
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(f"没有编号为「{factor_id}」的信任因素。")



def parse_journey(doc: dict[str, Any], label: str, path: Path | None = None) -> list[JourneyModel]:
    """One file holds one journey model (returned as a one-item list, like every parser)."""
    top = Table(doc, label, "")
    model_id = top.ident("id")
    top.item = model_id
    source = top.text("source")

    factors: list[TrustFactor] = []
    for number, raw in enumerate(top.tables("factors"), start=1):
        t = Table(raw, label, f"第 {number} 个信任因素")
        fid = t.ident("id")
        t.item = f"信任因素 {fid}"
        factors.append(TrustFactor(fid, t.text("name"), t.text("meaning"), t.text("check")))
        t.no_unknown_fields()
    top.unique([f.id for f in factors], "factors", "信任因素")
    factor_ids = {f.id for f in factors}

    stages: list[Stage] = []
    for number, raw in enumerate(top.tables("stages"), start=1):
        t = Table(raw, label, f"第 {number} 个阶段")
        sid = t.ident("id")
        t.item = f"阶段 {sid}"
        tactics: list[Tactic] = []
        for tnum, raw_tactic in enumerate(t.tables("tactics"), start=1):
            tt = Table(raw_tactic, label, f"阶段 {sid} 的第 {tnum} 个做法")
            tid = tt.ident("id")
            tt.item = f"阶段 {sid} 的做法 {tid}"
            factor = tt.text("factor", required=False)
            if factor and factor not in factor_ids:
                raise tt.error(f"「{factor}」不是已定义的信任因素（可选：{'、'.join(sorted(factor_ids))}）。",
                               "factor")
            tactics.append(Tactic(tid, tt.text("title"), tt.text("why"), tt.text("action"),
                                  tt.integer("days", 0, 365), factor))
            tt.no_unknown_fields()
        stages.append(Stage(sid, t.integer("order", 1, 20), t.text("name"), t.boolean("name_from_source"),
                            t.text("customer"), t.text("goal"), tuple(tactics)))
        t.no_unknown_fields()
    top.unique([s.id for s in stages], "stages", "阶段")
    top.unique([str(s.order) for s in stages], "stages", "阶段顺序 order")
    top.unique([x.id for s in stages for x in s.tactics], "stages", "做法")
    stage_ids = {s.id for s in stages}

    signals: list[Signal] = []
    for number, raw in enumerate(top.tables("signals"), start=1):
        t = Table(raw, label, f"第 {number} 个诊断问题")
        qid = t.ident("id")
        t.item = f"诊断问题 {qid}"
        signals.append(Signal(qid, t.choice("stage", sorted(stage_ids)), t.text("question")))
        t.no_unknown_fields()
    top.unique([q.id for q in signals], "signals", "诊断问题")
    silent = sorted(stage_ids - {q.stage for q in signals})
    if silent:
        raise top.error(f"阶段 {'、'.join(silent)} 没有任何诊断问题，规划器无法提示这个阶段。", "signals")
    top.no_unknown_fields()
    ordered = tuple(sorted(stages, key=lambda s: s.order))
    return [JourneyModel(model_id, source, tuple(factors), ordered, tuple(signals), path)]


# The data kinds this tool parses (read by the course-data loader through the tool registry).
DATA_KINDS: tuple[DataKind, ...] = (DataKind('journey', '客户旅程模型', parse_journey),)
