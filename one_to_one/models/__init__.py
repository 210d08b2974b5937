"""One-to-one support (SPEC §7 OTO): who supports whom, the hours logged by route, the
GROW(TH) action plan, referrals, providers' declarations and declined support.

Every record belongs to the hub of the participant's business (KPI-2) and is personal data.

By concern: providers, their declarations and declined support (`providers`), the hours
logged (`sessions`), the action plan (`plans`), and referrals with the directory of other
support (`referrals`); what they share is in `fields`.
"""

from .fields import PARTICIPANT_HUB, PROVIDERS_ONLY
from .plans import ActionPlan
from .providers import ProviderAssignment, ProviderDeclaration, SupportDeclined
from .referrals import SERVICE_CATEGORIES, Referral, ReferralDestination, SupportService
from .sessions import Mode, OneToOnePlatform, OneToOneSession, Route, Theme

__all__ = [
    "ActionPlan",
    "Mode",
    "OneToOnePlatform",
    "OneToOneSession",
    "PARTICIPANT_HUB",
    "PROVIDERS_ONLY",
    "ProviderAssignment",
    "ProviderDeclaration",
    "Referral",
    "ReferralDestination",
    "Route",
    "SERVICE_CATEGORIES",
    "SupportDeclined",
    "SupportService",
    "Theme",
]
