"""Which cohorts have finished, and whose exit survey is due (SUR-3)."""

from datetime import date

from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import cohorts_with_schedule_totals
from cohorts.status import is_completed
from participants.models import Participant


def current_cohort(participant: Participant) -> Cohort | None:
    membership = (
        CohortMembership.objects.filter(participant=participant, left_at__isnull=True)
        .select_related("cohort__programme_year", "cohort__lead_facilitator")
        .first()
    )
    return membership.cohort if membership else None


def participant_exit_due(participant: Participant) -> bool:
    """SUR-3: the exit survey is due once the participant's current cohort has completed."""
    cohorts = cohorts_with_schedule_totals(
        Cohort.objects.filter(memberships__participant=participant, memberships__left_at=None)
    ).select_related("programme_year")
    cohort = cohorts.first()
    return cohort is not None and is_completed(cohort)


def completed_cohort_ids(today: date) -> list[int]:
    """Cohorts of programme years running on `today` that have completed (one query)."""
    cohorts = cohorts_with_schedule_totals(
        Cohort.objects.filter(
            programme_year__start__lte=today,
            programme_year__end__gte=today,
            cancelled_at__isnull=True,
        )
    ).select_related("programme_year")
    return [cohort.pk for cohort in cohorts if is_completed(cohort)]
