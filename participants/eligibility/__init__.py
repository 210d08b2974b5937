"""The ELIG rules of SPEC section 3 as pure functions: plain values in, plain values out, no
Django and no database.

- ``application``: the answers a decision is made on, read from INTERCHANGE.md's JSON form;
- ``checks``: one check per rule, with the programme year's ``Thresholds``;
- ``explanations``: the plain-English reasons;
- ``decision``: the checks combined into one decision (``assess``, ``assess_data``);
- ``settings``: the thresholds and creative SIC codes in force, read from the database
  (imported by name: ``participants.eligibility.settings``).
"""

from .application import (
    LEGAL_FORMS,
    PREVIOUS_PARTICIPATION_CHOICES,
    Application,
    PreCovidFigures,
    application_as_data,
    parse_application,
)
from .checks import (
    DCMS_CREATIVE_SIC_PREFIXES,
    Thresholds,
    check_sme,
    check_trading_age,
    is_creative_sic,
    normalise_sic_prefixes,
    trading_anniversary,
)
from .decision import Decision, Outcome, assess, assess_data, decide_outcome

__all__ = [
    "DCMS_CREATIVE_SIC_PREFIXES",
    "LEGAL_FORMS",
    "PREVIOUS_PARTICIPATION_CHOICES",
    "Application",
    "Decision",
    "Outcome",
    "PreCovidFigures",
    "Thresholds",
    "application_as_data",
    "assess",
    "assess_data",
    "check_sme",
    "check_trading_age",
    "decide_outcome",
    "is_creative_sic",
    "normalise_sic_prefixes",
    "parse_application",
    "trading_anniversary",
]
