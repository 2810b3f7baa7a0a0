"""One text-cleaning policy: the same invisible characters go everywhere, and one code is one code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kosguide.core.text import INVISIBLE_CATEGORIES, clean_code, clean_text, code_key, escape_html
from kosguide.tools.account_plan.model import same_customer
from kosguide.tools.ledger.ledger import clean_text as ledger_clean
from kosguide.tools.personality.scoring import clean_name
from kosguide.tools.profile.validation import validate_code_name
from kosguide.tools.results.validation import clean_learner_code

ODD = [
    "客户 A3",
    " \u200b客户\u00a0Ａ３\u200d ",     # zero-width space/joiner, no-break space, full-width letters
    "客户\u202eA3",                     # a bidi override that would disguise the text
    "客户\r\nA3\u2028",                 # line breaks of every kind
    "客户\x00\x07 A3\ue000",            # controls and a private-use character
]


@pytest.mark.parametrize("raw", ODD)
def test_one_customer_code_is_cleaned_identically_by_every_tool(raw: str) -> None:
    expected = clean_code(raw)[0]
    assert validate_code_name(raw).value == expected
    assert ledger_clean(raw, "客户代号", 100) == expected
    assert clean_name(raw, "customer") == expected
    assert clean_learner_code(raw, strict=False) == expected


def test_full_width_and_spaces_are_the_same_customer() -> None:
    assert clean_code("客户\u3000Ａ３")[0] == "客户 A3"
    assert same_customer("客户 L", "客户Ｌ") and code_key("客户 l") == code_key("客户L")
    assert not same_customer("客户 L", "客户 M")


@given(st.text())
def test_no_invisible_character_survives_any_cleaner(text: str) -> None:
    import unicodedata

    for cleaned in (clean_code(text)[0], clean_text(text)[0], clean_text(text, multiline=False)[0]):
        assert not any(unicodedata.category(ch) in INVISIBLE_CATEGORIES and ch not in "\n\t" for ch in cleaned)
    assert "\n" not in clean_code(text)[0] and "\n" not in clean_text(text, multiline=False)[0]


def test_free_text_keeps_line_breaks_and_counts_what_it_dropped() -> None:
    assert clean_text("第一行\r\n第二行\u2029第三行\u200b") == ("第一行\n第二行\n第三行", 1)
    assert escape_html("<b>\u202e</b>") == "&lt;b&gt;&lt;/b&gt;"
