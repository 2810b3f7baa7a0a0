"""A customer profile (only a code name, never a real name) and reading one back from JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .data import ProfileField
from .schema import EXPORT_KIND, MAX_UNRECOGNISED, PROFILE_KIND, VERSION, ProfileError, ProfileSchema, default_schema
from .validation import ValueCheck, _type_name, validate_code_name, validate_value


# ---------------------------------------------------------------------------------------- model
@dataclass
class Profile:
    """One customer's profile: a code name and a value per field key (only filled fields are stored).

    ``unrecognised`` keeps, untouched, whatever a loaded file held that this version cannot use
    (unknown fields, invalid values): it is saved back but never shown or exported.
    """

    code_name: str
    values: dict[str, str] = field(default_factory=dict)
    unrecognised: dict[str, Any] = field(default_factory=dict)

    def set_value(self, item: ProfileField, value: object) -> ValueCheck:
        """Validate and store one value; an invalid value leaves the stored one unchanged."""
        check = validate_value(item, value)
        if check.ok:
            if check.value:
                self.values[item.key] = check.value
            else:
                self.values.pop(item.key, None)
        return check

    def filled(self, key: str) -> bool:
        return bool(self.values.get(key))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": PROFILE_KIND, "version": VERSION, "code_name": self.code_name,
                                "values": dict(self.values)}
        if self.unrecognised:
            data["unrecognised"] = dict(self.unrecognised)
        return data


def new_profile(code_name: str, values: Mapping[str, object] | None = None,
                schema: ProfileSchema | None = None) -> Profile:
    """Build a profile from a code name and ``{field key: value}``; raise :class:`ProfileError` on any problem."""
    schema = schema or default_schema()
    name = validate_code_name(code_name)
    if not name.ok:
        raise ProfileError(name.error)
    profile = Profile(name.value)
    fields = schema.fields
    problems = []
    for key, value in (values or {}).items():
        if key not in fields:
            problems.append(f"没有名为「{key}」的画像字段。")
            continue
        check = profile.set_value(fields[key], value)
        if not check.ok:
            problems.append(check.error)
    if problems:
        raise ProfileError("；".join(problems))
    return profile


def profile_from_dict(data: object, schema: ProfileSchema | None = None) -> tuple[Profile, list[str]]:
    """Read a saved profile. Unusable parts are kept in ``unrecognised`` and reported, never dropped.

    Raises :class:`ProfileError` only when the data is not a customer profile at all.
    """
    schema = schema or default_schema()
    if not isinstance(data, dict):
        raise ProfileError(f"这不是客户画像文件：最外层应是一个 JSON 对象，实际是{_type_name(data)}。")
    if data.get("kind") != PROFILE_KIND:
        if data.get("kind") == EXPORT_KIND:
            raise ProfileError("这是一份导出文件，不是可编辑的画像存档；只能用来查看或评估。")
        raise ProfileError("这不是客户画像文件（缺少 kind = kosguide-customer-profile）。")
    name = validate_code_name(data.get("code_name"))
    if not name.ok:
        raise ProfileError(name.error)
    profile = Profile(name.value)
    problems: list[str] = []
    raw_unrecognised = data.get("unrecognised")
    if isinstance(raw_unrecognised, dict):
        profile.unrecognised.update(raw_unrecognised)
    values = data.get("values", {})
    if not isinstance(values, dict):
        problems.append(f"values 应是一个字典，实际是{_type_name(values)}；原内容已原样保留，但无法显示。")
        profile.unrecognised["values"] = values
        values = {}
    fields = schema.fields
    for key, value in values.items():
        if key not in fields:
            profile.unrecognised[key] = value
            problems.append(f"未知字段「{str(key)[:40]}」：已原样保留在文件中，但不会显示或导出。")
            continue
        check = profile.set_value(fields[key], value)
        if not check.ok:
            profile.unrecognised[key] = value
            problems.append(f"{check.error}原来的内容已原样保留在文件中。")
        elif check.note:
            problems.append(check.note)
    if len(profile.unrecognised) > MAX_UNRECOGNISED:
        raise ProfileError(f"文件中有 {len(profile.unrecognised)} 个无法识别的条目，不像是客户画像文件。")
    return profile, problems
