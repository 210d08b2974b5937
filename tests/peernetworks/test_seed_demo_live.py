"""seed_demo builds a live programme on whatever day it runs (PY-2, SPEC §11): the year covering
today mid-flight, the year before it closed and complete, nothing delivered in the future and
nothing planned in the past, and the KPI returns a hub would have on that day."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CohortMembership
from feedback.models import SessionFeedback, SurveyResponse
from one_to_one.models import OneToOneSession
from participants.models import Participant
from peernetworks.models import HubYear, ProgrammeYear, User, YearStatus
from peernetworks.units import LONDON as SCHEDULE_LONDON
from reporting.models import SUBMITTED, KpiReturn, ReturnStatus
from sessions.models import Observation, Session, SessionStatus
from sessions.selectors import at_risk_participant_ids

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def seed(*args: str) -> None:
    call_command("seed_demo", "--scale", "small", *args, stdout=StringIO())


def months_of(year: ProgrammeYear, before: date) -> list[date]:
    months, month = [], year.start
    while month <= year.end and (month + timedelta(days=31)).replace(day=1) <= before:
        months.append(month)
        month = (month + timedelta(days=31)).replace(day=1)
    return months


def assert_a_consistent_programme(now: datetime) -> None:
    """What holds on any date."""
    today = timezone.localdate(now)
    # No delivered session in the future, no planned one in the past.
    assert not Session.objects.filter(status=SessionStatus.DELIVERED, starts_at__gt=now).exists()
    assert not Session.objects.filter(status=SessionStatus.PLANNED, starts_at__lt=now).exists()
    # SES-4: every session inside its cohort's programme year.
    for session in Session.objects.select_related("cohort__programme_year"):
        day = session.starts_at.astimezone(SCHEDULE_LONDON).date()
        assert session.cohort.programme_year.contains(day), session
    # COH-1: no cohort above the year's maximum; COH-3: one cohort per participant.
    for cohort in Cohort.objects.select_related("programme_year").annotate(
        n=Count("memberships", filter=Q(memberships__left_at__isnull=True))
    ):
        assert 0 < cohort.n <= cohort.programme_year.cohort_max
    # Members registered before their cohort began, in its year (PY-1).
    for membership in CohortMembership.objects.select_related(
        "participant", "cohort__programme_year"
    ):
        first = membership.cohort.sessions.order_by("starts_at").first()
        assert membership.participant.registered_on < first.starts_at.date()
        assert membership.participant.programme_year == membership.cohort.programme_year
    # Nothing is dated after today.
    assert not Participant.objects.filter(
        Q(registered_on__gt=today)
        | Q(dropped_out_on__gt=today)
        | Q(discretion_decided_on__gt=today)
    ).exists()
    assert not OneToOneSession.objects.filter(date__gt=today).exists()
    assert not SessionFeedback.objects.filter(submitted_on__gt=today).exists()
    assert not SurveyResponse.objects.filter(completed_on__gt=today).exists()
    assert not Observation.objects.filter(completed_on__gt=today).exists()
    assert not KpiReturn.objects.filter(submitted_at__gt=now).exists()
    # One-to-one support inside the participant's year (SES-4).
    for log in OneToOneSession.objects.select_related("participant__programme_year"):
        assert log.participant.programme_year.contains(log.date)


def assert_recent_and_planned_sessions(now: datetime) -> None:
    assert Session.objects.filter(
        status=SessionStatus.DELIVERED, starts_at__gte=now - timedelta(days=21)
    ).exists()
    assert Session.objects.filter(status=SessionStatus.PLANNED, starts_at__gt=now).exists()


def assert_last_month_compiles(month: date) -> None:
    call_command("compile_kpi_return", "--month", f"{month:%Y-%m}", stdout=StringIO())
    returns = KpiReturn.objects.filter(month=month, hub__slug="greater-manchester")
    assert returns.get().participants_registered > 0


NOW = datetime(2026, 12, 3, 10, tzinfo=LONDON)


@time_machine.travel(NOW, tick=False)
def test_on_3_december_2026_the_2026_27_year_is_mid_flight():
    seed()
    now, today = timezone.now(), timezone.localdate()

    running, previous = ProgrammeYear.running(), ProgrammeYear.objects.get(name="2025/26")
    assert (running.name, running.start, running.end) == (
        "2026/27",
        date(2026, 4, 1),
        date(2027, 3, 31),
    )
    assert ProgrammeYear.current() == running
    assert previous.status() == YearStatus.CLOSED
    assert list(ProgrammeYear.objects.order_by("start").values_list("name", flat=True)) == [
        "2025/26",
        "2026/27",
    ]
    for year in (previous, running):  # PY-1: each hub's target per year
        targets = HubYear.objects.filter(programme_year=year)
        assert targets.count() == 38
        assert targets.aggregate(total=Sum("target_participants"))["total"] == 6000

    assert_a_consistent_programme(now)
    assert_recent_and_planned_sessions(now)

    # Registrations over the months so far, some in the last days, some awaiting a decision,
    # some ineligible.
    this_year = Participant.objects.filter(programme_year=running)
    months = {p.registered_on.month for p in this_year}
    assert {4, 5, 6, 7, 8, 9, 10, 11, 12} <= months
    assert this_year.filter(registered_on__gte=today - timedelta(days=3)).exists()
    assert this_year.filter(eligibility_outcome="needs_discretion", discretion_decision="").exists()
    assert this_year.filter(eligibility_outcome="ineligible").exists()
    assert this_year.filter(charter_signed_at__isnull=True).exists()

    # Cohorts: finished, running (delivered up to today, planned after) and one about to start
    # whose joining instructions are not yet sent.
    cohorts = Cohort.objects.filter(programme_year=running).annotate(
        delivered=Count("sessions", filter=Q(sessions__status=SessionStatus.DELIVERED)),
        planned=Count("sessions", filter=Q(sessions__status=SessionStatus.PLANNED)),
    )
    assert cohorts.filter(planned=0).exists()
    assert cohorts.filter(delivered__gt=0, planned__gt=0).exists()
    upcoming = [
        c
        for c in cohorts.filter(delivered=0)
        if now < c.sessions.order_by("starts_at").first().starts_at <= now + timedelta(days=10)
    ]
    assert upcoming
    assert not Session.objects.filter(
        cohort__in=upcoming, joining_instructions_sent_at__isnull=False
    ).exists()
    assert at_risk_participant_ids(Cohort.objects.filter(programme_year=running))
    assert OneToOneSession.objects.filter(participant__programme_year=running).exists()
    assert SessionFeedback.objects.filter(participant__programme_year=running).exists()

    # The previous year: complete and intact.
    assert not Session.objects.filter(
        cohort__programme_year=previous, status=SessionStatus.PLANNED
    ).exists()
    assert OneToOneSession.objects.filter(participant__programme_year=previous).exists()
    assert SurveyResponse.objects.filter(
        participant__programme_year=previous, kind="exit", completed_on__isnull=False
    ).exists()
    old_returns = KpiReturn.objects.filter(programme_year=previous)
    assert sorted(set(old_returns.values_list("month", flat=True))) == months_of(previous, today)
    assert set(old_returns.values_list("status", flat=True)) <= set(SUBMITTED)

    # KPI returns for every past month of the running year: submitted, one overdue, and the
    # last month's compiled but not yet submitted.
    returns = KpiReturn.objects.filter(programme_year=running)
    assert sorted(set(returns.values_list("month", flat=True))) == months_of(running, today)
    assert returns.filter(status__in=SUBMITTED).exists()
    assert returns.filter(status=ReturnStatus.OVERDUE, due_date__lt=today).exists()
    assert not returns.filter(month=date(2026, 11, 1), status__in=SUBMITTED).exists()
    assert_last_month_compiles(date(2026, 11, 1))


@time_machine.travel(NOW, tick=False)
def test_the_demo_logins_see_a_live_programme(client):
    seed()
    gm_participant = Participant.objects.filter(
        business__hub__slug="greater-manchester", memberships__isnull=False
    ).first()

    # PY-3: registration opens at the year's start, so it is open today.
    response = client.get(reverse("register", args=["greater-manchester"]))
    assert response.status_code == 200
    assert "registration is closed" not in response.content.decode().lower()

    def page(username: str, url: str) -> str:
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, (username, url)
        return response.content.decode()

    assert "2026/27" in page("gm-staff", reverse("home"))
    assert "2026/27" in page("national", reverse("home"))
    assert "Liverpool City Region Cohort" in page("lcr-facilitator", reverse("facilitator:home"))
    assert "Greater Manchester Cohort" in page("gm-facilitator", reverse("facilitator:home"))
    lcr = Participant.objects.filter(business__hub__slug="liverpool-city-region").first()
    assert lcr.last_name in page("lcr-staff", reverse("participants:participant-list"))
    assert gm_participant.last_name in page("gm-staff", reverse("participants:participant-list"))
    supported = Participant.objects.filter(
        provider_assignments__provider__username="gm-provider",
        programme_year=ProgrammeYear.running(),
    ).first()
    assert supported.last_name in page("gm-provider", reverse("one_to_one:provider-home"))


@time_machine.travel(datetime(2027, 4, 2, 10, tzinfo=LONDON), tick=False)
def test_on_2_april_2027_a_new_year_has_just_begun():
    seed()
    now, today = timezone.now(), timezone.localdate()
    running, previous = ProgrammeYear.running(), ProgrammeYear.objects.get(name="2026/27")
    assert (running.name, running.start) == ("2027/28", date(2027, 4, 1))
    assert previous.status() == YearStatus.CLOSED
    assert_a_consistent_programme(now)
    # The last sessions of the year just closed, and the new year's first cohort ahead.
    assert_recent_and_planned_sessions(now)
    assert Session.objects.filter(
        cohort__programme_year=running, status=SessionStatus.PLANNED
    ).exists()
    assert not Session.objects.filter(
        cohort__programme_year=previous, status=SessionStatus.PLANNED
    ).exists()
    # Every month of the year just closed is compiled (PY-6): March is still a draft, February
    # overdue for one hub, the rest submitted.
    returns = KpiReturn.objects.filter(programme_year=previous)
    assert sorted(set(returns.values_list("month", flat=True))) == months_of(previous, today)
    assert len(months_of(previous, today)) == 12
    assert not returns.filter(month=date(2027, 3, 1), status__in=SUBMITTED).exists()
    assert returns.filter(month=date(2027, 2, 1), status=ReturnStatus.OVERDUE).exists()
    assert returns.filter(status__in=SUBMITTED).exists()
    assert not KpiReturn.objects.filter(programme_year=running).exists()
    assert_last_month_compiles(date(2027, 3, 1))


@time_machine.travel(datetime(2026, 3, 31, 10, tzinfo=LONDON), tick=False)
def test_on_the_last_day_of_a_year_with_three_years_loaded():
    seed("--years", "3")
    now, today = timezone.now(), timezone.localdate()
    years = list(ProgrammeYear.objects.order_by("start"))
    assert [y.name for y in years] == ["2023/24", "2024/25", "2025/26"]
    assert [y.status() for y in years] == [YearStatus.CLOSED, YearStatus.CLOSED, YearStatus.RUNNING]
    assert_a_consistent_programme(now)
    assert Session.objects.filter(
        status=SessionStatus.DELIVERED, starts_at__gte=now - timedelta(days=21)
    ).exists()
    for year in years:
        assert Participant.objects.filter(programme_year=year).exists()
        assert Cohort.objects.filter(programme_year=year).exists()
        assert KpiReturn.objects.filter(programme_year=year).count() == 2 * len(
            months_of(year, today)
        )
    assert KpiReturn.objects.filter(status__in=SUBMITTED).exists()
    assert KpiReturn.objects.filter(status=ReturnStatus.OVERDUE).exists()
    assert_last_month_compiles(date(2026, 2, 1))


@time_machine.travel(NOW, tick=False)
def test_running_it_again_adds_nothing():
    seed()
    models = (Participant, Cohort, Session, KpiReturn, OneToOneSession, SessionFeedback)
    counts = [model.objects.count() for model in models]
    seed()
    assert [model.objects.count() for model in models] == counts
