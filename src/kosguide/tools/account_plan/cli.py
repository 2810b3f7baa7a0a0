"""``kosguide plan build``: the one-page account plan from a JSON file of facts (chapter 8)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...core.cli_help import command_group, fail, print_json
from ...core.storage import StorageError, load_json
from .plan import (
    PlanFactsError,
    account_plan_markdown,
    plan_from_facts,
    plan_to_dict,
    save_plan,
)

FORMAT_HELP = """\
FILE.json 是一个 JSON 对象，除 customer 外每一项都可以不写（没写的部分，计划里会说明用哪个工具补上）：

  customer      客户代号（必填），例如 "客户 L"。不要写真实姓名或公司名。
  today         计划日期，例如 "2027-01-11"；不写就是今天。
  review_date   下次复盘日期；不写就是计划日期后 30 天。
  profile       客户画像：{"字段 key": "内容"}，key 与画像构建器相同，
                例如 company_code、contact_role、business、decision_chain、current_needs。
  personality   性格观察：{"answers": {"题目编号": -2…2 或 null}} 按观察客户模式计分，
                或 {"types": ["perfect"], "basis": "依据"}（类型：lively、powerful、perfect、peaceful）。
  journey       旅程计划：{"stage": "retention", "start": "2027-01-12",
                "tactics": [可选，做法编号], "trust": ["authenticity", …已做到的信任因素]}。
  promises      承诺：[{"what": "内容", "due": "截止日期", "status": "进行中/按时兑现/逾期后兑现/已逾期",
                "done": "完成日期", "category": "callback/document/…"}]。
  renewal       续约：{"results": "4, 6, 5", "current": "4", "unit": "单",
                "floor_margin": 0.1, "satisfaction_margin": 0.1}。
  welcome       欢迎语全文（会检查角色、工作时间、非工作时间渠道）。
  refusal       {"request": "客户的请求", "message": "你的拒绝话术"}（会按三步拒绝检查）。
  risks         ["你自己看到的风险", …]（最多 10 条）。

退出码：0 计划完整；1 有部分信息没能用上（计划照样生成，问题写在对应位置）；2 文件读不了或缺少客户代号。
所有处理都只在本机进行。
"""


def _cmd_build(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"找不到文件：{path}", file=sys.stderr)
        return 2
    loaded = load_json(path)
    if not loaded.ok:
        print(loaded.message, file=sys.stderr)
        return 2
    try:
        plan = plan_from_facts(loaded.data)
    except PlanFactsError as exc:
        return fail(exc, prefix="输入有误：")
    written = []
    try:
        if args.html:
            written.append(save_plan(plan, args.html, "html"))
        if args.md:
            written.append(save_plan(plan, args.md, "md"))
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        print_json(plan_to_dict(plan))
    elif not written:
        print(account_plan_markdown(plan))
    for out in written:
        print(f"已保存：{out}（只在本机）", file=sys.stderr if args.json else sys.stdout)
    for part, problem in plan.problems.items():
        print(f"⚠ {part}：{problem}", file=sys.stderr)
    return 1 if plan.problems else 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    _, sub = command_group(subparsers, "plan", help="一页纸客户经营计划（第 8 章）")
    build = sub.add_parser(
        "build", help="从一个 JSON 事实文件生成客户经营计划（Markdown / 可打印的 HTML）",
        description="用课程的各个工具处理 FILE.json 中的事实，生成一页纸客户经营计划。",
        epilog=FORMAT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("file", metavar="FILE.json", help="客户经营计划的事实文件（格式见下）")
    build.add_argument("--html", metavar="OUT.html", help="另存为可打印的 HTML（A4 一页）")
    build.add_argument("--md", metavar="OUT.md", help="另存为 Markdown")
    build.add_argument("--json", action="store_true", help="以 JSON 输出结果摘要")
    build.set_defaults(func=_cmd_build)
