"""Businesses, participants and their eligibility (SPEC §3 ELIG, §4 ONB).

By concern: businesses and the creative-industries SIC codes (`business`), participants and
their equality data (`participant`), and eligibility assessments and discretion decisions
(`eligibility`)."""

from .business import Business, CreativeSicCode, LegalForm, sic_code_validator
from .eligibility import (
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
)
from .participant import (
    ELIGIBLE_Q,
    READY_FOR_COHORT_Q,
    EqualityData,
    Participant,
    ParticipantQuerySet,
    PreviousParticipation,
    ReferralSource,
    eligible_as_at,
)

__all__ = [
    "Business",
    "CreativeSicCode",
    "DiscretionChoice",
    "DiscretionDecision",
    "ELIGIBLE_Q",
    "EligibilityAssessment",
    "EligibilityOutcome",
    "EqualityData",
    "LegalForm",
    "Participant",
    "ParticipantQuerySet",
    "PreviousParticipation",
    "READY_FOR_COHORT_Q",
    "ReferralSource",
    "eligible_as_at",
    "sic_code_validator",
]
