"""Reads of cohorts, with the access scope applied."""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from participants.models import Participant
from participants.selectors import participants_for
from peernetworks.access import scope_to_hub
from peernetworks.models import Role

from .composition import Member
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


def allocation_candidates(user, cohort: Cohort) -> QuerySet[Participant]:
    """Ready participants of the cohort's hub and year who have no cohort yet (COH-2, COH-3),
    among those the user may see."""
    return (
        participants_for(user)
        .ready_for_cohort()
        .filter(business__hub=cohort.hub, programme_year=cohort.programme_year)
        .exclude(pk__in=CohortMembership.objects.filter(left_at__isnull=True).values("participant"))
        .select_related("business", "equality")
        .order_by("last_name", "first_name")
    )


def composition_members(participants) -> list[Member]:
    """The participants as the composition advice reads them (COH-4): their business's size,
    sector and age, their gender and the competitors they declared."""
    members = []
    for p in participants:
        business = p.business
        equality = getattr(p, "equality", None)
        members.append(
            Member(
                name=p.full_name,
                business_name=business.name,
                employees=business.employees_full_time + business.employees_part_time_permanent,
                sic_code=business.sic_code,
                trading_start_date=business.trading_start_date,
                gender=equality.gender if equality else "",
                declared_competitors=tuple(
                    line.strip()
                    for line in business.declared_competitors.splitlines()
                    if line.strip()
                ),
            )
        )
    return members
