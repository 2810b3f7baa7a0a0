"""The chat-bubble HTML written by the ``kos-dialogue`` Sphinx directive, and its Chinese errors."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "book" / "_ext"))

from kos_dialogue import (  # importable thanks to the sys.path entry above
    CHANNELS,
    DialogueError,
    check_channel,
    check_verdict,
    parse_turns,
    render_dialogue_html,
)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def classes(self) -> list[str]:
        return [c for _, a in self.tags for c in (a.get("class") or "").split()]


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector


OWN_TAGS = {"figure", "figcaption", "span", "ol", "li", "div"}


def test_customer_left_sales_right_voice_and_note() -> None:
    turns = parse_turns(["客户 L：报价什么时候发？", "", "销售（语音 0:25）：今天下午三点前发您。", "（两天后）",
                         "销售小陈：合同已经发到邮箱了。"])
    assert [(t.speaker, t.voice) for t in turns] == [("客户 L", ""), ("销售", "0:25"), ("", ""), ("销售小陈", "")]
    html = render_dialogue_html("催报价", "微信一对一", "good", turns)
    page = parse(html)
    items = [a.get("class") for tag, a in page.tags if tag == "li"]
    assert items == ["kos-turn kos-turn--customer", "kos-turn kos-turn--sales kos-turn--voice",
                     "kos-turn kos-turn--note", "kos-turn kos-turn--sales"]
    text = "".join(page.text)
    assert "示范：较好的做法" in text and "微信一对一" in text and "语音 0:25" in text and "两天后" in text
    assert "kos-dialogue--good" in page.classes()


def test_bad_verdict_is_labelled_in_words_not_only_colour() -> None:
    html = render_dialogue_html("反例", "微信群", "bad", parse_turns(["王总：在吗", "销售：在"]))
    assert "反例：欠妥的做法" in "".join(parse(html).text)


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</li></ol><b>粗体</b>",
    "&lt;已转义&gt; & \"引号\" '单引号'",
])
def test_every_text_is_escaped(payload: str) -> None:
    note = payload.replace("（", "").replace("）", "")
    turns = parse_turns([f"客户{payload[:5]}：{payload}", f"销售：{payload}", f"（{note}）"])
    html = render_dialogue_html(payload, "朋友圈", "good", turns)
    html += render_dialogue_html(payload, "语音消息", "bad", turns)
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= OWN_TAGS
    assert "<script" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    assert payload in "".join(page.text)


def test_moments_post_then_comments() -> None:
    turns = parse_turns(["销售小陈：本周门店新到一批货。", "客户 A：有样品吗？", "销售小陈：有，周六可以来看。"])
    page = parse(render_dialogue_html("朋友圈", "朋友圈", "good", turns))
    assert "kos-moment" in page.classes()
    assert [t for t, _ in page.tags].count("li") == 2


@pytest.mark.parametrize(("lines", "phrase"), [
    (["客户说今天要报价"], "第 1 行"),
    (["客户：好的", "销售 今天发"], "第 2 行"),
    (["：没有说话人"], "缺少说话人或内容"),
    (["销售："], "缺少说话人或内容"),
    (["销售（语音）：你好"], "语音消息"),
    (["这是一句非常非常非常非常非常非常长的话其实没有冒号只是后面有一个：冒号"], "太长了"),
    ([], "对话是空的"),
    (["（只有旁白）"], "对话是空的"),
])
def test_malformed_lines_give_chinese_errors(lines: list[str], phrase: str) -> None:
    with pytest.raises(DialogueError, match=phrase):
        parse_turns(lines)


@pytest.mark.parametrize("value", ["微信", "", None, "wechat"])
def test_unknown_channel(value: str | None) -> None:
    with pytest.raises(DialogueError, match="不是可用的渠道"):
        check_channel(value)


@pytest.mark.parametrize("value", ["ok", "", None, "好"])
def test_unknown_verdict(value: str | None) -> None:
    with pytest.raises(DialogueError, match="只能是 good"):
        check_verdict(value)


def test_every_channel_renders() -> None:
    turns = parse_turns(["客户：在吗？", "销售：在的。"])
    for channel in CHANNELS:
        assert f'data-channel="{channel}"' in render_dialogue_html("t", channel, "good", turns)
