"""Reads for the facilitator portal, with the access scope applied.

A facilitator sees only the cohorts they lead or support (and those cohorts' sessions); hub
staff see their hub's; everyone else nothing (SPEC §1). Every page runs a constant number of
queries: per-participant hours and flags are summed and counted in the database.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import cohorts_for, cohorts_with_schedule_totals
from participants.models import Participant
from peernetworks.access import may_use_portal, scope_to_hub
from peernetworks.models import ProgrammeYear, Role

from .. import attendance as rules
from ..models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    AttendanceChange,
    DisengagementReport,
    PresenterNote,
    Session,
    SessionStatus,
    SupportReferral,
    Topic,
)
from .attendance import at_risk_participant_ids, memberships_with_progress

# Each member's one-to-one progress, by participant id, from the ids of the members listed: the
# page that shows the portal's member lines passes it in (the project shell adds the
# one-to-one app's).
OneToOneProgress = Callable[[list[int]], Mapping[int, object]]


def portal_cohorts_for(user, year: ProgrammeYear | None = None) -> QuerySet[Cohort]:
    """The cohorts on a user's portal, not cancelled: those of `year` when one is picked, else
    those of the running and any upcoming programme year; a closed year's only when no year
    runs or is coming, and then the latest one's (PY-2's default). Same single query."""
    cohorts = cohorts_for(user) if may_use_portal(user) else Cohort.objects.none()
    cohorts = cohorts.filter(cancelled_at__isnull=True)
    if year is not None:
        return cohorts.filter(programme_year=year)
    # The latest year is running or upcoming whenever any is, so this adds a closed year only
    # when nothing runs or is coming.
    latest = ProgrammeYear.objects.order_by("-start").values("pk")[:1]
    return cohorts.filter(
        Q(programme_year__end__gte=timezone.localdate()) | Q(programme_year=Subquery(latest))
    )


def sessions_for(user) -> QuerySet[Session]:
    """Sessions of the cohorts a facilitator leads or supports; hub staff: their hub's."""
    base = Session.objects.select_related("cohort", "cohort__hub", "cohort__programme_year")
    if not may_use_portal(user):
        return base.none()
    if user.role == Role.FACILITATOR:
        return base.filter(Q(cohort__lead_facilitator=user) | Q(cohort__support_person=user))
    return scope_to_hub(base, user)


def portal_participant_in(user, cohort_pk: int, participant_pk: int) -> CohortMembership:
    """A current member of one of the user's cohorts (raises DoesNotExist otherwise)."""
    return (
        CohortMembership.objects.filter(
            cohort__in=cohorts_for(user) if may_use_portal(user) else Cohort.objects.none(),
            left_at__isnull=True,
        )
        .select_related("cohort", "cohort__hub", "participant", "participant__business")
        .get(cohort_id=cohort_pk, participant_id=participant_pk)
    )


def follow_ups_for(user) -> QuerySet[AbsenceFollowUp]:
    base = AbsenceFollowUp.objects.select_related(
        "attendance__participant", "attendance__session__cohort", "closed_by"
    )
    if not may_use_portal(user):
        return base.none()
    if user.role == Role.FACILITATOR:
        return base.filter(
            Q(attendance__session__cohort__lead_facilitator=user)
            | Q(attendance__session__cohort__support_person=user)
        )
    return scope_to_hub(base, user)


def disengagement_reports_for(user) -> QuerySet[DisengagementReport]:
    """Hub staff decide on reports from their hub's cohorts (SES-8)."""
    base = DisengagementReport.objects.select_related(
        "participant", "participant__business", "cohort", "reported_by", "resolved_by"
    )
    return scope_to_hub(base, user)


def support_referrals_for(user) -> QuerySet[SupportReferral]:
    return scope_to_hub(
        SupportReferral.objects.select_related("participant", "cohort", "referred_by"), user
    )


@dataclass
class MemberProgress:
    """One participant's line on the portal: group hours (SES-7), the forecast, flags."""

    membership: CohortMembership
    attended_minutes: Decimal
    remaining_minutes: Decimal
    required_hours: Decimal
    at_risk: bool
    open_follow_ups: int
    disengagement_open: bool
    referral_open: bool
    one_to_one: object | None = None  # the member's one-to-one progress, when the page adds it

    @property
    def participant(self) -> Participant:
        return self.membership.participant

    @property
    def attended_hours(self) -> Decimal:
        return rules.hours_from_minutes(self.attended_minutes)

    @property
    def percent(self) -> int:
        required = rules.session_minutes(self.required_hours)
        return min(100, int(self.attended_minutes * 100 / required)) if required else 100

    @property
    def completed(self) -> bool:
        return rules.has_completed_group_hours(
            attended=self.attended_minutes, required_hours=self.required_hours
        )

    @property
    def can_reach(self) -> bool:
        return rules.can_still_reach(
            attended=self.attended_minutes,
            remaining=self.remaining_minutes,
            required_hours=self.required_hours,
        )

    @property
    def dropped_out(self) -> bool:
        return self.participant.dropped_out_on is not None


@dataclass
class CohortSummary:
    cohort: Cohort
    members: list[MemberProgress]
    sessions: list[Session]
    now: datetime

    def _is_upcoming(self, session: Session) -> bool:
        return session.status == SessionStatus.PLANNED and session.starts_at > self.now

    @property
    def upcoming(self) -> list[Session]:
        return [s for s in self.sessions if self._is_upcoming(s)]

    @property
    def awaiting_attendance(self) -> list[Session]:
        """Sessions that have started but whose attendance is not recorded yet."""
        return [
            s
            for s in self.sessions
            if s.status == SessionStatus.PLANNED and s.starts_at <= self.now
        ]

    @property
    def past(self) -> list[Session]:
        """Delivered, due for attendance, or cancelled."""
        return [s for s in self.sessions if not self._is_upcoming(s)]

    @property
    def next_session(self) -> Session | None:
        upcoming = self.upcoming
        return upcoming[0] if upcoming else None

    @property
    def at_risk_count(self) -> int:
        return sum(1 for m in self.members if m.at_risk)

    @property
    def cannot_reach_count(self) -> int:
        return sum(1 for m in self.members if not m.can_reach and not m.dropped_out)


def cohort_summaries(
    cohorts: QuerySet[Cohort],
    *,
    now: datetime | None = None,
    one_to_one_progress: OneToOneProgress | None = None,
) -> list[CohortSummary]:
    """Each cohort with its sessions and members' progress, in a fixed number of queries (one
    more for `one_to_one_progress`, when given)."""
    now = now or timezone.now()
    cohorts = list(
        cohorts_with_schedule_totals(cohorts)
        .select_related("support_person")
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))
        )
        .order_by("name", "pk")
    )
    if not cohorts:
        return []
    memberships = list(
        memberships_with_progress(
            CohortMembership.objects.filter(cohort__in=cohorts, left_at__isnull=True)
        ).order_by("participant__last_name", "participant__first_name", "pk")
    )
    at_risk = at_risk_participant_ids(cohorts)
    one_to_one = (
        one_to_one_progress([m.participant_id for m in memberships]) if one_to_one_progress else {}
    )
    by_cohort: dict[int, list[MemberProgress]] = defaultdict(list)
    for cohort in cohorts:
        cohort.remaining_minutes = rules.session_minutes(
            cohort.planned_hours - cohort.delivered_hours
        )
    lookup = {cohort.pk: cohort for cohort in cohorts}
    for membership in memberships:
        cohort = lookup[membership.cohort_id]
        by_cohort[cohort.pk].append(
            MemberProgress(
                membership=membership,
                attended_minutes=Decimal(membership.attended_minutes),
                remaining_minutes=cohort.remaining_minutes,
                required_hours=cohort.programme_year.group_hours_required,
                at_risk=membership.participant_id in at_risk,
                open_follow_ups=membership.open_follow_ups,
                disengagement_open=membership.disengagement_open,
                referral_open=membership.referral_open,
                one_to_one=one_to_one.get(membership.participant_id),
            )
        )
    return [
        CohortSummary(
            cohort=cohort,
            members=by_cohort[cohort.pk],
            sessions=list(cohort.sessions.all()),
            now=now,
        )
        for cohort in cohorts
    ]


# One session's page -----------------------------------------------------------------------


def session_roll(session: Session) -> list[CohortMembership]:
    """Who the register lists: the cohort's current members, except those who had dropped out
    by the session's day and were not recorded for it."""
    recorded = Attendance.objects.filter(session=session, participant=OuterRef("participant"))
    day = timezone.localdate(session.starts_at)
    return list(
        CohortMembership.objects.filter(cohort_id=session.cohort_id, left_at__isnull=True)
        .filter(
            Q(participant__dropped_out_on__isnull=True)
            | Q(participant__dropped_out_on__gt=day)
            | Exists(recorded)
        )
        .select_related("participant", "participant__business")
        .order_by("seat", "pk")
    )


def session_attendance(session: Session) -> dict[int, Attendance]:
    return {a.participant_id: a for a in session.attendance.select_related("recorded_by")}


def session_changes(session: Session, limit: int = 30) -> list:
    return list(
        AttendanceChange.objects.filter(attendance__session=session)
        .select_related("attendance__participant", "changed_by")
        .order_by("-changed_at", "-pk")[:limit]
    )


def previous_delivered_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            cohort_id=session.cohort_id,
            status=SessionStatus.DELIVERED,
            starts_at__lt=session.starts_at,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )


def cards_to_report_back(session: Session) -> list[ActionCard]:
    """SES-10: each member's latest action card from the cohort's earlier sessions, for their
    report back at this one (already reported ones shown so they can be corrected)."""
    latest: dict[int, ActionCard] = {}
    for card in (
        ActionCard.objects.filter(
            session__cohort_id=session.cohort_id, session__starts_at__lt=session.starts_at
        )
        .select_related("participant", "session")
        .order_by("-session__starts_at", "-pk")
    ):
        latest.setdefault(card.participant_id, card)
    return sorted(
        latest.values(), key=lambda c: (c.participant.last_name, c.participant.first_name, c.pk)
    )


def session_cards(session: Session) -> dict[int, ActionCard]:
    return {card.participant_id: card for card in session.action_cards.all()}


def session_presenter_issues(session: Session) -> dict[int, str]:
    return dict(
        PresenterNote.objects.filter(note__session=session).values_list("participant_id", "issue")
    )


def topic_choices(session: Session) -> QuerySet[Topic]:
    """SES-9: the active BEIS core topics, plus any core topic already chosen for the session."""
    return Topic.objects.filter(
        Q(is_core=True, is_active=True) | Q(is_core=True, sessions=session)
    ).distinct()
