"""Each judgement is the verdict of the tool it comes from, not a re-implementation."""

from __future__ import annotations

import pytest

from kosguide.tools.refusal.review import review
from kosguide.tools.roleplay.judges import JUDGE_IDS, JUDGES, Context, is_good, judge
from kosguide.tools.welcome.message import check_welcome

MESSAGES = [
    "不行。",
    "周总，您想把成本再压一压，我特别理解。只是我们的价格对所有客户统一公开，我也没有调价的权限。我可以为您申请一套原厂配件，明天随货一起送到。",
    "放心，我保证全网最低价！",
    "我尽量帮您问问，有机会再说。",
    "我是您的专属顾问小王，工作时间是周一到周五 9:00–18:00，下班后紧急问题请打二十四小时服务热线。",
    "有事随时找我，半夜也行，我随叫随到！",
    "明天下午三点前我把报价单发给您。",
    "Sorry, I can't.",
    "理解理解～这个真不行哈，我给您问问别的办法？",
]
CTX = Context("perfect", "decision")


@pytest.mark.parametrize("message", MESSAGES)
def test_refusal_judgements_are_the_reviewers(message: str) -> None:
    verdicts = judge(message, CTX)
    result = review(message)
    for key in ("empathy", "principle", "alternative", "harsh", "overpromise"):
        assert verdicts[key].value == getattr(result, key), key
    assert verdicts["vague"].value == bool(result.vague)


@pytest.mark.parametrize("message", MESSAGES)
def test_welcome_judgements_are_the_welcome_checks(message: str) -> None:
    verdicts = judge(message, CTX)
    result = check_welcome(message)
    for key in ("role", "hours", "after-hours"):
        assert verdicts[key].value == result.present[key]
    assert verdicts["always-on"].value == bool(result.warnings)


def test_commitment_is_dated_own_action_and_never_an_overpromise() -> None:
    assert judge("明天下午三点前我把报价单发给您。", CTX, ["commitment"])["commitment"].value
    assert judge("明天下午三点前我把报价单发给您。", CTX, ["commitment"])["commitment"].quotes
    assert not judge("我会尽快发给您。", CTX, ["commitment"])["commitment"].value
    assert not judge("明天一定给您解决，保证没问题！", CTX, ["commitment"])["commitment"].value
    assert not judge("周四把报价单发给您，保证全网最低价！", CTX, ["commitment"])["commitment"].value


def test_style_fit_follows_the_personality_type() -> None:
    perfect = "我整理一份对比表，数据来源逐项注明。"
    assert judge(perfect, Context("perfect", ""), ["style-fit"])["style-fit"].value
    assert not judge("差不多吧，应该没问题。相信我。", Context("perfect", ""), ["style-fit"])["style-fit"].value
    assert judge("不着急，我们一步一步来。", Context("peaceful", ""), ["style-fit"])["style-fit"].value
    assert not judge("不着急，我们一步一步来。", Context("powerful", ""), ["style-fit"])["style-fit"].value
    long = "结论是可以。" + "这个方案的细节是这样的，" * 20
    assert not judge(long, Context("powerful", ""), ["style-fit"])["style-fit"].value, "力量型：太长不算简洁"


def test_stage_fit_uses_the_stage_tactics() -> None:
    v = judge("我给您安排一次免费试用，也会说清我们不擅长的地方。", Context("", "decision"), ["stage-fit"])["stage-fit"]
    assert v.value and "试用" in v.quotes
    assert not judge("我给您安排一次免费试用。", Context("", "awareness"), ["stage-fit"])["stage-fit"].value


def test_quotes_are_the_learners_original_words() -> None:
    v = judge("馮總，我理解您的心情。", CTX, ["empathy"])["empathy"]
    assert v.value and any("理解" in q for q in v.quotes)


def test_registry_directions_and_unknown_ids() -> None:
    assert not JUDGES["harsh"].good_when and JUDGES["empathy"].good_when
    verdicts = judge("不行。", CTX)
    assert list(verdicts) == list(JUDGE_IDS)
    assert not is_good(verdicts["harsh"])
    with pytest.raises(KeyError):
        judge("你好", CTX, ["nope"])
