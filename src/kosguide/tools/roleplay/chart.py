"""The branching of a scenario, as a text tree or an SVG (for the instructor guide and ``graph``).

Pure Python; every text in the SVG is escaped by :class:`kosguide.charts.svg.SvgCanvas`.
"""

from __future__ import annotations

from ...charts.svg import SvgCanvas
from ...core import palette
from .data import ENDING_NAMES, Scenario

KIND_COLORS = {"good": palette.OK, "mixed": palette.AMBER, "bad": palette.BAD}


def condition_text(when: tuple) -> str:
    """``("empathy", "!harsh")`` → "empathy 且 !harsh"; no condition → "其他回复"."""
    return " 且 ".join(str(c) for c in when) if when else "其他回复"


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_tree(s: Scenario) -> str:
    """An indented tree from the opening node; a node met again is shown as "（见上）"."""
    lines = [f"{s.title}（{s.id}，第 {int(s.chapter[2:])} 章）"]
    shown: set[str] = set()

    def walk(nid: str, depth: int, label: str) -> None:
        pad = "  " * depth
        if nid in s.endings:
            e = s.endings[nid]
            lines.append(f"{pad}{label}→ 结局 {nid}【{ENDING_NAMES[e.kind]}】")
            return
        node = s.nodes[nid]
        if nid in shown:
            lines.append(f"{pad}{label}→ 节点 {nid}（见上）")
            return
        shown.add(nid)
        lines.append(f"{pad}{label}→ 节点 {nid}：客户说“{_short(node.customer)}”")
        for edge in node.edges:
            walk(edge.to, depth + 1, f"[{condition_text(edge.when)}] ")

    walk(s.start, 0, "")
    return "\n".join(lines)


def graph_svg(s: Scenario) -> str:
    """Nodes in columns by their distance from the opening, edges as lines, endings coloured."""
    level: dict[str, int] = {s.start: 0}
    order = [s.start]
    for nid in order:  # breadth-first
        if nid in s.nodes:
            for edge in s.nodes[nid].edges:
                if edge.to not in level:
                    level[edge.to] = level[nid] + 1
                    order.append(edge.to)
    columns: dict[int, list[str]] = {}
    for nid in order:
        columns.setdefault(level[nid], []).append(nid)
    box_w, box_h, gap_x, gap_y = 150, 40, 70, 22
    rows = max(len(c) for c in columns.values())
    width = len(columns) * (box_w + gap_x) + 20
    height = rows * (box_h + gap_y) + 40
    canvas = SvgCanvas(width, height, f"情景「{s.title}」的分支图")
    pos = {nid: (10 + lv * (box_w + gap_x), 30 + i * (box_h + gap_y))
           for lv, ids in columns.items() for i, nid in enumerate(ids)}
    for nid, node in s.nodes.items():
        x, y = pos[nid]
        for edge in node.edges:
            tx, ty = pos[edge.to]
            canvas.line(x + box_w, y + box_h / 2, tx, ty + box_h / 2, stroke=palette.GREY_EDGE)
    for nid, (x, y) in pos.items():
        if nid in s.endings:
            kind = s.endings[nid].kind
            canvas.rect(x, y, box_w, box_h, palette.WHITE, stroke=KIND_COLORS[kind], rx=8)
            canvas.text(x + box_w / 2, y + 25, f"{nid}（{ENDING_NAMES[kind]}）", size=12,
                        fill=KIND_COLORS[kind], anchor="middle", weight="bold")
        else:
            canvas.rect(x, y, box_w, box_h, palette.CARD, stroke=palette.BLUE, rx=8)
            canvas.text(x + box_w / 2, y + 25, nid, size=12, anchor="middle")
    canvas.text(10, 18, s.title, size=13, weight="bold")
    return canvas.to_svg()
