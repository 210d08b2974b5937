"""The work lists of the daily feedback job (SUR-1, SUR-5): surveys due, links not yet sent,
reminders due.
"""

from datetime import date, datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from cohorts.models import CohortMembership
from participants.models import Participant
from peernetworks.models import ProgrammeYear
from sessions.models import ATTENDED_STATUSES, Attendance, Session, SessionStatus

from ..models import (
    FeedbackInvitation,
    SessionFeedback,
    SurveyKind,
    SurveyResponse,
)
from .cohorts import completed_cohort_ids


def _invited_or_done(kind: str):
    return Exists(
        SurveyResponse.objects.filter(participant=OuterRef("pk"), kind=kind).filter(
            Q(invited_at__isnull=False) | Q(completed_on__isnull=False)
        )
    )


def participants_due_survey(kind: str, *, today: date) -> QuerySet[Participant]:
    """Participants of a running programme year whose survey is due and not yet sent: baseline
    at entry (a current cohort place), exit once that cohort has completed, drop-out after a
    drop-out. A year that has ended sends nothing, so historical data is never emailed."""
    participants = Participant.objects.filter(
        programme_year__start__lte=today, programme_year__end__gte=today
    ).filter(~_invited_or_done(kind))
    current = CohortMembership.objects.filter(participant=OuterRef("pk"), left_at__isnull=True)
    if kind == SurveyKind.BASELINE:
        participants = participants.filter(Exists(current), dropped_out_on__isnull=True)
    elif kind == SurveyKind.EXIT:
        completed = completed_cohort_ids(today)
        participants = participants.filter(
            Exists(current.filter(cohort__in=completed)), dropped_out_on__isnull=True
        )
    else:
        participants = participants.filter(dropped_out_on__isnull=False)
    return participants.select_related("business__hub", "programme_year").order_by("pk")


def longest_link_lifetime() -> timedelta:
    days = ProgrammeYear.objects.aggregate(days=Max("feedback_link_days"))["days"] or 14
    return timedelta(days=days)


def sessions_missing_feedback_links(*, now: datetime) -> QuerySet[Session]:
    """Delivered sessions still in their feedback period with an attendee never sent a link:
    the reminder job's catch-up for a lost task or an attendance corrected later."""
    not_invited = Attendance.objects.filter(
        session=OuterRef("pk"), status__in=ATTENDED_STATUSES
    ).filter(
        ~Exists(
            FeedbackInvitation.objects.filter(
                session=OuterRef("session"), participant=OuterRef("participant")
            )
        )
    )
    return Session.objects.filter(
        status=SessionStatus.DELIVERED,
        starts_at__lte=now,
        starts_at__gte=now - longest_link_lifetime(),
    ).filter(Exists(not_invited))


def _gap_passed(first: str, gap: timedelta, now: datetime) -> Q:
    return Q(last_reminded_at__isnull=True, **{f"{first}__lte": now - gap}) | Q(
        last_reminded_at__lte=now - gap
    )


def feedback_invitations_to_remind(
    *, now: datetime, max_reminders: int, gap: timedelta
) -> QuerySet[FeedbackInvitation]:
    """SUR-5: sent links without a response, never for dropped-out participants; the service
    applies the per-year feedback period to these."""
    answered = SessionFeedback.objects.filter(
        session=OuterRef("session"), participant=OuterRef("participant")
    )
    return (
        FeedbackInvitation.objects.filter(
            sent_at__isnull=False,
            sent_at__gte=now - longest_link_lifetime(),
            reminders_sent__lt=max_reminders,
            participant__dropped_out_on__isnull=True,
        )
        .filter(_gap_passed("sent_at", gap, now))
        .filter(~Exists(answered))
        .select_related(
            "session__cohort", "participant__business__hub", "participant__programme_year"
        )
        .order_by("pk")
    )


def survey_responses_to_remind(
    *, now: datetime, today: date, max_reminders: int, gap: timedelta
) -> QuerySet[SurveyResponse]:
    """SUR-5: invited, incomplete surveys of a running programme year. Dropped-out participants
    are reminded only of the drop-out survey."""
    return (
        SurveyResponse.objects.filter(
            invited_at__isnull=False,
            completed_on__isnull=True,
            reminders_sent__lt=max_reminders,
            participant__programme_year__start__lte=today,
            participant__programme_year__end__gte=today,
        )
        .filter(Q(kind=SurveyKind.DROP_OUT) | Q(participant__dropped_out_on__isnull=True))
        .filter(_gap_passed("invited_at", gap, now))
        .select_related("participant__business__hub", "participant__programme_year")
        .order_by("pk")
    )
