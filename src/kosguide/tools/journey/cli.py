"""``kosguide journey``: the journey trust planner on the command line (chapter 2)."""

from __future__ import annotations

import argparse
import json
import sys

from ...core.cli_help import add_json_flag, command_group, fail, print_json
from .planner import (
    PlanInputError,
    build_plan,
    load_journey,
    parse_date,
    plan_markdown,
    plan_to_dict,
    stage_label,
    suggest_stage,
)


def _ids(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


def _cmd_stages(args: argparse.Namespace) -> int:
    model = load_journey()
    if args.json:
        print(json.dumps([{"id": s.id, "name": s.name, "name_from_source": s.name_from_source,
                           "tactics": [t.id for t in s.tactics]} for s in model.stages],
                         ensure_ascii=False, indent=2))
        return 0
    for stage in model.stages:
        print(f"{stage.order}. {stage.id}：{stage_label(stage)} —— {stage.customer}")
        for tactic in stage.tactics:
            print(f"     {tactic.id}：{tactic.title}（默认 {tactic.days} 天）")
    print("诊断问题（用于 kosguide journey suggest --yes）：")
    for signal in model.signals:
        print(f"  {signal.id}：{signal.question}")
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    model = load_journey()
    try:
        result = suggest_stage(model, _ids(args.yes) or [])
    except PlanInputError as exc:
        return fail(exc, prefix="输入有误：")
    if args.json:
        print(json.dumps({"stage": result.stage, "scores": result.scores, "tied": list(result.tied),
                          "message": result.message}, ensure_ascii=False, indent=2))
    else:
        print(result.message)
    return 0 if result.stage else 1


def _cmd_plan(args: argparse.Namespace) -> int:
    model = load_journey()
    try:
        today = parse_date(args.today, "今天的日期") if args.today else None
        plan = build_plan(model, args.stage, args.start, tactic_ids=_ids(args.tactics),
                          factor_checks={f: True for f in _ids(args.checked) or []},
                          customer=args.customer, today=today)
    except PlanInputError as exc:
        return fail(exc, prefix="输入有误：")
    if args.json:
        print_json(plan_to_dict(plan))
    else:
        print(plan_markdown(plan))
    for warning in plan.warnings:
        print(f"⚠ {warning}", file=sys.stderr)
    return 1 if plan.warnings else 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _, sub = command_group(subparsers, "journey", help="旅程信任规划器（第 2 章）",
                           description="按客户所处的旅程阶段，生成带日期的信任计划。只在本机运行。")

    stages = sub.add_parser("stages", help="列出四个阶段、各阶段的做法和诊断问题")
    add_json_flag(stages)
    stages.set_defaults(func=_cmd_stages)

    suggest = sub.add_parser("suggest", help="根据回答“是”的诊断问题提示阶段")
    suggest.add_argument("--yes", default="", help="回答“是”的问题编号，用逗号分隔")
    add_json_flag(suggest)
    suggest.set_defaults(func=_cmd_suggest)

    plan = sub.add_parser("plan", help="生成带日期的信任计划（默认输出 Markdown）",
                          description="退出码：0 正常；1 计划已生成但有日期提醒（例如日期已过）；2 输入有误。")
    plan.add_argument("--stage", required=True, help="阶段编号：awareness、consideration、decision、retention")
    plan.add_argument("--start", required=True, help="开始日期，格式 年-月-日，例如 2026-05-06")
    plan.add_argument("--tactics", help="只做这些做法（编号，用逗号分隔）；不填则该阶段全部做法")
    plan.add_argument("--checked", help="已经做到的信任因素编号，用逗号分隔")
    plan.add_argument("--customer", default="", help="客户代号（不要写真实名称）")
    plan.add_argument("--today", help="把哪一天当作今天（默认今天，多用于测试）")
    add_json_flag(plan)
    plan.set_defaults(func=_cmd_plan)

