"""``kosguide dashboard DIR``: the class dashboard in the terminal (instructors; needs pandas).

Exit codes: 0 tables printed (even when some files were skipped), 2 bad input (no such folder, no valid
results file, or pandas is not installed). pandas is imported only when the command runs, so this
module itself stays importable in the browser's Pyodide kernel.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ...core.cli_help import add_json_flag, print_json

PANDAS_MISSING = ("班级看板需要 pandas，它没有随课程默认安装。请在讲师自己的电脑上运行："
                  'pip install "kosguide[instructor]"，然后再试。')

TOP_QUESTIONS = 15
TITLES = (
    ("temperament", "性格类型分布（自评，每位学员计最近一次）"),
    ("stages", "客户画像阶段分布"),
    ("refusal", "拒绝话术：最常缺少的步骤"),
    ("questions", "知识检查：第一次答错最多的题目"),
    ("checks", "知识检查概况"),
    ("roleplay", "对话演练：结局和最常没做到的判断"),
)


def _records(frame: Any) -> list[dict[str, Any]]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def _cmd_dashboard(args: argparse.Namespace) -> int:
    try:
        from . import dashboard
    except ImportError:
        print(PANDAS_MISSING, file=sys.stderr)
        return 2
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"找不到文件夹：{folder}", file=sys.stderr)
        return 2
    data = dashboard.load_class(folder)
    skipped = [{"file": s.file, "reason": s.reason} for s in data.skipped]
    if not data.learners:
        if args.json:
            print_json({"ok": False, "learners": 0, "skipped": skipped})
        print(f"{folder} 里没有可用的学员结果文件（*.json）。", file=sys.stderr)
        for s in data.skipped:
            print(f"  ✗ {s.file}：{s.reason}", file=sys.stderr)
        return 2
    if args.html:
        from ...core.storage import StorageError, save_text

        try:
            written = save_text(args.html, dashboard.dashboard_html(data))
        except StorageError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps({
            "ok": True, "learners": len(data.learners), "files": [item.file for item in data.learners],
            "skipped": skipped, **{key: _records(frame) for key, frame in data.tables().items()},
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"文件夹：{folder}；计入 {len(data.learners)} 份学员结果，跳过 {len(data.skipped)} 个文件。")
    tables = data.tables()
    for key, title in TITLES:
        print(f"\n== {title} ==")
        frame = tables[key]
        if key == "questions":
            shown = frame[frame["missed"] > 0].head(TOP_QUESTIONS).drop(columns=["check"])
            shown = shown.assign(prompt=[p if len(p) <= 36 else p[:35] + "…" for p in shown["prompt"]])
            print(f"（只列出第一次答错人数最多的前 {TOP_QUESTIONS} 题；全部 {len(frame)} 题见 --json 或 --html）")
            frame = shown
        print(dashboard.chinese(frame).to_string(index=False) if len(frame) else "（还没有数据）")
    if data.skipped:
        print(f"\n跳过了 {len(data.skipped)} 个文件：")
        for s in data.skipped:
            print(f"  ✗ {s.file}：{s.reason}")
    if args.html:
        print(f"\n✓ 打印版报告已保存到：{written}")
    return 0


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="班级看板：汇总一个文件夹里学员导出的匿名结果（讲师用，需要 pandas）",
        description=("读取文件夹 DIR 里的每个 *.json 学员结果文件，汇总全班的性格类型分布、画像阶段分布、"
                     "拒绝话术最常缺少的步骤和知识检查答错最多的题目。损坏或不相关的文件会列出原因并跳过。"
                     "所有处理都在本机完成。"),
    )
    parser.add_argument("dir", help="放学员结果文件的文件夹")
    parser.add_argument("--html", metavar="OUT.html", help="另存一份可打印的 HTML 报告")
    add_json_flag(parser)
    parser.set_defaults(func=_cmd_dashboard)
