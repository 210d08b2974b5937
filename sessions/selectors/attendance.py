"""Reads of attendance: attended hours per participant (SES-7, KPI-2), with open follow-ups
and reports, and who is at risk of dropping out (SES-8). Sums and counts are done by the
database, so a page runs the same number of queries however many members it lists.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from cohorts.models import Cohort, CohortMembership
from participants.models import Participant

from .. import attendance as rules
from ..models import (
    ATTENDED_STATUSES,
    AbsenceFollowUp,
    Attendance,
    DisengagementOutcome,
    DisengagementReport,
    Session,
    SessionStatus,
    SupportReferral,
)

MINUTES = DecimalField(max_digits=10, decimal_places=2)
ZERO_MINUTES = Value(Decimal(0), output_field=MINUTES)


def attended(prefix: str = "") -> Q:
    """Attendance rows that count towards group hours (SES-7, KPI-2): attended, at a delivered
    session. `prefix` is the path from the queried model to the attendance rows: "" from
    `Attendance`, "attendance__" from `Participant`, "sessions__attendance__" from `Cohort`."""
    return Q(
        **{
            f"{prefix}session__status": SessionStatus.DELIVERED,
            f"{prefix}status__in": ATTENDED_STATUSES,
        }
    )


def attended_minutes(prefix: str = "") -> Case:
    """The SQL form of `attendance.attended_minutes` (SES-7, KPI-2), one attendance row's
    minutes: for a delivered session the participant attended, the minutes recorded, else the
    session's length; otherwise 0. `prefix` as for `attended`. Tests keep the two in step."""
    return Case(
        When(
            attended(prefix),
            then=Coalesce(
                Cast(f"{prefix}minutes_attended", MINUTES),
                ExpressionWrapper(
                    F(f"{prefix}session__duration_hours") * Value(60),
                    output_field=MINUTES,
                ),
                output_field=MINUTES,
            ),
        ),
        default=ZERO_MINUTES,
        output_field=MINUTES,
    )


def attended_minutes_by_participant(participants) -> dict[int, Decimal]:
    """Attended minutes per participant id (KPI-2), one query. `participants` is ids or a
    participant queryset."""
    rows = (
        Attendance.objects.filter(attended(), participant__in=participants)
        .order_by()
        .values("participant_id")
        .annotate(minutes=Sum(attended_minutes()))
    )
    return {row["participant_id"]: Decimal(row["minutes"] or 0) for row in rows}


def _sum_per_participant(queryset: QuerySet, field: str, expression) -> Subquery:
    return Subquery(
        queryset.filter(**{field: OuterRef("participant")})
        .order_by()
        .values(field)
        .annotate(total=expression)
        .values("total")[:1]
    )


def memberships_with_progress(memberships: QuerySet[CohortMembership]) -> QuerySet:
    """Current memberships with each participant's attended minutes, open follow-ups and open
    reports, all in the one query."""
    minutes = _sum_per_participant(
        Attendance.objects.filter(attended()), "participant", Sum(attended_minutes())
    )
    open_follow_ups = _sum_per_participant(
        AbsenceFollowUp.objects.filter(closed_at__isnull=True),
        "attendance__participant",
        Count("pk"),
    )
    return memberships.select_related("participant", "participant__business").annotate(
        attended_minutes=Coalesce(minutes, ZERO_MINUTES, output_field=MINUTES),
        open_follow_ups=Coalesce(open_follow_ups, Value(0)),
        disengagement_open=Exists(
            DisengagementReport.objects.filter(
                participant=OuterRef("participant"), outcome=DisengagementOutcome.OPEN
            )
        ),
        referral_open=Exists(
            SupportReferral.objects.filter(
                participant=OuterRef("participant"), acknowledged_at__isnull=True
            )
        ),
    )


def _current_memberships(target) -> QuerySet[CohortMembership]:
    memberships = CohortMembership.objects.filter(left_at__isnull=True)
    if isinstance(target, Cohort):
        return memberships.filter(cohort=target)
    if isinstance(target, QuerySet) and target.model is Participant:
        return memberships.filter(participant__in=target)
    if isinstance(target, QuerySet) and target.model is Cohort:
        return memberships.filter(cohort__in=target)
    return memberships.filter(cohort__in=list(target))


def at_risk_participant_ids(target) -> set[int]:
    """SES-8: participants whose last two recorded sessions, over their current cohort's
    delivered sessions in order, were absences (apologies or absent). Dropped-out participants
    are not "at risk": they have gone. `target`: a cohort, or a queryset of cohorts or of
    participants. Three queries, however many cohorts."""
    pairs = list(
        _current_memberships(target)
        .filter(participant__dropped_out_on__isnull=True)
        .values_list("participant_id", "cohort_id")
    )
    if not pairs:
        return set()
    cohort_ids = {cohort_id for _, cohort_id in pairs}
    sessions_by_cohort: dict[int, list[int]] = defaultdict(list)
    for session_id, cohort_id in (
        Session.objects.filter(cohort__in=cohort_ids, status=SessionStatus.DELIVERED)
        .order_by("starts_at", "pk")
        .values_list("pk", "cohort_id")
    ):
        sessions_by_cohort[cohort_id].append(session_id)
    statuses = {
        (session_id, participant_id): status
        for session_id, participant_id, status in Attendance.objects.filter(
            session__cohort__in=cohort_ids,
            session__status=SessionStatus.DELIVERED,
            participant__in=[participant_id for participant_id, _ in pairs],
        ).values_list("session_id", "participant_id", "status")
    }
    return {
        participant_id
        for participant_id, cohort_id in pairs
        if rules.is_at_risk(
            [statuses.get((s, participant_id)) for s in sessions_by_cohort[cohort_id]]
        )
    }
