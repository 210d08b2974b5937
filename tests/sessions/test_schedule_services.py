"""The schedule services: the generated series (SES-3) saved whole, the 18-hour total before a
cohort is scheduled (SES-1), session lengths (SES-2) and dates (SES-4), and quality observations
(SES-11)."""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.services import cohort_has_met
from sessions.models import Observation, ObservationMethod, Session, SessionStatus
from sessions.schedule import length_pattern
from sessions.services import (
    cohort_mark_scheduled,
    cohort_schedule_total,
    observation_book,
    observation_complete,
    observation_random_session,
    schedule_preview,
    schedule_save,
    session_cancel,
    session_save,
)
from tests.cohorts.factories import CohortFactory
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import SessionFactory, fortnightly_schedule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
D = Decimal
NOW = datetime(2021, 8, 2, 9, 0, tzinfo=LONDON)
FIRST = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
EIGHTEEN = [3, 2, 2, 2, 2, 2, 2, 3]
SEVENTEEN = [3, 2, 2, 2, 2, 2, 2, 2]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cohort(programme_year, hub):
    return CohortFactory(
        hub=hub,
        programme_year=programme_year,
        name="Manchester Makers",
        lead_facilitator=FacilitatorFactory(hub=hub, email="fran@gm.example"),
        platform="teams",
    )


def generated(cohort, first=FIRST, interval="fortnightly", lengths=None):
    lengths = lengths or length_pattern(
        required_hours=D(18), first_hours=D(3), last_hours=D(3), other_hours=D(2)
    )
    return schedule_preview(cohort=cohort, first_start=first, interval=interval, lengths=lengths)


def rows(cohort):
    return list(
        cohort.sessions.order_by("number").values_list("number", "starts_at", "duration_hours")
    )


# SES-3: the generated series, saved whole.


def test_it_saves_the_generated_fortnightly_eighteen_hour_series(cohort):
    planned = generated(cohort)
    assert not any(p.refusals or p.warnings for p in planned)

    sessions = schedule_save(cohort=cohort, planned=planned)

    assert len(sessions) == 8
    saved = rows(cohort)
    assert [number for number, _, _ in saved] == list(range(1, 9))
    assert [hours for _, _, hours in saved] == [D(h) for h in EIGHTEEN]
    assert [s.astimezone(LONDON) for _, s, _ in saved] == [
        FIRST + timedelta(days=14 * i) for i in range(8)
    ]
    assert all(s.astimezone(LONDON).strftime("%H:%M") == "09:30" for _, s, _ in saved)
    assert cohort_schedule_total(cohort).matches
    assert set(cohort.sessions.values_list("platform", "status")) == {("teams", "planned")}


def test_it_keeps_the_wall_clock_over_the_clock_change_when_saved(cohort):
    schedule_save(
        cohort=cohort, planned=generated(cohort, first=datetime(2021, 10, 12, 18, 0, tzinfo=LONDON))
    )

    starts = [s.astimezone(LONDON) for _, s, _ in rows(cohort)]
    assert {(s.hour, s.minute) for s in starts} == {(18, 0)}


def test_it_replaces_planned_sessions_when_saving_a_new_series(cohort):
    fortnightly_schedule(cohort, first=FIRST, lengths=[2, 2])

    schedule_save(cohort=cohort, planned=generated(cohort, interval="weekly"))

    assert cohort.sessions.count() == 8
    saved = rows(cohort)
    assert saved[1][1] - saved[0][1] == timedelta(days=7)


def test_it_refuses_a_series_running_past_the_programme_year_whole(cohort):
    existing = fortnightly_schedule(cohort, first=FIRST, lengths=[3, 3])
    planned = generated(cohort, first=datetime(2022, 2, 15, 9, 30, tzinfo=LONDON))
    outside = [i for i, p in enumerate(planned, start=1) if p.refusals]
    assert outside == [5, 6, 7, 8]  # 29 March is the last fortnightly date inside

    with pytest.raises(ValidationError) as excinfo:
        schedule_save(cohort=cohort, planned=planned)

    messages = excinfo.value.message_dict["sessions"]
    assert messages[0].startswith("Session 5: 12 April 2022 is outside the programme year")
    assert len(messages) == 4
    assert sorted(cohort.sessions.values_list("pk", flat=True)) == sorted(s.pk for s in existing)


def test_it_refuses_a_series_with_an_impossible_length(cohort):
    planned = generated(cohort, lengths=[D(3), D(0), D(9), D(2)])

    with pytest.raises(ValidationError) as excinfo:
        schedule_save(cohort=cohort, planned=planned)

    assert excinfo.value.message_dict["sessions"] == [
        "Session 2: A session must last more than zero hours.",
        "Session 3: A session cannot last more than 8 hours.",
    ]
    assert not cohort.sessions.exists()


def test_it_refuses_to_regenerate_once_a_session_was_delivered(cohort):
    sessions = fortnightly_schedule(cohort, first=datetime(2021, 7, 6, 9, 30, tzinfo=LONDON))
    Session.objects.filter(pk=sessions[0].pk).update(status=SessionStatus.DELIVERED)

    with pytest.raises(ValidationError, match="delivered or cancelled sessions"):
        schedule_save(cohort=cohort, planned=generated(cohort))

    assert cohort.sessions.count() == 8
    assert cohort.sessions.filter(status=SessionStatus.DELIVERED).count() == 1


def test_it_unconfirms_the_schedule_when_a_new_series_no_longer_matches(cohort):
    fortnightly_schedule(cohort, first=FIRST)
    cohort_mark_scheduled(cohort=cohort)

    schedule_save(cohort=cohort, planned=generated(cohort, lengths=[D(h) for h in SEVENTEEN]))

    cohort.refresh_from_db()
    assert cohort.scheduled_at is None


# SES-1: the cohort is scheduled only when the sessions total 18 hours.


def test_it_refuses_to_mark_seventeen_hours_scheduled(cohort):
    fortnightly_schedule(cohort, first=FIRST, lengths=SEVENTEEN)

    with pytest.raises(ValidationError) as excinfo:
        cohort_mark_scheduled(cohort=cohort)

    message = excinfo.value.message_dict["sessions"][0]
    assert "17 of 18 hours planned" in message
    assert "1 hour" in message and "short" in message
    assert message.startswith("Not scheduled: ")
    cohort.refresh_from_db()
    assert cohort.scheduled_at is None


def test_it_refuses_to_mark_nineteen_hours_scheduled(cohort):
    fortnightly_schedule(cohort, first=FIRST, lengths=[3, 2, 2, 2, 2, 2, 3, 3])

    with pytest.raises(ValidationError, match="more than the 18 required"):
        cohort_mark_scheduled(cohort=cohort)


@pytest.mark.parametrize("lengths", [[3, 2, 2, 2, 2, 2, 2, "2.5"], [3, 2, 2, 2, 2, 2, 2, "3.5"]])
def test_it_refuses_half_an_hour_either_side(cohort, lengths):
    fortnightly_schedule(cohort, first=FIRST, lengths=lengths)

    with pytest.raises(ValidationError, match="0.5 hours"):
        cohort_mark_scheduled(cohort=cohort)


def test_it_marks_eighteen_hours_scheduled(cohort):
    fortnightly_schedule(cohort, first=FIRST)

    cohort_mark_scheduled(cohort=cohort)

    cohort.refresh_from_db()
    assert cohort.scheduled_at == timezone.now()


def test_it_does_not_count_cancelled_sessions_towards_the_total(cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST, lengths=[*EIGHTEEN, 2])
    assert cohort_schedule_total(cohort).planned_hours == D(20)

    session_cancel(session=sessions[-1])

    assert cohort_schedule_total(cohort).planned_hours == D(18)
    cohort_mark_scheduled(cohort=cohort)


def test_it_needs_a_lead_facilitator_to_be_scheduled(cohort):
    cohort.lead_facilitator = None
    cohort.save()
    fortnightly_schedule(cohort, first=FIRST)

    with pytest.raises(ValidationError, match="Choose the lead facilitator first."):
        cohort_mark_scheduled(cohort=cohort)


# Editing one session (SES-2, SES-4).


def test_it_unconfirms_the_schedule_when_an_edit_makes_nineteen_hours(cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    cohort_mark_scheduled(cohort=cohort)

    session, warnings = session_save(
        cohort=cohort, starts_at=sessions[1].starts_at, duration_hours=D(3), session=sessions[1]
    )

    assert warnings == []
    assert session.duration_hours == D(3)
    cohort.refresh_from_db()
    assert cohort.scheduled_at is None
    assert cohort_schedule_total(cohort).describe().startswith("19 hours planned")


def test_it_stays_scheduled_when_an_edit_keeps_eighteen_hours(cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    cohort_mark_scheduled(cohort=cohort)

    session_save(
        cohort=cohort,
        starts_at=sessions[2].starts_at + timedelta(hours=1),
        duration_hours=D(2),
        session=sessions[2],
    )

    cohort.refresh_from_db()
    assert cohort.scheduled_at is not None


@pytest.mark.parametrize("hours", ["0", "-1", "8.5", "8.01"])
def test_it_refuses_an_impossible_session_length(cohort, hours):
    with pytest.raises(ValidationError) as excinfo:
        session_save(cohort=cohort, starts_at=FIRST, duration_hours=D(hours))

    assert list(excinfo.value.message_dict) == ["duration_hours"]
    assert not cohort.sessions.exists()


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime(2022, 4, 1, 9, 30, tzinfo=LONDON),
        datetime(2021, 3, 31, 18, 0, tzinfo=LONDON),
    ],
)
def test_it_refuses_a_session_outside_the_programme_year(cohort, starts_at):
    with pytest.raises(ValidationError) as excinfo:
        session_save(cohort=cohort, starts_at=starts_at, duration_hours=D(2))

    assert list(excinfo.value.message_dict) == ["starts_at"]
    assert "outside the programme year" in excinfo.value.message_dict["starts_at"][0]
    assert not cohort.sessions.exists()


def test_it_accepts_a_session_on_the_last_evening_of_the_year(cohort):
    session, _ = session_save(
        cohort=cohort, starts_at=datetime(2022, 3, 31, 23, 30, tzinfo=LONDON), duration_hours=D(2)
    )

    assert session.pk


@pytest.mark.parametrize("hours", ["3.5", "1.5", "8"])
def test_it_warns_about_a_session_outside_two_to_three_hours(cohort, hours):
    session, warnings = session_save(cohort=cohort, starts_at=FIRST, duration_hours=D(hours))

    assert session.pk and session.duration_hours == D(hours)
    assert len(warnings) == 1 and "outside the recommended 2–3 hours" in warnings[0]


def test_it_numbers_added_sessions_by_date(cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST, lengths=[3, 3])

    added, _ = session_save(cohort=cohort, starts_at=FIRST + timedelta(days=7), duration_hours=D(2))

    assert [(s.pk, s.number) for s in cohort.sessions.order_by("starts_at")] == [
        (sessions[0].pk, 1),
        (added.pk, 2),
        (sessions[1].pk, 3),
    ]


def test_it_resets_joining_instructions_when_a_session_moves(cohort):
    session = SessionFactory(cohort=cohort, starts_at=FIRST, joining_instructions_sent_at=NOW)

    moved, _ = session_save(
        cohort=cohort,
        starts_at=FIRST + timedelta(days=1),
        duration_hours=session.duration_hours,
        session=session,
    )

    moved.refresh_from_db()
    assert moved.joining_instructions_sent_at is None


def test_it_keeps_joining_instructions_when_only_the_length_changes(cohort):
    session = SessionFactory(cohort=cohort, starts_at=FIRST, joining_instructions_sent_at=NOW)
    fresh = Session.objects.get(pk=session.pk)  # starts_at as the database returns it (UTC)

    session_save(cohort=cohort, starts_at=FIRST, duration_hours=D("2.5"), session=fresh)

    fresh.refresh_from_db()
    assert fresh.joining_instructions_sent_at == NOW


def test_it_refuses_to_move_a_delivered_session(cohort):
    session = SessionFactory(cohort=cohort, starts_at=FIRST, status=SessionStatus.DELIVERED)

    with pytest.raises(ValidationError, match="delivered session cannot be moved"):
        session_save(
            cohort=cohort, starts_at=FIRST + timedelta(days=1), duration_hours=D(3), session=session
        )


def test_it_cancels_a_session_and_unconfirms_the_schedule(cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    cohort_mark_scheduled(cohort=cohort)

    session_cancel(session=sessions[3])

    sessions[3].refresh_from_db()
    assert sessions[3].status == SessionStatus.CANCELLED
    assert cohort_schedule_total(cohort).planned_hours == D(16)
    cohort.refresh_from_db()
    assert cohort.scheduled_at is None


def test_it_refuses_to_cancel_a_delivered_session(cohort):
    session = SessionFactory(cohort=cohort, status=SessionStatus.DELIVERED)

    with pytest.raises(ValidationError, match="cannot be cancelled"):
        session_cancel(session=session)


def test_it_says_a_cohort_has_met_only_after_a_session_starts(cohort, frozen):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    assert not cohort_has_met(cohort)

    frozen.move_to(sessions[0].starts_at)

    assert cohort_has_met(cohort)


# SES-11: observations.


@pytest.fixture
def session(cohort):
    return fortnightly_schedule(cohort, first=FIRST)[2]


def test_it_books_an_observation_with_24_hours_notice(session, hub_staff):
    notice = session.starts_at - timedelta(hours=24)

    observation = observation_book(
        session=session,
        observer=hub_staff,
        method=ObservationMethod.RECORDING,
        notice_given_at=notice,
    )

    assert observation.pk
    assert observation.notice_given_at == notice
    assert observation.method == ObservationMethod.RECORDING


def test_it_refuses_an_observation_with_23_hours_59_minutes_notice(session, hub_staff):
    with pytest.raises(ValidationError) as excinfo:
        observation_book(
            session=session,
            observer=hub_staff,
            notice_given_at=session.starts_at - timedelta(hours=23, minutes=59),
        )

    assert excinfo.value.message_dict["session"] == [
        "The facilitator must have at least 24 hours' notice of an observation."
    ]
    assert not Observation.objects.exists()


def test_it_takes_the_notice_from_the_programme_year(session, hub_staff, programme_year):
    programme_year.observation_notice_hours = 48
    programme_year.save()
    session = Session.objects.select_related("cohort__programme_year").get(pk=session.pk)

    with pytest.raises(ValidationError, match="at least 48 hours"):
        observation_book(
            session=session,
            observer=hub_staff,
            notice_given_at=session.starts_at - timedelta(hours=47),
        )


def test_it_uses_now_as_the_notice_by_default(session, hub_staff, frozen):
    frozen.move_to(session.starts_at - timedelta(hours=23))

    with pytest.raises(ValidationError, match="24 hours"):
        observation_book(session=session, observer=hub_staff)

    frozen.move_to(session.starts_at - timedelta(hours=25))
    assert observation_book(session=session, observer=hub_staff).notice_given_at == timezone.now()


def test_it_refuses_to_observe_a_session_that_is_not_planned(cohort, hub_staff):
    session = SessionFactory(cohort=cohort, starts_at=FIRST, status=SessionStatus.CANCELLED)

    with pytest.raises(ValidationError, match="Only a planned session"):
        observation_book(session=session, observer=hub_staff, notice_given_at=NOW)


def test_it_tells_the_facilitator_of_an_observation(
    session, hub_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        observation_book(session=session, observer=hub_staff, notice_given_at=NOW)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fran@gm.example"]
    assert message.subject == "Quality observation: Manchester Makers, session 3"
    assert "Tuesday 05 October 2021 at 09:30" in message.body
    assert "(live)" in message.body


def complete(observation, **overrides):
    values = {
        "score_topic": 4,
        "score_facilitation": 5,
        "score_behaviour": 3,
        "feedback": "Good pace; more silence after questions.",
        "completed_on": NOW.date(),
    }
    return observation_complete(observation=observation, **{**values, **overrides})


def test_it_completes_a_live_observation(session, hub_staff):
    observation = observation_book(session=session, observer=hub_staff, notice_given_at=NOW)

    complete(observation, rubric_notes={"Topic": "Clear"})

    observation.refresh_from_db()
    assert (observation.score_topic, observation.score_facilitation) == (4, 5)
    assert observation.feedback_to_facilitator.startswith("Good pace")
    assert observation.rubric_notes == {"Topic": "Clear"}


def test_it_needs_both_dates_to_complete_a_recorded_observation(session, hub_staff):
    observation = observation_book(
        session=session,
        observer=hub_staff,
        method=ObservationMethod.RECORDING,
        notice_given_at=NOW,
    )

    with pytest.raises(ValidationError) as excinfo:
        complete(observation)
    assert list(excinfo.value.message_dict) == ["privacy_statement_sent_at"]

    with pytest.raises(ValidationError) as excinfo:
        complete(observation, privacy_statement_sent_at=NOW)
    assert list(excinfo.value.message_dict) == ["recording_deleted_at"]

    with pytest.raises(ValidationError) as excinfo:
        complete(observation, recording_deleted_at=NOW)
    assert list(excinfo.value.message_dict) == ["privacy_statement_sent_at"]

    observation.refresh_from_db()
    assert observation.completed_on is None

    complete(observation, privacy_statement_sent_at=NOW, recording_deleted_at=NOW)
    observation.refresh_from_db()
    assert observation.completed_on == NOW.date()
    assert observation.recording_deleted_at == NOW


@pytest.mark.parametrize("score", [0, 6])
def test_it_refuses_a_score_outside_one_to_five(session, hub_staff, score):
    observation = observation_book(session=session, observer=hub_staff, notice_given_at=NOW)

    with pytest.raises(ValidationError) as excinfo:
        complete(observation, score_behaviour=score)

    assert "score_behaviour" in excinfo.value.message_dict


def test_it_draws_only_planned_sessions_with_enough_notice(cohort, frozen):
    frozen.move_to(datetime(2021, 9, 1, 12, 0, tzinfo=LONDON))
    now = timezone.now()
    SessionFactory(cohort=cohort, starts_at=now + timedelta(days=3), status="delivered")
    SessionFactory(cohort=cohort, starts_at=now + timedelta(days=4), status="cancelled")
    SessionFactory(cohort=cohort, starts_at=now + timedelta(hours=23, minutes=59))
    SessionFactory(cohort=cohort, starts_at=now - timedelta(days=1))
    good = SessionFactory(cohort=cohort, starts_at=now + timedelta(hours=24))
    also_good = SessionFactory(cohort=cohort, starts_at=now + timedelta(days=10))
    sessions = list(cohort.sessions.select_related("cohort__programme_year"))

    drawn = {
        observation_random_session(sessions=sessions, rng=random.Random(seed)).pk
        for seed in range(40)
    }

    assert drawn == {good.pk, also_good.pk}


def test_it_draws_nothing_when_no_session_has_enough_notice(cohort):
    SessionFactory(cohort=cohort, starts_at=NOW + timedelta(hours=2))
    SessionFactory(cohort=cohort, starts_at=NOW + timedelta(days=3), status="delivered")

    assert (
        observation_random_session(sessions=list(cohort.sessions.all()), rng=random.Random(1))
        is None
    )
    assert observation_random_session(sessions=[], rng=random.Random(1)) is None
