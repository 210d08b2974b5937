"""The database side of KPI-2: one grouped query per kind of fact, for every hub at once.

The number of queries is the same for one hub or 38, ten participants or 6,000 (KPI-2 at
national scale): each function returns {hub_id: values} from a single GROUP BY. Every query
reads only the records of the programme year that covers the month (PY-1): participants (and
through them their one-to-one logs, feedback and surveys) and cohorts (and through them their
sessions, attendance and observations) of that year.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from cohorts.models import Cohort
from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import OneToOneSession
from participants.models import Participant, eligible_as_at
from peernetworks.models import ProgrammeYear
from sessions.models import ATTENDED_STATUSES, Attendance, Observation, Session, SessionStatus
from sessions.selectors import attended_minutes

from .kpi import Facts, Period

# Sums compared with a threshold carry a hair of tolerance for SQLite's float arithmetic; real
# values move in steps of a minute (1/60 h), far coarser than this.
EPSILON = 1e-6


def _delivered(period: Period, year: ProgrammeYear, prefix: str = "") -> Q:
    lo, hi = period.to_date
    return Q(
        **{
            f"{prefix}cohort__programme_year": year,
            f"{prefix}status": SessionStatus.DELIVERED,
            f"{prefix}starts_at__gte": lo,
            f"{prefix}starts_at__lt": hi,
        }
    )


def _dates(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.year_start, f"{field}__lte": period.month_end})


def hub_facts(period: Period, year: ProgrammeYear) -> dict[int, Facts]:
    facts: dict[int, Facts] = defaultdict(Facts)

    def put(rows, mapping: dict[str, str]) -> None:
        for row in rows:
            counts = facts[row["hub"]].counts
            for column, name in mapping.items():
                counts[name] += row[column] or 0

    # Participants: registered, eligible as at E (of those registered), dropped out.
    registered = _dates(period, "registered_on")
    put(
        Participant.objects.filter(programme_year=year)
        .values(hub=F("business__hub"))
        .annotate(
            registered=Count("pk", filter=registered),
            eligible=Count("pk", filter=registered & eligible_as_at(period.month_end)),
            dropped=Count("pk", filter=_dates(period, "dropped_out_on")),
        )
        .order_by(),
        {
            "registered": "participants_registered",
            "eligible": "participants_eligible",
            "dropped": "participants_dropped_out",
        },
    )

    # Delivered sessions, hours, cohorts started.
    lo, hi = period.in_month
    for row in (
        Session.objects.filter(_delivered(period, year))
        .values(hub=F("cohort__hub"))
        .annotate(
            sessions=Count("pk"),
            in_month=Count("pk", filter=Q(starts_at__gte=lo, starts_at__lt=hi)),
            hours=Sum("duration_hours"),
            cohorts=Count("cohort", distinct=True),
        )
        .order_by()
    ):
        hub = facts[row["hub"]]
        hub.counts["sessions_delivered"] += row["sessions"]
        hub.counts["sessions_delivered_in_month"] += row["in_month"]
        hub.counts["cohorts_started"] += row["cohorts"]
        hub.hours["group_hours_delivered"] = Decimal(row["hours"] or 0)

    # Cohorts completed: delivered lengths reach the required group hours. The thresholds
    # below are uncorrelated `IN (... GROUP BY ... HAVING ...)` subqueries: one pass each.
    completed_cohorts = (
        Session.objects.filter(_delivered(period, year))
        .values("cohort")
        .annotate(total=Cast(Sum("duration_hours"), FloatField()))
        .filter(total__gte=float(year.group_hours_required) - EPSILON)
        .values("cohort")
    )
    put(
        Cohort.objects.filter(pk__in=completed_cohorts)
        .values("hub")
        .annotate(n=Count("pk"))
        .order_by(),
        {"n": "cohorts_completed"},
    )

    # Participants started: attended at least one delivered session.
    attended = Q(status__in=ATTENDED_STATUSES) & _delivered(period, year, "session__")
    put(
        Attendance.objects.filter(attended)
        .values(hub=F("participant__business__hub"))
        .annotate(n=Count("participant", distinct=True))
        .order_by(),
        {"n": "participants_started"},
    )

    # Participants who completed the group hours: their attended minutes (SES-7, KPI-2), summed
    # as floats to compare with the tolerance.
    completed_hours = (
        Attendance.objects.filter(attended)
        .values("participant")
        .annotate(total=Sum(Cast(attended_minutes(), FloatField())))
        .filter(total__gte=float(year.group_hours_required) * 60 - EPSILON)
        .values("participant")
    )

    # One-to-one hours by route, who had any by each route, and who met the minimum on both
    # routes together.
    logged = _dates(period, "date") & Q(participant__programme_year=year)
    for row in (
        OneToOneSession.objects.filter(logged)
        .values(hub=F("participant__business__hub"))
        .annotate(
            programme=Sum("hours", filter=Q(route="programme")),
            existing=Sum("hours", filter=Q(route="existing_provision")),
            by_programme=Count("participant", filter=Q(route="programme"), distinct=True),
            by_existing=Count("participant", filter=Q(route="existing_provision"), distinct=True),
        )
        .order_by()
    ):
        hub = facts[row["hub"]]
        hub.hours["one_to_one_hours_programme"] = Decimal(row["programme"] or 0)
        hub.hours["one_to_one_hours_existing_provision"] = Decimal(row["existing"] or 0)
        hub.counts["participants_one_to_one_programme"] += row["by_programme"]
        hub.counts["participants_one_to_one_existing_provision"] += row["by_existing"]
    met_minimum = (
        OneToOneSession.objects.filter(logged)
        .values("participant")
        .annotate(total=Cast(Sum("hours"), FloatField()))
        .filter(total__gte=float(year.one_to_one_minimum_hours) - EPSILON)
        .values("participant")
    )

    # Group hours, the one-to-one minimum, and both together (PART-1: completed), in one pass.
    for row in (
        Participant.objects.filter(programme_year=year)
        .filter(Q(pk__in=completed_hours) | Q(pk__in=met_minimum))
        .values(hub=F("business__hub"))
        .annotate(
            group=Count("pk", filter=Q(pk__in=completed_hours)),
            minimum=Count("pk", filter=Q(pk__in=met_minimum)),
            both=Count("pk", filter=Q(pk__in=completed_hours) & Q(pk__in=met_minimum)),
        )
        .order_by()
    ):
        counts = facts[row["hub"]].counts
        counts["participants_completed_group_hours"] += row["group"]
        counts["participants_met_one_to_one_minimum"] += row["minimum"]
        counts["participants_completed"] += row["both"]

    # Feedback: responses and the sum of satisfaction (for means over all responses).
    for row in (
        SessionFeedback.objects.filter(
            _dates(period, "submitted_on"), participant__programme_year=year
        )
        .values(hub=F("participant__business__hub"))
        .annotate(n=Count("pk"), satisfaction=Sum("satisfaction"))
        .order_by()
    ):
        hub = facts[row["hub"]]
        hub.counts["feedback_responses"] += row["n"]
        hub.satisfaction_sum += row["satisfaction"] or 0

    put(
        Observation.objects.filter(
            _dates(period, "completed_on"), session__cohort__programme_year=year
        )
        .values(hub=F("session__cohort__hub"))
        .annotate(n=Count("pk"))
        .order_by(),
        {"n": "observations_completed"},
    )
    put(
        SurveyResponse.objects.filter(
            _dates(period, "completed_on"), participant__programme_year=year
        )
        .values(hub=F("participant__business__hub"))
        .annotate(
            baseline=Count("pk", filter=Q(kind="baseline")),
            exit=Count("pk", filter=Q(kind="exit")),
            drop_out=Count("pk", filter=Q(kind="drop_out")),
        )
        .order_by(),
        {
            "baseline": "baseline_surveys_completed",
            "exit": "exit_surveys_completed",
            "drop_out": "drop_out_surveys_completed",
        },
    )

    # Hot topics: the topics on most delivered sessions.
    through = Session.topics.through
    for row in (
        through.objects.filter(_delivered(period, year, "session__"))
        .values(hub=F("session__cohort__hub"), name=F("topic__name"))
        .annotate(n=Count("session", distinct=True))
        .order_by()
    ):
        facts[row["hub"]].topics[row["name"]] += row["n"]

    return dict(facts)
