"""The refusal reviewer's learned component: the model file, deterministic scoring, the rubric's exceptions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kosguide.core.datafile import DataError
from kosguide.tools.refusal.model import KEYS, default_model, load_model, packaged_model_path, parse_model
from kosguide.tools.refusal.review import review


def test_packaged_model_is_well_formed_small_and_loads() -> None:
    path = packaged_model_path()
    assert path.stat().st_size < 1_000_000
    model = load_model(path)
    assert model is not None and set(model.keys) == set(KEYS)
    for key in KEYS:
        assert 0 < model[key].threshold < 1 and model[key].weights


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.update(format="x"), "format"),
    (lambda d: d["keys"].pop("harsh"), "keys"),
    (lambda d: d["keys"]["harsh"].update(threshold=1.5), "threshold"),
    (lambda d: d["keys"]["harsh"].update(combine="maybe"), "combine"),
    (lambda d: d["keys"]["empathy"]["weights"].update({"c:好": "heavy"}), "weights[c:好]"),
    (lambda d: d["keys"]["empathy"]["weights"].update({"x:好": 1.0}), "weights"),
])
def test_malformed_model_gets_a_chinese_error_naming_file_and_field(mutate, field: str) -> None:
    doc = json.loads(packaged_model_path().read_text(encoding="utf-8"))
    mutate(doc)
    with pytest.raises(DataError) as err:
        parse_model(doc)
    assert "refusal/model.json" in str(err.value) and field in str(err.value) and "有误" in str(err.value)


def test_broken_json_file_names_the_file(tmp_path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="不是合法的 JSON"):
        load_model(bad)


def test_scoring_is_deterministic() -> None:
    text = "王总，理解您的心情，但价格对所有客户统一，我明天上午把赠品清单发您。"
    first = [review(text).labels() for _ in range(3)]
    assert first[0] == first[1] == first[2]
    code = f"from kosguide.tools.refusal.review import review; print(review({text!r}).labels())"
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
           for _ in range(2)}
    assert len(out) == 1


# The rubric's precision rules hold for the combined verdict, not only for the rules.
EXCEPTIONS = [
    ("我不保证一定能批，但今天会提交申请。", "overpromise", False),
    ("明天上午十点前我保证把报价单发到您邮箱。", "overpromise", False),
    ("今天下午五点前我一定把进度发给您。", "overpromise", False),
    ("您能保证一定到货吗？", "overpromise", False),
    ("抱歉，我不能给您这个价格。", "harsh", False),
    ("价格是统一的，我没有权限调整。", "harsh", False),
    ("我理解您，但这个确实没办法，价格对所有客户都一样。", "harsh", False),
    ("您看这个方案可以吗？", "harsh", False),
    ("我保证给您全网最低价。", "overpromise", True),
    ("总部肯定会批的。", "overpromise", True),
    ("爱要不要。", "harsh", True),
    ("你都问了三次了。", "harsh", True),
]


@pytest.mark.parametrize(("message", "key", "expected"), EXCEPTIONS)
def test_combination_respects_the_rubric_exceptions(message: str, key: str, expected: bool) -> None:
    assert getattr(review(message), key) is expected


def test_model_only_judgement_is_quoted_and_said_to_be_the_models() -> None:
    model = default_model()
    assert model is not None
    for text in ("哎呀这事儿真难办，换谁都头大，我懂。", "这种要求我们一般不接，您自己掂量。"):
        result = review(text)
        for hit in result.hits:
            if hit.rule_id == "model":
                assert "模型" in hit.note and (hit.quote == "" or hit.quote in text)


def test_rules_only_switch_still_works() -> None:
    assert review("不行。", model=False).harsh is True

