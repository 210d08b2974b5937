"""COH-6: a cohort's status, derived from the facts rather than stored."""

from decimal import Decimal

from .models import CohortStatus


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
