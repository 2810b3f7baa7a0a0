"""``kosguide renewal``: the renewal expectation calculator on the command line (chapter 5)."""

from __future__ import annotations

import argparse
import json

from ...core.cli_help import add_json_flag, command_group, fail, print_json
from .calculator import (
    BELOW_FLOOR,
    POSITION_NAMES,
    ResultInputError,
    calculate,
    expectation_to_dict,
    fmt,
    group_explanation,
    load_situation,
)


def _cmd_calc(args: argparse.Namespace) -> int:
    guide = load_situation()
    if args.group != "renewing":
        text = group_explanation(guide, args.group)
        if args.json:
            print(json.dumps({"group": args.group, "explanation": text, "caveat": guide.caveat},
                             ensure_ascii=False, indent=2))
        else:
            print(text)
            print(f"注意：{guide.caveat}")
        return 0
    floor = guide.margins.floor if args.floor_margin is None else args.floor_margin / 100
    satisfaction = guide.margins.satisfaction if args.satisfaction_margin is None else args.satisfaction_margin / 100
    try:
        exp = calculate(" ".join(args.results), args.current, floor_margin=floor, satisfaction_margin=satisfaction,
                        unit=args.unit, max_periods=guide.margins.max_periods)
    except ResultInputError as exc:
        return fail(exc, prefix="输入有误：")
    if args.json:
        out = expectation_to_dict(exp)
        out["caveat"] = guide.caveat
        print_json(out)
    else:
        u = f" {args.unit.strip()}" if args.unit.strip() else ""
        print(f"过去 {len(exp.results)} 期：最低 {fmt(exp.minimum)}{u}，平均 {fmt(exp.average)}{u}")
        print(f"底线：{fmt(exp.floor)}{u}")
        print(f"满意线：{fmt(exp.satisfaction)}{u}")
        if exp.position:
            print(f"本期：{fmt(exp.current or 0)}{u}（{POSITION_NAMES[exp.position]}）")
        print(exp.message)
        for note in exp.notes:
            print(f"提示：{note}")
        print(f"规则：{exp.rule}")
        print(f"注意：{guide.caveat}")
    return 1 if exp.position == BELOW_FLOOR else 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _, sub = command_group(subparsers, "renewal", help="续约期望计算器（第 5 章）",
                           description="用续约客户过去各期的结果，算出期望底线和满意线。只在本机运行。")
    calc = sub.add_parser(
        "calc", help="计算底线和满意线，并看本期落在哪里",
        description=("例如：kosguide renewal calc 12 15 9 --current 11。"
                     "退出码：0 正常；1 本期低于底线（需要尽快跟进）；2 输入有误。"),
    )
    calc.add_argument("results", nargs="*", help="过去各期的结果（数字，空格或逗号隔开）")
    calc.add_argument("--current", help="本期结果（可不填）")
    calc.add_argument("--unit", default="", help="单位，例如：单")
    calc.add_argument("--floor-margin", type=float, help="底线比过去最低值低百分之几（默认取课程数据，10）")
    calc.add_argument("--satisfaction-margin", type=float, help="满意线比过去平均值高百分之几（默认 10）")
    calc.add_argument("--group", choices=("renewing", "new", "churned"), default="renewing",
                      help="客户类型：renewing 续约客户（默认）、new 新签客户、churned 断约客户")
    add_json_flag(calc)
    calc.set_defaults(func=_cmd_calc)

