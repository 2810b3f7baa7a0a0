"""``kosguide quiz``: score the chapter 4 personality quiz from a file, or list its items.

ANSWERS.json (UTF-8)::

    {
      "mode": "customer",            # "self"（自测）or "customer"（观察客户）
      "name": "客户 A",               # optional code name (never a real name)
      "answers": {                   # item id → answer
        "a-decide-fast": 2,          # -2 完全不符合 … 0 一半一半 … 2 非常符合
        "s-plan": -1,
        "a-patient": null            # null = 没注意到 / 不确定： does not count
      }
    }

Items left out do not count either. ``kosguide quiz items`` lists every item id with its wording.
Exit codes: 0 scored (the result may still say it cannot conclude), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ...core.cli_help import add_json_flag, command_group, print_json
from ...core.datafile import DataError
from ...core.storage import parse_json_bytes
from .data import MODES, PROFILE_FIELDS
from .scoring import CAVEAT, AnswerError, load_quiz, score, strength_word

MAX_ANSWERS_BYTES = 200_000

FORMAT_HELP = (
    "ANSWERS.json 的格式：{\"mode\": \"self\" 或 \"customer\", \"name\": \"代号（可省略）\", "
    "\"answers\": {\"题目编号\": 分值， …}}。分值为 -2（完全不符合）到 2（非常符合）的整数；"
    "null 表示“没注意到 / 不确定”，和没写的题一样不计分。题目编号用 kosguide quiz items 查看。"
)


class InputError(ValueError):
    """The answers file is unusable; the message is Chinese."""


def read_answers(path: Path) -> dict[str, Any]:
    """Read and check the outer shape of an answers file (the item values are checked when scoring)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"找不到或无法读取答案文件 {path}（{exc.strerror or exc}）。") from exc
    if size > MAX_ANSWERS_BYTES:
        raise InputError(f"答案文件太大（{size:,} 字节，上限 {MAX_ANSWERS_BYTES:,} 字节）。")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise InputError(f"无法读取答案文件 {path}（{exc.strerror or exc}）。") from exc
    doc, problem = parse_json_bytes(raw)  # read-only: the file stays as it is
    if problem is not None:
        raise InputError(f"答案文件{problem}")
    if not isinstance(doc, dict):
        raise InputError("答案文件的最外层应当是一个 JSON 对象 {…}。")
    unknown = sorted(set(doc) - {"mode", "name", "answers"})
    if unknown:
        raise InputError(f"答案文件里有未知的字段：{'、'.join(str(u)[:30] for u in unknown)}。")
    if doc.get("mode") not in MODES:
        raise InputError("答案文件缺少 mode，或 mode 不是 \"self\"（自测）/ \"customer\"（观察客户）。")
    if not isinstance(doc.get("answers"), dict):
        raise InputError("答案文件缺少 answers，或它不是“题目编号 → 分值”的对象。")
    if "name" in doc and not isinstance(doc["name"], str):
        raise InputError("name 应当是文字（代号）。")
    return doc


def _cmd_score(args: argparse.Namespace) -> int:
    try:
        doc = read_answers(Path(args.answers))
        bank, types = load_quiz()
        result = score(bank, types, doc["answers"], doc["mode"], doc.get("name", ""))
    except (InputError, AnswerError) as exc:
        print(f"出错了：{exc}", file=sys.stderr)
        print(FORMAT_HELP, file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"出错了：{exc}", file=sys.stderr)
        return 1
    by_id = {t.id: t for t in types}
    if args.json:
        out = result.to_dict()
        out["type_names"] = [by_id[t].name for t in result.type_ids]
        out["can_conclude"] = result.can_conclude
        out["caveat"] = CAVEAT
        print_json(out)
        return 0
    print(f"{result.name}（{MODES[result.mode]}）：{result.message}")
    for axis in (result.style, result.action):
        label = "风格（感性 −100 ↔ 理性 +100）" if axis.axis == "style" else "行动（优柔 −100 ↔ 率直 +100）"
        print(f"  {label}：{axis.score:+.0f}（{strength_word(axis.score, bank.between_band)}），"
              f"计分 {axis.counted}/{axis.total} 题")
    for type_id in result.type_ids:
        t = by_id[type_id]
        if result.mode == "customer":
            print(f"\n与{t.name}客户“{t.slogan}”：{t.summary}。")
            for line in t.work_with:
                print(f"  · {line}")
        else:
            print(f"\n{t.name}（{t.story_role}）")
            for key, label in PROFILE_FIELDS.items():
                print(f"  {label}：{'；'.join(getattr(t, key))}")
        if t.layout_assigned:
            print(f"  注：{t.layout_note}")
    print(f"\n{CAVEAT}")
    return 0


def _cmd_items(args: argparse.Namespace) -> int:
    bank, _ = load_quiz()
    mode = args.mode
    if args.json:
        print(json.dumps({
            "scale": [{"value": o.value, "label": o.label} for o in bank.scale],
            "unobserved": {"value": None, "label": bank.unobserved_label},
            "items": [{"id": i.id, "axis": i.axis, "direction": i.direction, "text": i.text(mode)}
                      for i in bank.items],
        }, ensure_ascii=False, indent=2))
        return 0
    print("答案刻度：" + "；".join(f"{o.value:+d} = {o.label}" for o in bank.scale)
          + f"；null = {bank.unobserved_label}（不计分）")
    for item in bank.items:
        print(f"{item.id:<20} {item.text(mode)}")
    return 0


def add_commands(subparsers: Any) -> None:
    _, sub = command_group(subparsers, "quiz", help="第 4 章性格小测：计分、列出题目",
                           description="第 4 章性格小测的命令行版本。所有数据都只在本机处理。")
    scorer = sub.add_parser("score", help="根据答案文件计算性格小测的结果", description=FORMAT_HELP)
    scorer.add_argument("answers", metavar="ANSWERS.json", help="答案文件")
    add_json_flag(scorer)
    scorer.set_defaults(func=_cmd_score)
    items = sub.add_parser("items", help="列出全部题目编号和说法")
    items.add_argument("--mode", choices=sorted(MODES), default="self",
                       help="题目说法：self（自测）或 customer（观察客户）")
    add_json_flag(items)
    items.set_defaults(func=_cmd_items)
