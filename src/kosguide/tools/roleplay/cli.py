"""``kosguide roleplay``: list, run and draw role-play scenarios (for instructors and tests).

``run`` reads the learner's replies from standard input, one per line, and prints the transcript
with each turn's judgements; with ``--json`` it prints
``{"scenario", "ending": {"id", "kind"} | null, "turns": [...], "retries": [...]}``.
"""

from __future__ import annotations

import argparse
import json
import sys

from .chart import graph_svg, text_tree
from .data import ENDING_NAMES
from .engine import Session, debrief, get_scenario, judge_texts, scenarios


def _cmd_list(args: argparse.Namespace) -> int:
    rows = [{"id": s.id, "chapter": s.chapter, "title": s.title, "industry": s.industry,
             "endings": [{"id": e.id, "kind": e.kind} for e in s.endings.values()]} for s in scenarios()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        kinds = "、".join(f"{e['id']}（{ENDING_NAMES[e['kind']]}）" for e in row["endings"])
        print(f"{row['id']}  第 {int(row['chapter'][2:])} 章  {row['title']}  [{row['industry']}]  结局：{kinds}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    scenario = get_scenario(args.id)
    session = Session(scenario)
    retries: list[dict[str, object]] = []
    for number, line in enumerate(sys.stdin, start=1):
        if session.finished:
            break
        step = session.send(line.rstrip("\r\n"))
        if step.kind == "retry":
            retries.append({"line": number, "message": step.message})
    if args.json:
        out = session.result()
        out["retries"] = retries
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    texts = judge_texts()
    report = debrief(session, texts)
    name = scenario.persona.name
    print(f"【{scenario.title}】{scenario.you}")
    for turn in report["turns"]:
        print(f"\n{name}：{turn['customer']}")
        print(f"我：{turn['reply']}")
        for j in turn["judgements"]:
            print(f"  {'✓' if j['good'] else '✗'} {j['name']}：{j['text']}")
    for r in retries:
        print(f"\n（第 {r['line']} 行没有发出：{r['message']}）")
    ending = report["ending"]
    if ending:
        print(f"\n{name}：{ending['customer']}\n结局：{ending['name']}（{ending['id']}）\n复盘：{ending['debrief']}")
    else:
        print(f"\n{name}：{session.customer_line()}\n（回复用完了，对话还没结束。）")
    return 0


def _cmd_graph(args: argparse.Namespace) -> int:
    scenario = get_scenario(args.id)
    print(graph_svg(scenario) if args.svg else text_tree(scenario))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("roleplay", help="对话演练：列出、运行和画出演练情景",
                            description="对话演练：和模拟客户练习微信对话。全部在本机运行，不联网。")
    rsub = parser.add_subparsers(dest="roleplay_command", metavar="子命令", required=True)
    p = rsub.add_parser("list", help="列出所有演练情景（编号、章节、标题、结局）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=_cmd_list)
    p = rsub.add_parser("run", help="从标准输入逐行读取学员的回复，运行一个情景",
                        description="从标准输入读取回复，每行一条；输出对话记录、每轮的判断和结局。")
    p.add_argument("id", help="情景编号（见 kosguide roleplay list）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=_cmd_run)
    p = rsub.add_parser("graph", help="画出情景的分支（文字树，或加 --svg 输出 SVG）")
    p.add_argument("id", help="情景编号")
    p.add_argument("--svg", action="store_true", help="输出 SVG 图")
    p.set_defaults(func=_cmd_graph)
