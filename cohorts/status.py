"""COH-6: a cohort's status, derived from the facts rather than stored."""

from decimal import Decimal

from .models import Cohort, CohortStatus


def cohort_status(
    *,
    cancelled: bool,
    schedule_confirmed: bool,
    delivered_hours: Decimal,
    required_hours: Decimal,
    delivered_sessions: int,
) -> CohortStatus:
    if cancelled:
        return CohortStatus.CANCELLED
    if delivered_sessions and delivered_hours >= required_hours:
        return CohortStatus.COMPLETED  # KPI-2: delivered lengths reach the required hours
    if delivered_sessions:
        return CohortStatus.RUNNING
    if schedule_confirmed:
        return CohortStatus.SCHEDULED
    return CohortStatus.FORMING


def status_of(cohort: Cohort) -> CohortStatus:
    """The status of a cohort read with `cohorts.selectors.cohorts_with_schedule_totals` (its
    delivered hours and sessions), decided with its programme year's group hours."""
    return cohort_status(
        cancelled=cohort.cancelled_at is not None,
        schedule_confirmed=cohort.scheduled_at is not None,
        delivered_hours=cohort.delivered_hours,
        required_hours=cohort.programme_year.group_hours_required,
        delivered_sessions=cohort.delivered_count,
    )


def is_completed(cohort: Cohort) -> bool:
    """COH-6 'completed': the delivered lengths reach the required hours. `cohort` as for
    `status_of`."""
    return status_of(cohort) == CohortStatus.COMPLETED
