"""Reads for feedback and surveys (SUR): a participant's own page, the jobs' work lists, and the
staff reports. Staff reads go through the one access scope (`scope_to_hub`); every report is
a fixed number of grouped queries, however many cohorts, sessions and responses there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import cohorts_for, cohorts_with_schedule_totals
from cohorts.status import is_completed
from participants.links import link_lifetime
from participants.models import Participant
from peernetworks.access import scope_to_hub
from peernetworks.models import ProgrammeYear
from peernetworks.units import LONDON
from sessions.models import ATTENDED_STATUSES, ActionCard, Attendance, Session, SessionStatus

from .models import (
    FeedbackInvitation,
    SessionFeedback,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from .rules import feedback_period_open
from .surveys import TopicChange, topic_changes

TWO_PLACES = Decimal("0.01")
ANY_YEAR = object()  # feedback_comments without a year filter (a cohort's own page)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _rate(part: int, whole: int) -> int | None:
    """A response rate in whole per cent, None when nobody could respond."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


# Cohorts finishing (SUR-3) --------------------------------------------------------------------


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


# The jobs' work lists (SUR-1, SUR-5) ----------------------------------------------------------


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


# A participant's own page (SPEC §1: only their own records) -----------------------------------


@dataclass
class SessionLine:
    session: Session
    attendance: str  # the status's label, "" when not recorded
    attended: bool
    feedback_given: bool
    feedback_open: bool


@dataclass
class ParticipantPage:
    cohort: Cohort | None
    sessions: list[SessionLine]
    action_cards: list
    surveys: dict[str, SurveyResponse]


def participant_page(participant: Participant, *, now: datetime) -> ParticipantPage:
    """The participant's cohort, its sessions with their attendance and feedback, their action
    cards and survey responses: a fixed handful of queries."""
    cohort = current_cohort(participant)
    lines: list[SessionLine] = []
    if cohort is None:
        last = (
            CohortMembership.objects.filter(participant=participant)
            .select_related("cohort__programme_year", "cohort__lead_facilitator")
            .order_by("-joined_at")
            .first()
        )
        cohort = last.cohort if last else None
    if cohort is not None:
        sessions = list(
            cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
        )
        attendance = {
            a.session_id: a
            for a in Attendance.objects.filter(participant=participant, session__cohort=cohort)
        }
        given = set(
            SessionFeedback.objects.filter(
                participant=participant, session__cohort=cohort
            ).values_list("session_id", flat=True)
        )
        invitations = {
            i.session_id: i
            for i in FeedbackInvitation.objects.filter(
                participant=participant, session__cohort=cohort
            )
        }
        lifetime = link_lifetime(participant)
        for session in sessions:
            row = attendance.get(session.pk)
            attended = row is not None and row.status in ATTENDED_STATUSES
            invitation = invitations.get(session.pk)
            lines.append(
                SessionLine(
                    session=session,
                    attendance=row.get_status_display() if row else "",
                    attended=attended,
                    feedback_given=session.pk in given,
                    feedback_open=attended
                    and session.status == SessionStatus.DELIVERED
                    and session.pk not in given
                    and invitation is not None
                    and feedback_period_open(
                        sent_at=invitation.sent_at, now=now, lifetime=lifetime
                    ),
                )
            )
    cards = list(
        ActionCard.objects.filter(participant=participant)
        .select_related("session")
        .order_by("session__starts_at")
    )
    surveys = {r.kind: r for r in SurveyResponse.objects.filter(participant=participant)}
    return ParticipantPage(cohort=cohort, sessions=lines, action_cards=cards, surveys=surveys)


# Staff reports (hub staff; scoped) ------------------------------------------------------------


@dataclass
class Means:
    responses: int = 0
    satisfaction: Decimal | None = None
    relevance: Decimal | None = None
    facilitation: Decimal | None = None


def _means(row: dict | None) -> Means:
    if not row:
        return Means()
    return Means(
        responses=row["responses"],
        satisfaction=_round(row["satisfaction"]),
        relevance=_round(row["relevance"]),
        facilitation=_round(row["facilitation"]),
    )


MEANS = {
    "responses": Count("pk"),
    "satisfaction": Avg("satisfaction"),
    "relevance": Avg("relevance"),
    "facilitation": Avg("facilitation"),
}


def feedback_for(user) -> QuerySet[SessionFeedback]:
    return scope_to_hub(SessionFeedback.objects.all(), user)


def survey_responses_for(user) -> QuerySet[SurveyResponse]:
    return scope_to_hub(SurveyResponse.objects.all(), user)


def _attended(user) -> QuerySet[Attendance]:
    return scope_to_hub(Attendance.objects.all(), user).filter(
        status__in=ATTENDED_STATUSES, session__status=SessionStatus.DELIVERED
    )


@dataclass
class CohortRates:
    cohort: Cohort
    sessions_delivered: int = 0
    attended: int = 0
    feedback: Means = field(default_factory=Means)
    rate: int | None = None
    members: int = 0
    completed: dict[str, int] = field(default_factory=dict)


@dataclass
class Series:
    """A chart's data: one line per cohort (or facilitator), one point per month."""

    months: list[str]
    lines: list[tuple[str, list[float | None]]]

    def as_chart(self) -> dict:
        return {
            "labels": self.months,
            "datasets": [{"label": name, "data": values} for name, values in self.lines],
        }


def _series(rows, key: str, names: dict) -> Series:
    months = sorted({row["month"] for row in rows})
    by_key: dict = defaultdict(dict)
    for row in rows:
        by_key[row[key]][row["month"]] = row["satisfaction"]
    labels = [f"{m:%b %Y}" for m in months]
    lines = []
    for pk, values in sorted(by_key.items(), key=lambda item: str(names.get(item[0], ""))):
        points = [values.get(m) for m in months]
        lines.append(
            (
                str(names.get(pk, "Unknown")),
                [None if v is None else float(_round(v)) for v in points],
            )
        )
    return Series(months=labels, lines=lines)


def _month(value) -> date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if isinstance(value, datetime) else value


@dataclass
class FeedbackOverview:
    cohorts: list[CohortRates]
    facilitators: list[tuple[str, Means]]
    by_cohort: Series
    by_facilitator: Series
    changes: list[TopicChange]


def feedback_overview(user, *, year: ProgrammeYear | None) -> FeedbackOverview:
    """Response rates per cohort, satisfaction per facilitator and per cohort over time, and
    the change per topic (SUR-1, SUR-3) for the user's hub in one programme year."""
    cohorts = list(
        cohorts_with_schedule_totals(cohorts_for(user).filter(programme_year=year)).order_by(
            "name", "pk"
        )
    )
    ids = [c.pk for c in cohorts]
    feedback = feedback_for(user).filter(session__cohort__in=ids)
    attended = {
        row["session__cohort"]: row["n"]
        for row in _attended(user)
        .filter(session__cohort__in=ids)
        .values("session__cohort")
        .annotate(n=Count("pk"))
    }
    means = {
        row["session__cohort"]: row
        for row in feedback.values("session__cohort").annotate(**MEANS).order_by()
    }
    members = {
        row["cohort"]: row["n"]
        for row in CohortMembership.objects.filter(cohort__in=ids, left_at__isnull=True)
        .values("cohort")
        .annotate(n=Count("pk"))
        .order_by()
    }
    completed: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        survey_responses_for(user)
        .filter(
            completed_on__isnull=False,
            participant__memberships__cohort__in=ids,
            participant__memberships__left_at__isnull=True,
        )
        .values("participant__memberships__cohort", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        completed[row["participant__memberships__cohort"]][row["kind"]] = row["n"]
    rates = []
    for cohort in cohorts:
        m = _means(means.get(cohort.pk))
        rates.append(
            CohortRates(
                cohort=cohort,
                sessions_delivered=cohort.delivered_count,
                attended=attended.get(cohort.pk, 0),
                feedback=m,
                rate=_rate(m.responses, attended.get(cohort.pk, 0)),
                members=members.get(cohort.pk, 0),
                completed=completed.get(cohort.pk, {}),
            )
        )

    facilitator_names = {
        c.lead_facilitator_id: (
            c.lead_facilitator.get_full_name() or c.lead_facilitator.username
            if c.lead_facilitator
            else "No lead facilitator"
        )
        for c in cohorts
    }
    per_facilitator = [
        (facilitator_names.get(row["session__cohort__lead_facilitator"], "Unknown"), _means(row))
        for row in feedback.values("session__cohort__lead_facilitator").annotate(**MEANS).order_by()
    ]
    per_facilitator.sort(key=lambda item: item[0])

    month = TruncMonth("session__starts_at", tzinfo=LONDON)
    cohort_rows = [
        {**row, "month": _month(row["month"])}
        for row in feedback.annotate(month=month)
        .values("session__cohort", "month")
        .annotate(satisfaction=Avg("satisfaction"))
        .order_by()
    ]
    facilitator_rows = [
        {**row, "month": _month(row["month"])}
        for row in feedback.annotate(month=month)
        .values("session__cohort__lead_facilitator", "month")
        .annotate(satisfaction=Avg("satisfaction"))
        .order_by()
    ]
    return FeedbackOverview(
        cohorts=rates,
        facilitators=per_facilitator,
        by_cohort=_series(cohort_rows, "session__cohort", {c.pk: c.name for c in cohorts}),
        by_facilitator=_series(
            facilitator_rows, "session__cohort__lead_facilitator", facilitator_names
        ),
        changes=survey_topic_changes(user, cohort_ids=ids),
    )


@dataclass
class SessionRates:
    session: Session
    attended: int
    feedback: Means
    rate: int | None


def cohort_session_rates(user, cohort: Cohort) -> list[SessionRates]:
    """Per delivered session of one (already scoped) cohort: attendees, responses, means."""
    sessions = list(
        cohort.sessions.filter(status=SessionStatus.DELIVERED).order_by("starts_at", "pk")
    )
    attended = {
        row["session"]: row["n"]
        for row in _attended(user)
        .filter(session__cohort=cohort)
        .values("session")
        .annotate(n=Count("pk"))
        .order_by()
    }
    means = {
        row["session"]: row
        for row in feedback_for(user)
        .filter(session__cohort=cohort)
        .values("session")
        .annotate(**MEANS)
        .order_by()
    }
    return [
        SessionRates(
            session=s,
            attended=attended.get(s.pk, 0),
            feedback=_means(means.get(s.pk)),
            rate=_rate(_means(means.get(s.pk)).responses, attended.get(s.pk, 0)),
        )
        for s in sessions
    ]


def feedback_comments(user, *, cohort_ids=None, year=ANY_YEAR) -> QuerySet[SessionFeedback]:
    """Free-text comments for quality assurance, newest first, without the participant's name
    (QA reads what was said, not who said it). With `year`, only that programme year's
    cohorts' comments (PY-1; no year: none)."""
    comments = feedback_for(user).filter(~Q(what_worked="") | ~Q(what_to_improve=""))
    if cohort_ids is not None:
        comments = comments.filter(session__cohort__in=cohort_ids)
    if year is not ANY_YEAR:
        comments = comments.filter(session__cohort__programme_year=year)
    return comments.select_related("session__cohort").order_by("-submitted_on", "-pk")


def survey_topic_changes(user, *, cohort_ids=None) -> list[TopicChange]:
    """SUR-3: per topic, mean change from baseline to exit over participants who completed
    both. Uses the topic copied onto each answer, so later edits to questions change nothing.
    A cohort means the participant's current cohort."""
    answers = scope_to_hub(SurveyAnswer.objects.all(), user).filter(
        response__completed_on__isnull=False,
        response__kind__in=[SurveyKind.BASELINE, SurveyKind.EXIT],
        score__isnull=False,
    )
    if cohort_ids is not None:
        answers = answers.filter(
            response__participant__memberships__cohort__in=cohort_ids,
            response__participant__memberships__left_at__isnull=True,
        )
    rows = (
        answers.values("response__participant", "topic")
        .annotate(
            baseline=Avg("score", filter=Q(response__kind=SurveyKind.BASELINE)),
            exit=Avg("score", filter=Q(response__kind=SurveyKind.EXIT)),
            first=Max("question__order"),
        )
        .order_by("first", "topic", "response__participant")
    )
    return topic_changes(
        (row["response__participant"], row["topic"], row["baseline"], row["exit"]) for row in rows
    )
