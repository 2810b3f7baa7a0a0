"""The refusal reviewer: each judgement on positive and negative examples, input checks, the dev floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kosguide.tools.refusal.review import MAX_CHARS, ReviewInputError, assemble, normalise, review

LABELLED = Path(__file__).resolve().parents[3] / "data" / "refusal_labelled.jsonl"
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
        assert {"id", "text", "split", *KEYS} <= set(r) <= {"id", "text", "split", "origin", "refusal", *KEYS}
        assert r["split"] in ("dev", "holdout")
        assert all(isinstance(r[k], bool) for k in KEYS)
        assert isinstance(r.get("refusal", True), bool)  # optional: absent = not labelled


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


# Rule families added after the independent evaluation (issue 7 follow-up): each on positive and
# negative examples written in other wordings than the labelled set.
FAMILY_CASES = [
    # empathy: putting oneself in their place, thanks for support, their feeling or wish, their trouble
    ("换了谁碰上这种事都会上火。", "empathy", True),
    ("搁谁身上都着急，我清楚。", "empathy", True),
    ("多谢您这几年一直关照我们。", "empathy", True),
    ("感谢贵公司对我们产品的关注与信任。", "empathy", True),
    ("您心里一定挺闹心的，货晚了两天。", "empathy", True),
    ("这次给您添了麻烦，对不住。", "empathy", True),
    ("我知道您是想赶在开学前把教室装好。", "empathy", True),
    ("您也是为了控制成本，这个我懂。", "empathy", True),
    ("谢谢您的理解和支持。", "empathy", False),
    ("感谢配合。", "empathy", False),
    ("收到，马上处理。", "empathy", False),
    ("不好意思，我刚才在开会。", "empathy", False),
    ("如果您希望更快，可以选加急。", "empathy", False),
    # principle: strict control, uniform distribution, law and compliance, hours, quotas, process
    ("折扣这块风控管得特别严，我批不了。", "principle", True),
    ("礼品是按年度采购额统一发放的。", "principle", True),
    ("这样开票是违规的。", "principle", True),
    ("這種發票不合規，開不了。", "principle", True),
    ("我们的服务时间为每天九点到六点。", "principle", True),
    ("试用装每位会员限领一份。", "principle", True),
    ("大家都在排队等这批货。", "principle", True),
    ("改账期得先请示区域经理。", "principle", True),
    ("我可以保证明天上午把合同草稿发给您。", "principle", False),
    ("您好，我是您的顾问小王。", "principle", False),
    ("规定肯定是要遵守的。", "overpromise", False),
    # alternative: concrete offers count, scope statements do not
    ("我这就去跟仓库申请调货，一小时内回您。", "alternative", True),
    ("我这边可以先借您一台样机。", "alternative", True),
    ("我能做的是明天上午约您半小时，把方案讲清楚。", "alternative", True),
    ("赠品只能随整机送，单独买配件送不了。", "alternative", False),
    ("上门安装我们周末安排不了。", "alternative", False),
    ("您要的那份报告属于其他客户的资料，不能外发。", "alternative", False),
    ("延长试用需要走合同变更流程。", "alternative", False),
    ("您把需求清单发我一下。", "alternative", False),
    ("谢谢您把竞品的报价单发给我。", "alternative", False),
    # harsh: rhetorical blame, absurdity, dismissive repetition, "look it up yourself"
    ("你急，别人就不急吗？", "harsh", True),
    ("你们采购不会看合同吗？", "harsh", True),
    ("这要求太离谱了吧。", "harsh", True),
    ("哪有免费送一台的道理？", "harsh", True),
    ("这事我已经解释过好多遍了。", "harsh", True),
    ("请自己查一下邮件。", "harsh", True),
    ("您另请高明吧。", "harsh", True),
    ("不可能。", "harsh", True),
    ("您看这个方案可以吗？", "harsh", False),
    ("我再跟您说明一下，周末我们不送货。", "harsh", False),
    ("我们的价格是全市最低的，您去别家比比就知道。", "harsh", False),
    ("抱歉，这个确实不行，价格是统一的，我可以送您一次保养。", "harsh", False),
    ("订单状态您也可以在小程序里查看。", "harsh", False),
    # overpromise: guarantees inside offers, outcomes for their business, folk certainty words
    ("不过我可以保证，您的返修率一定比现在低。", "overpromise", True),
    ("放心，我敢保证下个月不涨价。", "overpromise", True),
    ("这批货下周三前肯定发货。", "overpromise", True),
    ("选我们准没错，半年就能回本。", "overpromise", True),
    ("这个折扣十有八九能批下来。", "overpromise", True),
    ("我们的价格绝对是最实惠的。", "overpromise", True),
    ("效果我不能打包票，但可以安排技术员下周二上门。", "overpromise", False),
    ("这个绝对不能答应您，是公司红线。", "overpromise", False),
    ("您肯定很着急。", "overpromise", False),
    ("我明天中午前把报价单发给您。", "overpromise", False),
    ("质量问题您不用担心，出了问题按合同保修。", "overpromise", False),
]


@pytest.mark.parametrize(("message", "key", "expected"), FAMILY_CASES,
                         ids=[f"{k}-{m[:8]}" for m, k, _ in FAMILY_CASES])
def test_rule_families_after_independent_evaluation(message: str, key: str, expected: bool) -> None:
    assert getattr(review(message), key) is expected


def test_veto_rules_never_count_and_quote_no_words() -> None:
    result = review("赠品只能随整机送，谢谢您的理解与支持。")
    assert not result.alternative and not result.empathy
    assert all(not h.rule_id.startswith("veto-") for h in result.hits)


def test_new_rules_quote_the_learners_traditional_words() -> None:
    result = review("都說了不能開這種發票，你們公司財務不懂嗎？這是違法的。")
    by_key = {f.key: f for f in result.feedback}
    assert result.principle and result.harsh
    assert any("違法" in q for q in by_key["principle"].quotes)
    assert "違法" in by_key["principle"].text
    assert any("懂嗎" in q or "都說了" in q for q in by_key["harsh"].quotes)


# Harsh rule families (session 3, harsh recall): each family on positive examples, which must be
# flagged by that family's own rule, and near misses (firm but polite) that must not be flagged at all.
HARSH_FAMILY_CASES = [
    # (message, rule id expected to fire, or None for "not harsh at all")
    ("同样的问题我说了多少次了。", "harsh-impatience"),
    ("这个问题你到底要问几遍？", "harsh-impatience"),
    ("我早就告訴過你了，別再打電話來。", "harsh-impatience"),
    ("太晚了，明天再说吧。", "harsh-impatience"),
    ("上次的说明我再整理一份发您，今天五点前发到。", None),
    ("是你们自己没做保养才坏的。", "harsh-blame-you"),
    ("下单前请看仔细点。", "harsh-blame-you"),
    ("连合同期限都不知道，还来问我？", "harsh-blame-you"),
    ("這是您們自己操作不當造成的。", "harsh-blame-you"),
    ("故障原因要先检测再判断，我明天上午安排工程师上门。", None),
    ("跟我说没用，那是物流的事。", "harsh-brush-off"),
    ("这个你得问厂家。", "harsh-brush-off"),
    ("不關我事。", "harsh-brush-off"),
    ("退款归财务部管，我现在就把您的单号转给财务，今天下午回复您。", None),
    ("价格就这样，不要就算了。", "harsh-take-it"),
    ("您看着办吧。", "harsh-take-it"),
    ("嫌贵可以不买。", "harsh-take-it"),
    ("要不要隨你。", "harsh-take-it"),
    ("价格确实降不了，您可以再比较一下，我明天上午把配置清单发您参考。", None),
    ("呵呵，这个价连成本都不够。", "harsh-sarcasm"),
    ("您觉得这可能吗？", "harsh-sarcasm"),
    ("我们又不是开慈善机构的。", "harsh-sarcasm"),
    ("這種價格您也說得出口？", "harsh-sarcasm"),
    ("哈哈您真幽默，价格确实是统一的哦，我可以送您一张保养券。", None),
    ("这不是我能决定的，我也没办法。", "harsh-unsoftened"),
    ("我也沒辦法，公司就這麼定的。", "harsh-unsoftened"),
    ("这个我帮不了。", "harsh-unsoftened"),
    ("抱歉，这不是我能决定的，我也没办法。", None),
    ("理解您的难处，这确实不是我能决定的，我也没办法。", None),
    ("这不是我能决定的，我也没办法，不过我可以约区域经理明天下午和您当面谈。", None),
    ("你说呢？", "harsh-sarcasm-alone"),
    # near misses for the wordings the families use
    ("我们先试用一个月，您说呢？", None),
    ("我先搞清楚情况，明天上午回复您。", None),
    ("我已经告诉了仓库，明天发货。", None),
    ("款式随便您挑。", None),
    ("如果您自己没时间，我可以上门。", None),
    ("真不好意思开口，这个价确实给不了。", None),
]


@pytest.mark.parametrize(("message", "rule_id"), HARSH_FAMILY_CASES, ids=[m[:10] for m, _ in HARSH_FAMILY_CASES])
def test_harsh_rule_families(message: str, rule_id: str | None) -> None:
    result = review(message)
    if rule_id is None:
        assert not result.harsh, [(h.rule_id, h.quote) for h in result.hits]
    else:
        assert result.harsh
        assert rule_id in {h.rule_id for h in result.hits}


def test_unsoftened_rule_quotes_the_original_words_in_feedback() -> None:
    result = review("這個不是我能決定的，我也沒辦法。")
    harsh = next(f for f in result.feedback if f.key == "harsh")
    assert result.principle and result.harsh
    assert "沒辦法" in harsh.text and any("沒辦法" in q for q in harsh.quotes)


def test_a_polite_firm_refusal_with_a_reason_is_not_harsh() -> None:
    for message in ("按规定不能退。", "合同就是这么签的，改不了。", "价格是统一的，我没有权限调整。"):
        assert not review(message).harsh, message
