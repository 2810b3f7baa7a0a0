"""Saving, loading and listing profile files (atomic saves through core.storage)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ...core.storage import StorageError, load_json, save_json, set_aside_before_write
from .data import SENSITIVITIES, ProfileField
from .model import Profile, profile_from_dict
from .schema import DEFAULT_FOLDER, SUFFIX, ProfileError, ProfileSchema
from .validation import validate_code_name


# -------------------------------------------------------------------------------------- storage
def profile_filename(code_name: str) -> str:
    """A safe, stable file name for a code name (a short hash keeps names apart after cleaning)."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", code_name, flags=re.UNICODE).strip("_")[:40] or "customer"
    if slug != code_name:
        slug += "-" + hashlib.sha1(code_name.encode("utf-8")).hexdigest()[:6]
    return slug + SUFFIX


def save_profile(profile: Profile, folder: str | Path = DEFAULT_FOLDER) -> Path:
    """Save one customer to ``folder/<code name>.kosguide.json`` (atomic, via :func:`save_json`)."""
    name = validate_code_name(profile.code_name)
    if not name.ok:
        raise StorageError(name.error)
    target = Path(folder) / profile_filename(name.value)
    set_aside_before_write(target)  # an unreadable file of the same name in the save folder keeps its bytes
    return save_json(target, profile.to_dict())


@dataclass(frozen=True)
class Loaded:
    """A profile read from disk (``profile`` is None when the file could not be used)."""

    profile: Profile | None
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.profile is not None


def load_profile(path: str | Path, schema: ProfileSchema | None = None) -> Loaded:
    """Load one saved profile; every problem is a Chinese message and nothing is lost."""
    path = Path(path)
    if not path.exists():
        return Loaded(None, (f"找不到文件 {path.name}。",))
    result = load_json(path)
    if not result.ok:
        return Loaded(None, (result.message,))
    try:
        profile, problems = profile_from_dict(result.data, schema)
    except ProfileError as exc:
        return Loaded(None, (f"{path.name}：{exc}",))
    return Loaded(profile, tuple(problems))


def list_profiles(folder: str | Path = DEFAULT_FOLDER,
                  schema: ProfileSchema | None = None) -> tuple[list[tuple[str, Path]], list[str]]:
    """Every saved customer in ``folder`` as (code name, path), plus messages about unusable files."""
    folder = Path(folder)
    found: list[tuple[str, Path]] = []
    problems: list[str] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*" + SUFFIX)):
        loaded = load_profile(path, schema)
        if loaded.profile is not None:
            found.append((loaded.profile.code_name, path))
        else:
            problems.extend(loaded.messages)
    return found, problems


def sensitivity_label(item: ProfileField) -> str:
    return SENSITIVITIES[item.sensitivity]
