"""The customer-situation data (chapter 5) is well-formed and reachable; broken copies fail in Chinese."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kosguide.core.data_loader import load_course_data, packaged_data_dir
from kosguide.core.datafile import DataError
from kosguide.tools.renewal.data import parse_situation

FILE = packaged_data_dir() / "renewal" / "situation.toml"
ROOT = Path(__file__).resolve().parents[4]


def doc() -> dict:
    return tomllib.loads(FILE.read_text(encoding="utf-8"))


def guide():
    return load_course_data([]).get("renewal", "situation")


def test_guide_loads_with_everything_chapter_five_teaches() -> None:
    g = guide()
    assert [r.name for r in g.reasons[:4]] == ["生意机会", "企业形象", "信息沟通", "提高效率"]
    assert len(g.reasons) == 9
    assert [m.name for m in g.motivations] == ["建立形象型", "盈利主导型", "从众跟风型"]
    assert {b.id for b in g.baselines} == {"new", "renewing", "churned"}
    assert "不代表" in g.caveat and g.source == "003"
    assert g.margins.floor == 0.1 and g.margins.satisfaction == 0.1
    assert "假设" in g.margins.note


def test_bandwagon_customers_renew_to_keep_up_with_peers() -> None:
    bandwagon = next(m for m in guide().motivations if m.id == "bandwagon")
    assert "同行" in bandwagon.judges_effect and "续约" in bandwagon.risk


def test_every_item_appears_in_the_chapter_page() -> None:
    text = (ROOT / "book" / "ch05-customer-situation.md").read_text(encoding="utf-8")
    g = guide()
    for name in [m.name for m in g.motivations] + [r.name for r in g.reasons] + [b.group for b in g.baselines]:
        assert name in text, name
    for example in g.business_examples[:4]:
        assert example.business.split("（")[0] in text, example.business
    assert "```{kos-exercise} ch05-renewal" in text


def test_calculator_uses_the_data_defaults() -> None:
    from kosguide.tools.renewal.widget import RenewalCalculatorView

    view = RenewalCalculatorView()
    assert view.floor_margin.value == 10 and view.satisfaction_margin.value == 10


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["margins"].update(floor=0.9), "字段 floor"),
    (lambda d: d["margins"].pop("note"), "字段 note"),
    (lambda d: d["reasons"][0].update(rank=3), "连续编号"),
    (lambda d: d["motivations"][1].update(id="image"), "签约动机编号「image」重复"),
    (lambda d: d["baselines"][0].update(id="vip"), "不在允许的取值中"),
    (lambda d: d.update(baselines=d["baselines"][:2]), "缺少客户群基线"),
    (lambda d: d["business_examples"][0].update(size="big"), "未知字段 size"),
    (lambda d: d.update(extra=1), "未知字段 extra"),
])
def test_broken_copies_fail_with_chinese_errors(mutate, fragment: str) -> None:
    data = doc()
    mutate(data)
    with pytest.raises(DataError) as info:
        parse_situation(data, "renewal/situation.toml")
    assert fragment in str(info.value) and "renewal/situation.toml" in str(info.value)


def test_calculator_messages_come_from_the_data_file() -> None:
    from kosguide.tools.renewal.calculator import calculate

    exp = calculate("10, 10", "5", unit="单")
    assert exp.message == guide().messages["below_floor"].format(current="5 单", floor="9 单")


def test_a_message_with_an_unknown_placeholder_is_refused_in_chinese() -> None:
    bad = doc()
    bad["messages"]["between"] = "本期 {curent} 还没到满意线 {line}。"
    with pytest.raises(DataError, match="未知的占位符 curent") as err:
        parse_situation(bad, "renewal/situation.toml")
    assert err.value.field_name == "between"
