"""The refusal reviewer: each judgement on positive and negative examples, input checks, the dev floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.refusal_review import MAX_CHARS, ReviewInputError, assemble, normalise, review

LABELLED = Path(__file__).resolve().parents[1] / "data" / "refusal_labelled.jsonl"
KEYS = ("empathy", "principle", "alternative", "harsh", "overpromise")

CASES = [
    # (message, key, expected)
    ("我特别理解您希望拿到更好价格的心情。", "empathy", True),
    ("理解理解～", "empathy", True),
    ("谢谢您一直这么信任我。", "empathy", True),
    ("辛苦了，这么晚还在忙。", "empathy", True),
    ("如果我是您，我也会这么想。", "empathy", True),
    ("谢谢您的理解与支持！", "empathy", False),
    ("价格是统一的，望理解。", "empathy", False),
    ("好的，收到。", "empathy", False),
    ("我不理解您为什么这么要求。", "empathy", False),
    ("我们的价格对所有客户统一公开。", "principle", True),
    ("这属于保密信息，按规定不能透露。", "principle", True),
    ("这个我没有权限调整。", "principle", True),
    ("排产是按下单顺序来的，对每家客户都公平。", "principle", True),
    ("合同就是这么签的，改不了。", "principle", True),
    ("不行。", "principle", False),
    ("没办法，就是这样。", "principle", False),
    ("我尽量帮您争取。", "principle", False),
    ("我可以为您申请一个配件作为赠品。", "alternative", True),
    ("紧急问题可以拨打24小时热线。", "alternative", True),
    ("我明天上午十点前把方案发到您邮箱。", "alternative", True),
    ("我尽量帮您争取，有机会再看吧。", "alternative", False),
    ("好的，我帮您问问，再说吧。", "alternative", False),
    ("我不能给您这个价格。", "alternative", False),
    ("您可以周一再联系我们。", "alternative", False),
    ("不行。", "harsh", True),
    ("爱要不要。", "harsh", True),
    ("你都问了三次了。", "harsh", True),
    ("这个不归我管，你去找售后吧。", "harsh", True),
    ("您这个要求不太合理吧。", "harsh", True),
    ("我也没办法。", "harsh", True),
    ("抱歉，我不能给您这个价格。", "harsh", False),
    ("价格是统一的，我没有权限调整。", "harsh", False),
    ("我理解您，但这个确实没办法，价格对所有客户都一样。", "harsh", False),
    ("我去找技术部门确认一下，今天下午三点前回复您。", "harsh", False),
    ("我保证给您全网最低价。", "overpromise", True),
    ("总部肯定会批的。", "overpromise", True),
    ("用了我们的系统，销量一定能翻倍。", "overpromise", True),
    ("有事随时找我，随叫随到！", "overpromise", True),
    ("我不保证一定能批，但今天会提交申请。", "overpromise", False),
    ("我可以每天同步进度，但不能保证一定提前。", "overpromise", False),
    ("明天上午十点前我保证把报价单发到您邮箱。", "overpromise", False),
    ("为了保证对每一位客户的公平，价格是统一的。", "overpromise", False),
    ("这个绝对不能透露，是保密信息。", "overpromise", False),
    ("您说“保证最低价”，这个我做不到，价格对所有客户统一。", "overpromise", False),
    ("您能保证一定到货吗？", "overpromise", False),
]


@pytest.mark.parametrize(("message", "key", "expected"), CASES, ids=[f"{k}-{m[:8]}" for m, k, _ in CASES])
def test_each_judgement(message: str, key: str, expected: bool) -> None:
    assert getattr(review(message), key) is expected


@pytest.mark.parametrize("message", [
    "王总，我特别理解您的心情。不过价格对所有客户统一公开，我没有权限调整。我可以送您一个原厂配件。",
    "王總，我特別理解您的心情。不過價格對所有客戶統一公開，我沒有權限調整。我可以送您一個原廠配件。",
    "王总 ，我 特别 理解 您的心情 ！不过价格对所有客户统一公开 ，我没有权限调整 。我可以送您一个原厂配件 。",
    "王总，我特别理觧您的心情。不过价格对所有客户统一公开，我没有权线调整。我可以送您一个原厂配件。",
    "王总\u200b，我特别理解您的心情\u202e。不过价格对所有客户统一公开，我没有权限调整。我可以送您一个原厂配件😊",
])
def test_variants_of_a_good_refusal_are_all_good(message: str) -> None:
    assert review(message).good


def test_feedback_quotes_the_learners_own_words() -> None:
    result = review("我理解您的想法，不過價格是統一的。我保证下周一定到货！")
    by_key = {f.key: f for f in result.feedback}
    assert "理解" in by_key["empathy"].text
    assert "價格是統一" in by_key["principle"].quotes[0] or "統一" in by_key["principle"].text
    assert any("保证" in q for q in by_key["overpromise"].quotes)
    assert by_key["alternative"].suggestion and "可以试试" in by_key["alternative"].text
    assert result.overpromise and not result.good


def test_casual_style_gets_casual_suggestions() -> None:
    result = review("亲～这个真的没办法哦")
    assert result.style == "casual"
    assert all(f.suggestion for f in result.feedback if f.key in ("principle", "alternative"))


@pytest.mark.parametrize("bad", ["", "   \n ", "\u200b\u200b", None, 123])
def test_empty_or_odd_input_gets_a_chinese_message(bad: object) -> None:
    with pytest.raises(ReviewInputError) as info:
        review(bad)  # type: ignore[arg-type]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_huge_input_is_refused_with_a_chinese_message() -> None:
    with pytest.raises(ReviewInputError, match="超过了上限"):
        review("理解" * (MAX_CHARS // 2 + 1))


def test_normalise_keeps_a_map_to_the_original() -> None:
    norm = normalise("價 格ＡＢ", {"價": "价"})
    assert norm.text == "价格ab"
    assert norm.quote(0, 2) == "價 格"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_either_reviews_or_gets_a_chinese_error(text: str) -> None:
    try:
        result = review(text)
    except ReviewInputError as exc:
        assert str(exc)
    else:
        assert set(result.as_dict()) >= set(KEYS)


def test_assemble_joins_parts_with_punctuation() -> None:
    message = assemble("理解您的心情", "价格是统一的。", "我可以送您一个配件", greeting="王总")
    assert message == "王总，理解您的心情。价格是统一的。我可以送您一个配件。"
    assert assemble() == ""


def _rows(split: str) -> list[dict]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] == split]


def test_labelled_set_is_well_formed() -> None:
    rows = _rows("dev") + _rows("holdout")
    assert len(rows) >= 100 and len(_rows("holdout")) >= 30
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "text", "split", *KEYS}
        assert all(isinstance(r[k], bool) for k in KEYS)


def test_dev_set_accuracy_floor() -> None:
    """Floor on the dev part only (the holdout part is reported by tools/bench_refusal.py, never asserted)."""
    rows = _rows("dev")
    correct = 0
    passed_bad = []
    for r in rows:
        got = review(r["text"]).labels()
        correct += sum(got[k] == r[k] for k in KEYS)
        if (r["harsh"] or r["overpromise"]) and not (got["harsh"] or got["overpromise"]):
            passed_bad.append(r["id"])
    assert correct / (len(rows) * len(KEYS)) >= 0.98
    assert passed_bad == []
