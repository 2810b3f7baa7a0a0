"""One escape helper for every learner string rendered as HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from kosguide.core.text import escape_html, escape_multiline


class TagCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def live_tags(markup: str) -> list[str]:
    parser = TagCounter()
    parser.feed(markup)
    parser.close()
    return parser.tags


html_fragments = st.sampled_from(
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=x>', "&lt;b&gt;", "</div>",
     "<!--", "javascript:", "\u202e", "\x00", "\ud800", "客情", "\n"]
)
texts = st.lists(st.text() | html_fragments, max_size=6).map("".join)


@given(texts)
def test_no_live_tag_comes_out(text: str) -> None:
    out = escape_html(text)
    assert "<" not in out and ">" not in out
    assert live_tags(f"<p>{out}</p>") == ["p"]
    assert live_tags(f'<p title="{out}">x</p>') == ["p"]


@given(texts)
def test_multiline_only_adds_br(text: str) -> None:
    assert set(live_tags(escape_multiline(text))) <= {"br"}


def test_chinese_and_punctuation_survive() -> None:
    assert escape_html("客情关系「信任」<第一> & '朋友'") == "客情关系「信任」&lt;第一&gt; &amp; &#x27;朋友&#x27;"
    assert escape_multiline("第一行\n第二行") == "第一行<br>第二行"
    assert escape_html(None) == ""
    assert escape_html("a\x00b\ud800c") == "abc"
