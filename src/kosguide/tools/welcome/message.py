"""The welcome-message builder (chapter 7): fields → a warm, professional message, and its check.

Pure Python. Template parts, required elements and the round-the-clock wording to warn about live
in ``data/welcome/welcome.toml``. The check works on the same normalised text as the refusal
reviewer (Traditional→Simplified, full/half width, no spaces), so pasted messages are judged too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..refusal.matching import default_reviewer
from ..refusal.normalise import ReviewInputError, clean_input, normalise
from .data import WelcomeSpec

MAX_FIELD_CHARS = 200
SENTENCE_ENDS = "。！？" + "!?\n"


@dataclass(frozen=True)
class WelcomeFields:
    """What the learner fills in. ``expect`` says what the customer can expect next."""

    name: str = ""
    role: str = "顾问"
    customer: str = ""
    hours: str = ""
    after_hours: str = ""
    expect: str = ""
    casual: bool = False


@dataclass(frozen=True)
class WelcomeCheckResult:
    """Which required elements the message has, and warnings about round-the-clock promises."""

    present: dict[str, bool]
    names: dict[str, str]
    hints: dict[str, str]
    warnings: tuple[str, ...]
    quotes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return all(self.present.values()) and not self.warnings

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "present": self.present, "missing": [self.names[k] for k, v in self.present.items()
                                                                     if not v],
                "warnings": list(self.warnings), "quotes": list(self.quotes)}


def welcome_spec() -> WelcomeSpec:
    from ...core.data_loader import default_course_data

    return default_course_data().get("welcome", "default")


def _field(value: str, label: str) -> str:
    value = " ".join(str(value or "").split())
    if len(value) > MAX_FIELD_CHARS:
        raise ReviewInputError(f"“{label}”太长了（{len(value)} 个字），请控制在 {MAX_FIELD_CHARS} 个字以内。")
    return value.replace("{", "（").replace("}", "）")


def build_welcome(fields: WelcomeFields, spec: WelcomeSpec | None = None) -> str:
    """Assemble the message from the template parts; parts whose field is empty are left out."""
    spec = spec or welcome_spec()
    values = {
        "name": _field(fields.name, "名字"), "role": _field(fields.role, "角色") or "顾问",
        "customer": _field(fields.customer, "客户称呼"), "hours": _field(fields.hours, "工作时间"),
        "after_hours": _field(fields.after_hours, "非工作时间渠道"),
        "expect": _field(fields.expect, "客户可以期待什么"),
    }
    parts = [spec.greeting if values["customer"] else "您好，", spec.intro]
    if values["hours"]:
        parts.append(spec.hours)
    if values["after_hours"]:
        parts.append(spec.after_hours)
    if values["expect"]:
        expect = values["expect"].rstrip("。！" + ".!")
        values["expect"] = expect
        parts.append(spec.expect + "。")
    parts.append(spec.casual_closing if fields.casual else spec.closing)
    text = "".join(parts)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def check_welcome(message: str, spec: WelcomeSpec | None = None) -> WelcomeCheckResult:
    """Does the message state role, hours and after-hours route? Does it promise round-the-clock availability?"""
    spec = spec or welcome_spec()
    reviewer = default_reviewer()
    cleaned = clean_input(message)
    norm = normalise(cleaned, reviewer.charmap, reviewer.lexicon.typos)
    text = norm.text
    present = {}
    for item in spec.required:
        present[item.id] = any(normalise(c, reviewer.charmap).text in text for c in item.cues)
    warnings: list[str] = []
    quotes: list[str] = []
    for cue in spec.always_on:
        cue_n = normalise(cue, reviewer.charmap).text
        start = text.find(cue_n)
        while start != -1:
            left = max((text.rfind(b, 0, start) for b in SENTENCE_ENDS), default=-1) + 1
            rights = [p for p in (text.find(b, start) for b in SENTENCE_ENDS) if p != -1]
            sentence = text[left:min(rights) if rights else len(text)]
            ok_context = any(normalise(c, reviewer.charmap).text in sentence for c in spec.always_on_ok_context)
            if not ok_context:
                quote = norm.quote(start, start + len(cue_n))
                if quote not in quotes:
                    quotes.append(quote)
                    warnings.append(f"“{quote}”：{spec.always_on_hint}")
            start = text.find(cue_n, start + 1)
    return WelcomeCheckResult(present, {i.id: i.name for i in spec.required}, {i.id: i.hint for i in spec.required},
                              tuple(warnings), tuple(quotes))
