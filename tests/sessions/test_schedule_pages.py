"""Hub staff's schedule pages: the series generator (SES-1, SES-3, SES-4), editing sessions
(SES-2, SES-4), the joining-instructions flags (SES-5), observations (SES-11) and the calendar
download."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from sessions.models import Observation, Session, SessionStatus
from sessions.services import cohort_mark_scheduled, observation_book
from tests.cohorts.factories import CohortFactory
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import SessionFactory, fortnightly_schedule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2021, 8, 2, 9, 0, tzinfo=LONDON)
FIRST = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
GENERATOR = {
    "first_date": "2021-09-07",
    "first_time": "09:30",
    "interval": "fortnightly",
    "first_hours": "3",
    "other_hours": "2",
    "last_hours": "3",
    "lengths": "",
}


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600  # staff stay logged in while the clock moves
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def lead(hub):
    return FacilitatorFactory(hub=hub, username="fran", first_name="Fran", last_name="Lead")


@pytest.fixture
def cohort(programme_year, hub, lead):
    return CohortFactory(
        hub=hub, programme_year=programme_year, name="Manchester Makers", lead_facilitator=lead
    )


def url(name: str, *args) -> str:
    return reverse(f"cohorts:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    return response.content.decode()


# The schedule generator (SES-1, SES-3, SES-4).


def test_it_offers_fortnightly_by_default(staff_client, cohort):
    response = staff_client.get(url("schedule-generate", cohort.pk))

    assert response.context["form"]["interval"].value() == "fortnightly"
    assert 'value="save"' not in text_of(response)


def test_it_previews_the_eighteen_hour_series_without_saving(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk), {**GENERATOR, "action": "preview"}
    )

    page = text_of(response)
    assert "18 of 18 hours planned." in page
    assert "Complete:" in page
    assert len(response.context["planned"]) == 8
    assert "Tue 7 Sep 2021, 09:30" in page
    assert "Tue 2 Nov 2021, 09:30" in page  # after the clock change, still 09:30
    assert 'value="save"' in page
    assert not Session.objects.exists()


def test_it_flags_a_seventeen_hour_list_as_one_hour_short(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk),
        {**GENERATOR, "lengths": "3, 2, 2, 2, 2, 2, 2, 2", "action": "preview"},
    )

    page = text_of(response)
    assert "Incomplete:" in page
    assert "17 of 18 hours planned: 1 hour" in page and "short" in page
    assert not response.context["total"].matches


def test_it_cannot_confirm_a_seventeen_hour_schedule(staff_client, cohort):
    staff_client.post(
        url("schedule-generate", cohort.pk),
        {**GENERATOR, "lengths": "3, 2, 2, 2, 2, 2, 2, 2", "action": "save"},
    )
    assert cohort.sessions.count() == 8

    response = staff_client.post(url("schedule-confirm", cohort.pk), follow=True)

    page = text_of(response)
    assert "Not scheduled: 17 of 18 hours planned" in page and "1 hour short." in page
    assert response.context["status"] == "Forming"
    cohort.refresh_from_db()
    assert cohort.scheduled_at is None


def test_it_saves_the_series_and_confirms_it(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk), {**GENERATOR, "action": "save"}
    )

    assert response["Location"] == url("cohort-detail", cohort.pk)
    assert messages_of(response) == ["8 sessions saved. 18 of 18 hours planned."]
    assert list(cohort.sessions.values_list("number", flat=True)) == list(range(1, 9))

    response = staff_client.post(url("schedule-confirm", cohort.pk), follow=True)

    assert "Manchester Makers is scheduled." in text_of(response)
    assert response.context["status"] == "Scheduled"
    assert 'id="cohort-status">Scheduled<' in text_of(response)
    assert "Mark as scheduled" not in text_of(response)


def test_it_hides_save_when_a_row_is_refused(staff_client, cohort):
    data = {**GENERATOR, "first_date": "2022-02-15"}

    response = staff_client.post(url("schedule-generate", cohort.pk), {**data, "action": "preview"})

    page = text_of(response)
    assert page.count("Refused:") == 4
    assert "is outside the programme year" in page
    assert response.context["has_refusals"]
    assert 'value="save"' not in page

    response = staff_client.post(url("schedule-generate", cohort.pk), {**data, "action": "save"})
    assert response.status_code == 200
    assert any("Session 5: 12 April 2022" in m for m in messages_of(response))
    assert not Session.objects.exists()


def test_it_refuses_a_zero_length_in_the_list(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk),
        {**GENERATOR, "lengths": "3, 0, 3", "action": "preview"},
    )

    assert "Refused: A session must last more than zero hours." in text_of(response)
    assert 'value="save"' not in text_of(response)


@pytest.mark.parametrize("lengths", ["3, two, 3", "3;2;3"])
def test_it_explains_an_unreadable_list(staff_client, cohort, lengths):
    response = staff_client.post(
        url("schedule-generate", cohort.pk), {**GENERATOR, "lengths": lengths, "action": "preview"}
    )

    assert response.status_code == 200
    assert "lengths" in response.context["form"].errors


def test_it_refuses_nan_in_the_list_as_a_form_error(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk),
        {**GENERATOR, "lengths": "3, NaN, 3", "action": "preview"},
    )

    assert response.status_code == 200
    assert "lengths" in response.context["form"].errors


def test_it_refuses_an_infinite_length(staff_client, cohort):
    response = staff_client.post(
        url("schedule-generate", cohort.pk),
        {**GENERATOR, "lengths": "3, Infinity, 3", "action": "preview"},
    )

    assert response.status_code == 200
    assert 'value="save"' not in text_of(response)


# Editing sessions (SES-2, SES-4).


def test_it_edits_a_session_and_unconfirms_a_nineteen_hour_schedule(staff_client, cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    cohort_mark_scheduled(cohort=cohort)

    response = staff_client.post(
        url("session-edit", sessions[1].pk),
        {"date": "2021-09-21", "time": "09:30", "duration_hours": "3"},
    )

    assert response.status_code == 302
    assert "19 hours planned" in " ".join(messages_of(response))
    cohort.refresh_from_db()
    assert cohort.scheduled_at is None


@pytest.mark.parametrize("hours", ["0", "8.5", "-1"])
def test_it_refuses_an_impossible_length_on_the_field(staff_client, cohort, hours):
    response = staff_client.post(
        url("session-add", cohort.pk),
        {"date": "2021-09-07", "time": "09:30", "duration_hours": hours},
    )

    assert response.status_code == 200
    assert "duration_hours" in response.context["form"].errors
    assert not Session.objects.exists()


def test_it_refuses_a_date_outside_the_year_on_the_date_field(staff_client, cohort):
    response = staff_client.post(
        url("session-add", cohort.pk),
        {"date": "2022-04-01", "time": "09:30", "duration_hours": "2"},
    )

    assert response.status_code == 200
    assert "outside the programme year" in response.context["form"].errors["date"][0]
    assert not Session.objects.exists()


def test_it_warns_about_a_three_and_a_half_hour_session(staff_client, cohort):
    response = staff_client.post(
        url("session-add", cohort.pk),
        {"date": "2021-09-07", "time": "09:30", "duration_hours": "3.5"},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Session 1: 3.5 hours is outside the recommended 2–3 hours.",
        "3.5 of 18 hours planned: 14.5 hours short.",
    ]


def test_it_shows_the_sessions_london_time_when_editing(staff_client, cohort):
    session = SessionFactory(cohort=cohort, starts_at=datetime(2021, 11, 2, 18, 0, tzinfo=LONDON))

    response = staff_client.get(url("session-edit", session.pk))

    assert response.context["form"].initial["time"].strftime("%H:%M") == "18:00"


def test_it_cancels_a_session_and_shows_the_new_total(staff_client, cohort):
    sessions = fortnightly_schedule(cohort, first=FIRST)

    response = staff_client.post(url("session-cancel", sessions[7].pk))

    assert messages_of(response) == ["Session 8 cancelled. 15 of 18 hours planned: 3 hours short."]
    sessions[7].refresh_from_db()
    assert sessions[7].status == SessionStatus.CANCELLED


def test_it_flags_late_joining_instructions_on_the_cohort_page(staff_client, cohort, frozen):
    fortnightly_schedule(cohort, first=FIRST)
    frozen.move_to(FIRST - timedelta(hours=47))

    page = text_of(staff_client.get(url("cohort-detail", cohort.pk)))

    assert page.count("Late: not sent and under 48 hours away") == 1
    assert page.count("Not yet due") == 7


def test_it_flags_late_joining_instructions_on_the_staff_home_page(staff_client, cohort, frozen):
    fortnightly_schedule(cohort, first=FIRST)
    frozen.move_to(FIRST - timedelta(hours=47))

    page = text_of(staff_client.get("/"))

    assert "Manchester Makers" in page


# Observations (SES-11).


def test_it_books_an_observation_from_the_page(staff_client, cohort, hub_staff, mailoutbox):
    sessions = fortnightly_schedule(cohort, first=FIRST)

    response = staff_client.post(
        url("observation-book", cohort.pk),
        {"session": sessions[2].pk, "method": "recording", "action": "book"},
    )

    assert messages_of(response) == [
        "Observation booked for session 3; the facilitator has been told."
    ]
    observation = Observation.objects.get()
    assert (observation.session, observation.method, observation.observer) == (
        sessions[2],
        "recording",
        hub_staff,
    )


def test_it_refuses_an_observation_with_under_24_hours_notice_on_the_page(
    staff_client, cohort, frozen
):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    frozen.move_to(FIRST - timedelta(hours=23))

    response = staff_client.post(
        url("observation-book", cohort.pk),
        {"session": sessions[0].pk, "method": "live", "action": "book"},
    )

    assert messages_of(response) == [
        "Session: The facilitator must have at least 24 hours' notice of an observation."
    ]
    assert not Observation.objects.exists()


def test_it_draws_a_session_at_random_from_the_page(staff_client, cohort, frozen):
    sessions = fortnightly_schedule(cohort, first=FIRST)
    frozen.move_to(FIRST - timedelta(hours=23))

    staff_client.post(url("observation-book", cohort.pk), {"action": "random"})

    drawn = Observation.objects.get().session
    assert drawn != sessions[0]  # too close to give notice
    assert drawn in sessions[1:]


def test_it_says_when_no_session_can_be_drawn(staff_client, cohort):
    response = staff_client.post(url("observation-book", cohort.pk), {"action": "random"})

    assert messages_of(response) == [
        "No planned session is far enough ahead to give the facilitator notice."
    ]


def test_it_completes_a_recorded_observation_only_with_both_dates(staff_client, cohort, hub_staff):
    session = fortnightly_schedule(cohort, first=FIRST)[2]
    observation = observation_book(session=session, observer=hub_staff, method="recording")
    data = {
        "score_topic": "4",
        "score_facilitation": "5",
        "score_behaviour": "4",
        "feedback": "Strong opening round.",
        "completed_on": "2021-10-06",
    }

    response = staff_client.post(url("observation-complete", observation.pk), data)

    assert response.status_code == 200
    assert "privacy_statement_sent_at" in response.context["form"].errors

    response = staff_client.post(
        url("observation-complete", observation.pk),
        {
            **data,
            "privacy_statement_sent_at": "2021-10-01T10:00",
            "recording_deleted_at": "2021-10-08T10:00",
        },
    )

    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.completed_on.isoformat() == "2021-10-06"
    assert observation.recording_deleted_at is not None


# The staff calendar download.


def test_it_downloads_the_cohorts_calendar(staff_client, cohort):
    fortnightly_schedule(cohort, first=FIRST)

    response = staff_client.get(url("cohort-calendar", cohort.pk))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="cohort-{cohort.pk}.ics"' in response["Content-Disposition"]
    assert response.content.decode().count("BEGIN:VEVENT") == 8
