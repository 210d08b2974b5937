"""Staff reports on feedback and surveys (SUR-1, SUR-3), through the one access scope
(`scope_to_hub`): a fixed number of grouped queries however many cohorts, sessions and responses
there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth

from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import cohorts_for, cohorts_with_schedule_totals
from peernetworks.access import scope_to_hub
from peernetworks.models import ProgrammeYear
from peernetworks.units import LONDON, rate_percent, round_mean
from sessions.models import ATTENDED_STATUSES, Attendance, Session, SessionStatus

from ..models import (
    SessionFeedback,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from ..surveys import TopicChange, topic_changes

ANY_YEAR = object()  # feedback_comments without a year filter (a cohort's own page)


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
        satisfaction=round_mean(row["satisfaction"]),
        relevance=round_mean(row["relevance"]),
        facilitation=round_mean(row["facilitation"]),
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
                [None if v is None else float(round_mean(v)) for v in points],
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
                rate=rate_percent(m.responses, attended.get(cohort.pk, 0)),
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
            rate=rate_percent(_means(means.get(s.pk)).responses, attended.get(s.pk, 0)),
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
