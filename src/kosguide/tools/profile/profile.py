"""Customer-profile logic: values, validation, the stage assessment, redacted export, storage.

Pure Python with no widget import, so the same code serves the workbook widget, the website's
in-browser kernel and the ``kosguide profile`` command.

The stage rule comes from source 002: basic contact information and background support the
*doctor* stage; knowing the needs and the competitors supports *teacher*; deep information
supports *friend*; extended information supports *brother*. The rule is necessary, not
sufficient, and every assessment says so (:data:`NECESSARY_NOT_SUFFICIENT`).

This module is the profile tool's public face: it re-exports the pieces, which live by concern in
``schema.py``, ``validation.py``, ``model.py``, ``assessment.py``, ``export.py`` and ``files.py``.
"""

from __future__ import annotations

from .assessment import (
    Assessment,
    SectionStatus,
    assess,
    assess_statuses,
    assessment_dict,
    assessment_lines,
    section_statuses,
)
from .export import (
    contains_sensitive,
    export_dict,
    export_html,
    export_markdown,
    statuses_from_export,
)
from .files import (
    Loaded,
    list_profiles,
    load_profile,
    profile_filename,
    save_profile,
    sensitivity_label,
)
from .model import (
    Profile,
    new_profile,
    profile_from_dict,
)
from .schema import (
    DEFAULT_FOLDER,
    EXPORT_KIND,
    MAX_CODE_NAME,
    MAX_UNRECOGNISED,
    NECESSARY_NOT_SUFFICIENT,
    PROFILE_KIND,
    REDACTED_NOTICE,
    SENSITIVE_NOTICE,
    SUFFIX,
    VERSION,
    ProfileError,
    ProfileSchema,
    default_schema,
)
from .validation import (
    ValueCheck,
    clean_text,
    validate_code_name,
    validate_value,
)

__all__ = [
    "DEFAULT_FOLDER",
    "EXPORT_KIND",
    "MAX_CODE_NAME",
    "MAX_UNRECOGNISED",
    "NECESSARY_NOT_SUFFICIENT",
    "PROFILE_KIND",
    "REDACTED_NOTICE",
    "SENSITIVE_NOTICE",
    "SUFFIX",
    "VERSION",
    "Assessment",
    "Loaded",
    "Profile",
    "ProfileError",
    "ProfileSchema",
    "SectionStatus",
    "ValueCheck",
    "assess",
    "assess_statuses",
    "assessment_dict",
    "assessment_lines",
    "clean_text",
    "contains_sensitive",
    "default_schema",
    "export_dict",
    "export_html",
    "export_markdown",
    "list_profiles",
    "load_profile",
    "new_profile",
    "profile_filename",
    "profile_from_dict",
    "save_profile",
    "section_statuses",
    "sensitivity_label",
    "statuses_from_export",
    "validate_code_name",
    "validate_value",
]
