"""deprecated: import from kosguide.tools.refusal.data and kosguide.tools.welcome.data instead.

Kept for one release so learners' saved notebooks (and code written before issue 13) keep running:
the refusal and welcome data classes and parsers under their old names. Nothing inside kosguide
imports it.
"""

from kosguide.tools.refusal.data import (  # noqa: F401
    CONDITIONS,
    KEY_NAMES,
    KEYS,
    MAX_CUE_CHARS,
    REQUEST_TYPES,
    STEPS,
    STYLES,
    CharMap,
    FeedbackTexts,
    Lexicon,
    Phrase,
    Rule,
    Scenario,
    parse_refusal,
)
from kosguide.tools.welcome.data import WelcomeCheck, WelcomeSpec, parse_welcome  # noqa: F401
