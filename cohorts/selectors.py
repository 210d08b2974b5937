"""Reads of cohorts, with the access scope applied."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from peernetworks.access import scope_to_hub
from peernetworks.models import Role

from .models import Cohort, CohortMembership


def cohorts_for(user) -> QuerySet[Cohort]:
    """Hub staff: their hub's cohorts; facilitators: the cohorts they lead or support."""
    base = Cohort.objects.select_related("hub", "programme_year", "lead_facilitator")
    if user.is_authenticated and user.is_active and user.role == Role.FACILITATOR:
        return base.filter(Q(lead_facilitator=user) | Q(support_person=user))
    return scope_to_hub(base, user)


def cohorts_with_schedule_totals(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Adds planned/delivered hours and counts in the same query (lists stay O(1) queries)."""
    not_cancelled = ~Q(sessions__status="cancelled")
    delivered = Q(sessions__status="delivered")
    return queryset.annotate(
        planned_hours=Sum("sessions__duration_hours", filter=not_cancelled, default=Decimal(0)),
        delivered_hours=Sum("sessions__duration_hours", filter=delivered, default=Decimal(0)),
        session_count=Count("sessions", filter=not_cancelled, distinct=True),
        delivered_count=Count("sessions", filter=delivered, distinct=True),
    )


def current_members(cohort: Cohort) -> QuerySet[CohortMembership]:
    return cohort.memberships.filter(left_at__isnull=True).select_related(
        "participant", "participant__business"
    )


def current_cohort_of(participant) -> Cohort | None:
    membership = (
        CohortMembership.objects.filter(participant=participant, left_at__isnull=True)
        .select_related("cohort")
        .first()
    )
    return membership.cohort if membership else None
