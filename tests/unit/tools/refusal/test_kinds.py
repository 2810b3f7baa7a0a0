"""Issue 18: the kinds of wording a coach would never miss, each in fresh example sentences.

Blame, threats and withdrawn favours, mockery, the empathy word turned against the customer, vague
"回头／有机会／到时候" offers, messages that simply grant the request, absolute guarantees about the
product's future — and the same in Traditional characters, casual WeChat style and with typos.
The sentences here are written for these tests (not taken from the issue's table or any holdout set).
"""

from __future__ import annotations

import pytest

from kosguide.tools.refusal.review import review


def _notes(message: str, key: str) -> str:
    result = review(message)
    return " ".join(f.text for f in result.feedback if f.key == key)


BLAME = [
    "退不了的，下单那天就提醒过您核对尺码，这个真不能怪我们。",
    "要不是您那边一直拖着不给图纸，现在也不至于来不及。",
    "机器是您自己没按说明书操作才出的问题，跟我们的产品没关系。",
    "早干嘛去了？合同签之前不看清楚，现在又来找我。",
]
THREATS = [
    "您要是再这么压价，年底的返利我可就不能保证了，您自己掂量。",
    "如果您坚持去投诉，那之前答应的免费培训也就作废了。",
    "尾款再拖下去，下批货只能先给别的客户了。",
]
MOCKERY = [
    "呵呵，这个价我们连成本都不够，您是想让我们全公司喝西北风吗？",
    "按您这个砍法，我们老板明天就得去天桥底下摆摊了。",
    "免费送货还包安装？您当我们是做慈善的吗😅",
]
EMPATHY_TURNED = [
    "我理解您的想法，但您是不是也该体谅一下我们？",
    "您说的我都理解，可您也得理解一下我们的难处吧。",
]


@pytest.mark.parametrize("message", BLAME)
def test_blaming_the_customer_is_harsh_and_named(message: str) -> None:
    result = review(message)
    assert result.harsh
    assert not result.empathy


def test_blame_feedback_names_the_kind_and_quotes_the_words() -> None:
    text = _notes("退不了的，下单那天就提醒过您核对尺码，这个真不能怪我们。", "harsh")
    assert "这句话把责任推给了客户" in text
    assert "“不能怪" in text


@pytest.mark.parametrize("message", THREATS)
def test_threats_and_withdrawn_favours_are_harsh(message: str) -> None:
    result = review(message)
    assert result.harsh
    assert not result.principle


def test_threat_feedback_says_it_sounds_like_a_threat() -> None:
    assert "这像是在威胁" in _notes("如果您坚持去投诉，那之前答应的免费培训也就作废了。", "harsh")


@pytest.mark.parametrize("message", MOCKERY)
def test_mockery_and_sarcasm_are_harsh_and_not_a_reason(message: str) -> None:
    result = review(message)
    assert result.harsh
    assert not result.principle


def test_mockery_feedback_names_the_kind() -> None:
    assert "挖苦或嘲讽" in _notes("呵呵，这个价我们连成本都不够，您是想让我们全公司喝西北风吗？", "harsh")


@pytest.mark.parametrize("message", EMPATHY_TURNED)
def test_the_empathy_word_turned_against_the_customer_is_not_empathy(message: str) -> None:
    result = review(message)
    assert result.harsh
    assert not result.empathy


def test_real_empathy_is_still_empathy() -> None:
    result = review("我理解您想早点拿到货的心情，可排产对每家客户都按下单顺序，我明天上午十点把排期表发您。")
    assert result.empathy and result.principle and result.alternative and not result.harsh


@pytest.mark.parametrize("message", [
    "明白您的意思～价格是全国统一的，回头有新活动我再跟您说哈。",
    "这次名额确实满了，有机会再帮您留意。",
    "规定是统一的，到时候有优惠我第一时间通知您。",
])
def test_vague_offers_are_not_alternatives(message: str) -> None:
    result = review(message)
    assert not result.alternative
    alt = next(f for f in result.feedback if f.key == "alternative")
    assert "没有具体的时间和内容" in alt.text


def test_a_vague_word_with_a_set_time_still_counts() -> None:
    result = review("价格是统一的，我回头周四下午三点前把三种型号的对比表发给您。")
    assert result.alternative


@pytest.mark.parametrize("message", [
    "好的张姐，发票抬头已经帮您改好了，今天下午重新开一张发您。",
    "没问题，交货地址按您说的改到二号仓，周五照常送。",
    "收到～延保我这边给您加上了，合同明天一起寄出。",
])
def test_a_message_that_grants_the_request_is_not_a_refusal(message: str) -> None:
    result = review(message)
    assert result.is_refusal is False
    assert not result.alternative and not result.principle
    assert "没有拒绝" in result.refusal_note
    assert "不是一条拒绝" in result.summary
    assert not result.good
    assert result.as_dict()["is_refusal"] is False


def test_a_granting_message_still_gets_its_overpromise_flagged() -> None:
    result = review("没问题，这台给您换新的，新机十年都不会坏。")
    assert result.is_refusal is False
    assert result.overpromise


def test_a_real_refusal_is_a_refusal() -> None:
    assert review("抱歉，这个价格我没有权限再调。").is_refusal is True


@pytest.mark.parametrize("message", [
    "这款热水器装上，保证二十年不出问题。",
    "放心买，我们的价格以后绝不会再降。",
    "这个材质用一辈子都不会坏，坏了算我的。",
])
def test_absolute_guarantees_about_the_products_future_are_overpromises(message: str) -> None:
    assert review(message).overpromise


@pytest.mark.parametrize(("message", "key"), [
    ("換不了喔，當初就請您確認過型號，這個真不能怪我們。", "harsh"),         # Traditional, blame
    ("您要是再這樣砍價，下季的排期我可就沒法優先照顧您了。", "harsh"),       # Traditional, threat
    ("哈哈哈懂的～但您也得体谅下我们嘛，价格真没法动了🙃", "harsh"),          # casual, emoji, turned empathy
    ("呵呵，这价都卖了我们喝西北风去呀～", "harsh"),                         # casual mockery
    ("这個我理觧，但您也得理觧一下我们吧", "harsh"),                         # typos
])
def test_traditional_casual_and_typo_variants(message: str, key: str) -> None:
    assert getattr(review(message), key)


def test_traditional_vague_offer_is_not_an_alternative() -> None:
    assert not review("價格是統一的，回頭有活動再通知您～").alternative


# Kinds behind dev set N's errors, in sentences written for these tests (rule ids, so the model cannot mask them).
RULE_KINDS = [
    ("这个套餐只对年卡会员开放，抱歉哈。", "pri-scope"),
    ("机器已经过保了，上门维修要另外收费。", "pri-scope"),
    ("春节促销已经结束了，现在恢复原价。", "pri-scope"),
    ("我們公司沒有資質做冷鏈運輸。", "pri-scope"),
    ("行行行，给您换，别再磨了。", "harsh-impatience"),
    ("这次算了，给你退了，我也是服了。", "harsh-impatience"),
    ("您此前已三次来函，我司已多次答复，请勿再就此事来函。", "harsh-dismiss"),
    ("合作不合作都无所谓，您随意。", "harsh-dismiss"),
    ("啧啧，一开口就要半价。", "harsh-mockery"),
    ("您这胃口也太大了吧。", "harsh-mockery"),
    ("您这个要求挺有创意的，就是不现实。", "harsh-mockery"),
    ("理解您就是想多占点便宜嘛。", "harsh-empathy-turned"),
    ("下次签合同之前记得先看清楚条款。", "harsh-blame-customer"),
    ("为了您，什么规定都能破！", "over-break-rules"),
    ("好好好，保证后天到货总行了吧？", "over-guarantee-exasperated"),
]


@pytest.mark.parametrize(("message", "rule_id"), RULE_KINDS, ids=[m[:8] for m, _ in RULE_KINDS])
def test_kinds_found_on_dev_set_n(message: str, rule_id: str) -> None:
    assert rule_id in {h.rule_id for h in review(message).hits}


def test_breaking_rules_for_the_customer_is_no_reason() -> None:
    result = review("为了您，什么规定都能破！")
    assert result.overpromise and not result.principle


@pytest.mark.parametrize("message", ["OK", "👌", "好嘞，收到～"])
def test_a_bare_acknowledgement_is_not_harsh(message: str) -> None:
    result = review(message)
    assert not result.harsh and not result.is_refusal


# A declined promise ("不敢跟您保证", "不能打包票说") takes the guarantee words after it in its clause
# out of over-promising: the salesperson is saying what they cannot promise (sentences written here).
DECLINED_PROMISES = [
    "我不敢跟您打包票说下周一定到货，船期不归我们管。",
    "这个真说不准，我没法跟您保证审批肯定能过。",
    "质保写的是三年，我不能跟您说它十年都坏不了。",
]


@pytest.mark.parametrize("message", DECLINED_PROMISES)
def test_a_declined_promise_is_not_an_overpromise(message: str) -> None:
    assert review(message, model=False).overpromise is False


@pytest.mark.parametrize("message", ["放心，这台压缩机十年都坏不了。", "我跟您保证，审批肯定能过。"])
def test_the_same_words_without_the_declined_promise_still_are(message: str) -> None:
    assert review(message, model=False).overpromise is True
