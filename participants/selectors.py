"""Reads of businesses and participants, with the access scope applied."""

from django.db.models import Count, Q, QuerySet

from peernetworks.access import scope_to_hub
from peernetworks.models import ProgrammeYear

from .models import (
    ELIGIBLE_Q,
    READY_FOR_COHORT_Q,
    Business,
    DiscretionChoice,
    EligibilityAssessment,
    EligibilityOutcome,
    Participant,
)


def businesses_for(user) -> QuerySet[Business]:
    return scope_to_hub(Business.objects.select_related("hub"), user)


def participants_for(user) -> QuerySet[Participant]:
    return scope_to_hub(
        Participant.objects.select_related("business", "business__hub", "programme_year"), user
    )


def assessments_for(user) -> QuerySet[EligibilityAssessment]:
    return scope_to_hub(EligibilityAssessment.objects.select_related("participant"), user)


def participant_counts_by_hub(user, year: ProgrammeYear) -> dict[str, dict[str, int]]:
    """Registered, eligible, awaiting a decision and ready, per hub slug, in one query.

    Aggregates, not personal data: the national coordinator sees them for every hub.
    """
    rows = (
        Participant.objects.filter(programme_year=year)
        .values("business__hub__slug")
        .annotate(
            registered=Count("pk"),
            eligible=Count("pk", filter=ELIGIBLE_Q),
            needs_discretion=Count(
                "pk",
                filter=Q(eligibility_outcome=EligibilityOutcome.NEEDS_DISCRETION)
                & ~Q(discretion_decision=DiscretionChoice.APPROVED)
                & ~Q(discretion_decision=DiscretionChoice.REFUSED),
            ),
            ready=Count("pk", filter=READY_FOR_COHORT_Q),
        )
    )
    if not (user.is_superuser or user.is_national_coordinator):
        rows = rows.filter(business__hub=user.hub_id)
    return {row.pop("business__hub__slug"): row for row in rows}
