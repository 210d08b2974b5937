from datetime import date, datetime
from decimal import Decimal

import factory

from one_to_one.models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    SupportDeclined,
)
from one_to_one.services import (
    action_plan_save,
    provider_assign,
    provider_declare,
    referral_record,
    support_decline,
)
from tests.cohorts.factories import cohort_with_members
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import ProviderFactory
from tests.sessions.factories import LONDON, fortnightly_schedule

# Seven fortnightly sessions from Tuesday 7 September 2021: the last is on 30 November 2021.
FIRST_SESSION = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
FIRST_DAY = date(2021, 9, 7)
LAST_DAY = date(2021, 11, 30)
LENGTHS = (3, 3, 2, 2, 2, 3, 3)


class OneToOneSessionFactory(factory.django.DjangoModelFactory):
    """A log written directly (no rules): for progress arithmetic and page sizes."""

    class Meta:
        model = OneToOneSession

    participant = factory.SubFactory(ParticipantFactory)
    date = date(2021, 10, 1)
    hours = Decimal("1.5")
    route = "programme"
    provider = factory.LazyAttribute(lambda o: ProviderFactory(hub=o.participant.business.hub))
    mode = "video"
    platform = "zoom"


def existing_provision(participant, hours, **kwargs) -> OneToOneSession:
    return OneToOneSessionFactory(
        participant=participant,
        hours=Decimal(str(hours)),
        route="existing_provision",
        provider=None,
        existing_programme="Business Growth Programme",
        nature_of_support="Growth adviser sessions",
        mode="",
        platform="",
        **kwargs,
    )


def cohort_with_schedule(hub, *, members: int = 1, delivered: int = len(LENGTHS), **cohort_kwargs):
    """A cohort of `members` with seven fortnightly sessions, the first `delivered` of them
    delivered. Returns (cohort, participants, sessions)."""
    cohort, memberships = cohort_with_members(members, hub=hub, **cohort_kwargs)
    sessions = fortnightly_schedule(cohort, first=FIRST_SESSION, lengths=LENGTHS)
    for session in sessions[:delivered]:
        session.status = "delivered"
        session.save(update_fields=["status"])
    return cohort, [m.participant for m in memberships], sessions


def assigned(participant, provider=None):
    """Assigns a provider (a new one of the participant's hub unless given); returns it."""
    provider = provider or ProviderFactory(hub=participant.business.hub)
    provider_assign(participant=participant, provider=provider)
    return provider


def _participant_of(hub):
    return cohort_with_schedule(hub)[1][0]


def _assignment(hub) -> ProviderAssignment:
    participant = _participant_of(hub)
    assigned(participant)
    return ProviderAssignment.objects.get(participant=participant)


def _declaration(hub) -> ProviderDeclaration:
    return provider_declare(
        provider=ProviderFactory(hub=hub),
        participant=_participant_of(hub),
        has_conflict=False,
        continuing_commercial_work=False,
    )


# model -> how to make one row belonging to a given hub, for the admin scope tests
# (tests/peernetworks/test_admin_scope_every_model.py can merge these into its MAKERS).
ADMIN_MAKERS = {
    ProviderAssignment: _assignment,
    OneToOneSession: lambda hub: OneToOneSessionFactory(participant=_participant_of(hub)),
    ActionPlan: lambda hub: action_plan_save(
        participant=_participant_of(hub), date=FIRST_DAY, goal="Grow"
    ),
    Referral: lambda hub: referral_record(
        participant=_participant_of(hub),
        destination="help_to_grow_digital",
        referred_on=FIRST_DAY,
    ),
    ProviderDeclaration: _declaration,
    SupportDeclined: lambda hub: support_decline(
        participant=_participant_of(hub), declined_on=FIRST_DAY
    ),
}
