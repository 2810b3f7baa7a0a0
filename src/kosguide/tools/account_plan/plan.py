"""The one-page account plan (chapter 8): every tool's result on one customer, on one printable page.

Pure Python, no widget import. An :class:`AccountPlan` holds the real result objects the course's
tools produce (a profile :class:`~kosguide.customer_profile.Assessment`, a customer-mode personality
result, a journey :class:`~kosguide.journey_planner.Plan`, the promise ledger, a checked welcome
message, a reviewed refusal, a renewal :class:`~kosguide.renewal_calculator.Expectation`). Every part
is optional: a missing part says which tool fills it. :func:`plan_from_facts` runs the tools on a
plain dictionary of facts (what the widget's form and ``kosguide plan build`` read), so a mistake in
one section is reported there and never loses the others.

Both renderers share one outline (:func:`plan_blocks`), so the Markdown and the printable HTML say
the same thing. Every learner string is HTML-escaped in both.

This module is the account plan's public face: it re-exports the pieces, which live by concern in
``model.py`` (parts and assembly), ``facts.py`` (facts → plan), ``outline.py`` (the shared outline and
risks), ``markdown.py``, ``html.py``, ``files.py`` (saving, JSON) and ``case.py`` (the chapter 8 case).
"""

from __future__ import annotations

from .case import (
    CASE_ANSWERS,
    CASE_PROFILE,
    CASE_PROMISES,
    CASE_REFUSAL,
    CASE_WELCOME,
)
from .facts import (
    ledger_from_rows,
    parse_promise_lines,
    plan_from_facts,
    temperament_manual,
)
from .files import (
    load_facts_sample,
    plan_filename,
    plan_to_dict,
    save_plan,
)
from .html import (
    FONT_STACK,
    PLAN_CSS,
    PRINT_CSS,
    WIDE,
    account_plan_fragment,
    account_plan_html,
)
from .markdown import (
    account_plan_markdown,
)
from .model import (
    DEFAULT_REVIEW_DAYS,
    FACTS_KIND,
    MAX_ACTIONS,
    MAX_PROMISE_ROWS,
    MAX_RISKS,
    MAX_TEXT,
    MISSING,
    PROMISE_WORDS,
    SECTIONS,
    AccountPlan,
    LedgerPart,
    PlanFactsError,
    RefusalPart,
    RenewalPart,
    Temperament,
    WelcomePart,
    build_account_plan,
    ledger_part,
    same_customer,
    temperament_from,
)
from .outline import (
    FOOTER,
    Block,
    plan_blocks,
    plan_risks,
)

__all__ = [
    "CASE_ANSWERS",
    "CASE_PROFILE",
    "CASE_PROMISES",
    "CASE_REFUSAL",
    "CASE_WELCOME",
    "DEFAULT_REVIEW_DAYS",
    "FACTS_KIND",
    "FONT_STACK",
    "FOOTER",
    "MAX_ACTIONS",
    "MAX_PROMISE_ROWS",
    "MAX_RISKS",
    "MAX_TEXT",
    "MISSING",
    "PLAN_CSS",
    "PRINT_CSS",
    "PROMISE_WORDS",
    "SECTIONS",
    "WIDE",
    "AccountPlan",
    "Block",
    "LedgerPart",
    "PlanFactsError",
    "RefusalPart",
    "RenewalPart",
    "Temperament",
    "WelcomePart",
    "account_plan_fragment",
    "account_plan_html",
    "account_plan_markdown",
    "build_account_plan",
    "ledger_from_rows",
    "ledger_part",
    "load_facts_sample",
    "parse_promise_lines",
    "plan_blocks",
    "plan_filename",
    "plan_from_facts",
    "plan_risks",
    "plan_to_dict",
    "same_customer",
    "save_plan",
    "temperament_from",
    "temperament_manual",
]
