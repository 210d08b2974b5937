"""Hub staff's cohort pages: who may see them (SPEC §1), the builder (COH-1..4), the schedule
generator and editing (SES-1..4), observations (SES-11), the calendar, and query counts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Cohort, CohortMembership
from cohorts.services import cohort_allocate
from sessions.models import Observation, Session, SessionStatus
from sessions.services_schedule import cohort_mark_scheduled, observation_book
from tests.cohorts.factories import CohortFactory, cohort_with_members, ready_participant
from tests.participants.factories import (
    BusinessFactory,
    ParticipantFactory,
    assessed_participant,
)
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


def move_data(membership, **fields) -> dict:
    """The member's move form posts its fields under its own prefix."""
    return {f"move-{membership.pk}-{name}": value for name, value in fields.items()}


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


@pytest.fixture
def theirs(programme_year, other_hub, other_hub_staff):
    """Another hub's cohort with a member, a schedule and an observation."""
    cohort, memberships = cohort_with_members(
        1, hub=other_hub, programme_year=programme_year, name="Liverpool Leaders"
    )
    sessions = fortnightly_schedule(cohort, first=FIRST)
    observation = observation_book(session=sessions[2], observer=other_hub_staff)
    return cohort, memberships[0], sessions[0], observation


def url(name: str, *args) -> str:
    return reverse(f"cohorts:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    return response.content.decode()


# Access (SPEC §1): own hub only; another hub's object is a 404.


def test_it_shows_hub_staff_their_cohorts_only(staff_client, cohort, theirs):
    response = staff_client.get(url("cohort-list"))

    assert response.status_code == 200
    assert [c.name for c in response.context["cohorts"]] == ["Manchester Makers"]
    assert "Liverpool Leaders" not in text_of(response)


def test_it_shows_hub_staff_their_own_cohort_pages(staff_client, cohort, hub_staff):
    session = fortnightly_schedule(cohort, first=FIRST)[2]
    observation = observation_book(session=session, observer=hub_staff)

    for page in [
        url("cohort-list"),
        url("cohort-create"),
        url("cohort-detail", cohort.pk),
        url("cohort-edit", cohort.pk),
        url("schedule-generate", cohort.pk),
        url("session-add", cohort.pk),
        url("session-edit", session.pk),
        url("cohort-calendar", cohort.pk),
        url("observation-complete", observation.pk),
    ]:
        assert staff_client.get(page).status_code == 200, page


def test_it_answers_404_for_another_hubs_cohort(staff_client, theirs):
    cohort, membership, session, observation = theirs
    gets = [
        url("cohort-detail", cohort.pk),
        url("cohort-edit", cohort.pk),
        url("schedule-generate", cohort.pk),
        url("session-add", cohort.pk),
        url("session-edit", session.pk),
        url("cohort-calendar", cohort.pk),
        url("observation-complete", observation.pk),
    ]
    posts = [
        url("cohort-allocate", cohort.pk),
        url("schedule-generate", cohort.pk),
        url("schedule-confirm", cohort.pk),
        url("session-edit", session.pk),
        url("session-cancel", session.pk),
        url("observation-book", cohort.pk),
        url("observation-complete", observation.pk),
        url("membership-remove", membership.pk),
        url("membership-move", membership.pk),
    ]

    for page in gets:
        assert staff_client.get(page).status_code == 404, page
    for page in posts:
        assert staff_client.post(page, {"action": "allocate"}).status_code == 404, page

    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert CohortMembership.objects.filter(pk=membership.pk, left_at__isnull=True).exists()


def test_it_cannot_move_a_member_into_another_hubs_cohort(staff_client, cohort, hub, theirs):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    staff_client.post(
        url("membership-move", membership.pk),
        move_data(membership, to_cohort=theirs[0].pk, reason="personality_conflict"),
    )

    membership.refresh_from_db()
    assert membership.left_at is None


@pytest.mark.parametrize(
    "name, method",
    [
        ("cohort-list", "get"),
        ("cohort-create", "get"),
        ("cohort-detail", "get"),
        ("cohort-edit", "get"),
        ("schedule-generate", "get"),
        ("cohort-calendar", "get"),
        ("cohort-allocate", "post"),
        ("schedule-confirm", "post"),
    ],
)
def test_it_sends_anonymous_visitors_to_log_in(client, cohort, name, method):
    page = url(name, cohort.pk) if name not in ("cohort-list", "cohort-create") else url(name)

    response = getattr(client, method)(page)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={page}")


def test_it_refuses_a_facilitator_the_staff_pages(client, cohort, lead):
    client.force_login(lead)
    session = SessionFactory(cohort=cohort)

    for page in [
        url("cohort-list"),
        url("cohort-create"),
        url("cohort-detail", cohort.pk),
        url("schedule-generate", cohort.pk),
        url("session-edit", session.pk),
    ]:
        assert client.get(page).status_code == 403, page
    assert client.post(url("schedule-confirm", cohort.pk)).status_code == 403
    # SES-5: facilitators download their own cohort's series (no personal data in it).
    assert client.get(url("cohort-calendar", cohort.pk)).status_code == 200


def test_it_gives_a_facilitator_only_their_own_cohorts_calendar(client, lead, theirs):
    client.force_login(lead)
    other_cohort = theirs[0]
    assert client.get(url("cohort-calendar", other_cohort.pk)).status_code == 404


def test_it_shows_the_national_coordinator_every_hubs_cohorts_without_names(
    client, national_coordinator, cohort, hub, theirs
):
    participant = ready_participant(hub, first_name="Priya", last_name="Shah")
    cohort_allocate(cohort=cohort, participant=participant)
    client.force_login(national_coordinator)

    response = client.get(url("cohort-list"))

    assert response.status_code == 200
    assert {c.name for c in response.context["cohorts"]} == {
        "Manchester Makers",
        "Liverpool Leaders",
    }
    assert "Shah" not in text_of(response)
    assert "1 / 11" in text_of(response)


def test_it_keeps_members_personal_data_from_the_national_coordinator(
    client, national_coordinator, cohort, hub
):
    """SPEC §1: no participant personal data for the national coordinator."""
    participant = ready_participant(hub, first_name="Priya", last_name="Shah")
    cohort_allocate(cohort=cohort, participant=participant)
    client.force_login(national_coordinator)

    response = client.get(url("cohort-detail", cohort.pk))

    assert response.status_code == 403
    assert "Shah" not in text_of(response)
    assert client.get(url("cohort-create")).status_code == 403
    # The calendar holds dates and the joining link only, no personal data.
    calendar = client.get(url("cohort-calendar", cohort.pk))
    assert calendar.status_code == 200 and "Shah" not in calendar.content.decode()


# Creating and editing a cohort.


def test_it_creates_a_cohort_in_the_staff_members_hub_and_current_year(
    staff_client, hub, programme_year, lead
):
    response = staff_client.post(
        url("cohort-create"),
        {
            "name": "Bolton Builders",
            "lead_facilitator": lead.pk,
            "delivery_mode": "virtual",
            "platform": "teams",
            "joining_link": "https://teams.example/meet/1",
            "backup_plan": "Phone round.",
        },
    )

    cohort = Cohort.objects.get(name="Bolton Builders")
    assert response.status_code == 302
    assert response["Location"] == url("cohort-detail", cohort.pk)
    assert (cohort.hub, cohort.programme_year, cohort.lead_facilitator) == (
        hub,
        programme_year,
        lead,
    )


def test_it_offers_only_the_hubs_own_facilitators(staff_client, programme_year, other_hub):
    stranger = FacilitatorFactory(hub=other_hub)

    response = staff_client.post(
        url("cohort-create"),
        {"name": "Bolton Builders", "lead_facilitator": stranger.pk, "delivery_mode": "virtual"},
    )

    assert response.status_code == 200
    assert "lead_facilitator" in response.context["form"].errors
    assert not Cohort.objects.filter(name="Bolton Builders").exists()


def test_it_refuses_a_second_cohort_with_the_same_name_as_a_form_error(staff_client, cohort):
    response = staff_client.post(
        url("cohort-create"), {"name": "Manchester Makers", "delivery_mode": "virtual"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Cohort.objects.filter(name="Manchester Makers").count() == 1


def test_it_edits_a_cohorts_details(staff_client, cohort):
    response = staff_client.post(
        url("cohort-edit", cohort.pk),
        {
            "name": "Manchester Makers",
            "lead_facilitator": cohort.lead_facilitator_id,
            "delivery_mode": "face_to_face",
            "venue": "The Mill, Ancoats",
        },
    )

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.delivery_mode == "face_to_face" and cohort.venue == "The Mill, Ancoats"


# The cohort builder (COH-1..4).


def test_it_lists_only_ready_unallocated_participants_of_the_hub(
    staff_client, cohort, hub, other_hub
):
    ready = ready_participant(hub, first_name="Rita", last_name="Ready")
    placed = ready_participant(hub, first_name="Paul", last_name="Placed")
    cohort_allocate(
        cohort=CohortFactory(hub=hub, programme_year=cohort.programme_year), participant=placed
    )
    ParticipantFactory(
        business=BusinessFactory(hub=hub),
        eligibility_outcome="eligible",
        charter_signed_at=None,
        first_name="Nina",
        last_name="Nocharter",
    )
    ready_participant(other_hub, first_name="Olga", last_name="Otherhub")

    response = staff_client.get(url("cohort-detail", cohort.pk))

    candidates = response.context["allocation_form"].fields["participants"].queryset
    assert list(candidates) == [ready]
    page = text_of(response)
    assert "Rita Ready" in page
    assert "11 seats left" in page
    assert "Nocharter" not in page and "Otherhub" not in page and "Placed" not in page


def test_it_previews_composition_advice_without_saving(staff_client, cohort, hub):
    first = assessed_participant(business=BusinessFactory(hub=hub, name="Acme Widgets Ltd"))
    second = assessed_participant(
        business=BusinessFactory(
            hub=hub, name="Bolton Gears Ltd", declared_competitors="Someone Else\nACME WIDGETS"
        )
    )

    response = staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [first.pk, second.pk], "action": "preview"},
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "Composition advice: with 2 selected" in page
    assert "Declared competitors together: Acme Widgets Ltd and Bolton Gears Ltd." in page
    assert not CohortMembership.objects.exists()


def test_it_shows_nothing_to_point_out_for_an_empty_cohort(staff_client, cohort):
    response = staff_client.get(url("cohort-detail", cohort.pk))

    assert response.context["advice"] == []
    assert "Nothing to point out." in text_of(response)


def test_it_allocates_the_selected_participants(staff_client, cohort, hub, hub_staff):
    chosen = [ready_participant(hub) for _ in range(2)]

    response = staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [p.pk for p in chosen], "action": "allocate"},
    )

    assert response.status_code == 302
    assert response["Location"] == url("cohort-detail", cohort.pk)
    assert messages_of(response) == ["2 participant(s) added to Manchester Makers."]
    assert set(cohort.memberships.values_list("participant", "allocated_by")) == {
        (p.pk, hub_staff.pk) for p in chosen
    }


def test_it_allocates_despite_advice(staff_client, cohort, hub):
    """COH-4 advice never blocks."""
    same = [
        assessed_participant(business=BusinessFactory(hub=hub, sic_code="62012")) for _ in range(4)
    ]

    staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [p.pk for p in same], "action": "allocate"},
    )

    response = staff_client.get(url("cohort-detail", cohort.pk))
    assert cohort.memberships.count() == 4
    assert "Sector diversity: 4 of 4 businesses share SIC division 62." in text_of(response)


def test_it_refuses_the_twelfth_participant_on_the_page(staff_client, cohort, hub):
    eleven = [ready_participant(hub) for _ in range(11)]
    twelfth = ready_participant(hub)
    staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [p.pk for p in eleven], "action": "allocate"},
    )

    response = staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [twelfth.pk], "action": "allocate"},
        follow=True,
    )

    page = text_of(response)
    assert "Manchester Makers is full" in page
    assert "COH-1" in page
    assert "Members (11 of 11)" in page
    assert "0 seats left" in page
    assert not CohortMembership.objects.filter(participant=twelfth).exists()


def test_it_refuses_twelve_at_once_and_allocates_nobody(staff_client, cohort, hub):
    twelve = [ready_participant(hub) for _ in range(12)]

    response = staff_client.post(
        url("cohort-allocate", cohort.pk),
        {"participants": [p.pk for p in twelve], "action": "allocate"},
    )

    assert any("is full" in m for m in messages_of(response))
    assert not CohortMembership.objects.exists()


def test_it_asks_for_a_choice_when_nothing_is_selected(staff_client, cohort, hub, other_hub):
    stranger = ready_participant(other_hub)

    for data in [{"action": "allocate"}, {"participants": [stranger.pk], "action": "allocate"}]:
        response = staff_client.post(url("cohort-allocate", cohort.pk), data, follow=True)
        assert "Choose at least one ready participant." in text_of(response)

    assert not CohortMembership.objects.exists()


def test_it_moves_a_member_from_the_page_and_shows_the_history(
    staff_client, cohort, hub, programme_year
):
    elsewhere = CohortFactory(hub=hub, programme_year=programme_year, name="Salford Starters")
    membership = cohort_allocate(
        cohort=cohort, participant=ready_participant(hub, first_name="Mo", last_name="Mover")
    )

    response = staff_client.post(
        url("membership-move", membership.pk),
        move_data(membership, to_cohort=elsewhere.pk, reason="other", note="Works Tuesdays now."),
    )

    assert response["Location"] == url("cohort-detail", elsewhere.pk)
    page = text_of(staff_client.get(url("cohort-detail", cohort.pk)))
    assert "Moved out: Mo Mover (Other: Works Tuesdays now.)" in page


def test_it_shows_a_move_refusal(staff_client, cohort, hub, programme_year):
    elsewhere = CohortFactory(hub=hub, programme_year=programme_year, name="Salford Starters")
    SessionFactory(cohort=elsewhere, starts_at=NOW - timedelta(days=1))
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    response = staff_client.post(
        url("membership-move", membership.pk),
        move_data(membership, to_cohort=elsewhere.pk, reason="personality_conflict"),
    )

    assert any("has already met" in m for m in messages_of(response))
    membership.refresh_from_db()
    assert membership.left_at is None


def test_it_asks_for_a_note_for_another_reason_on_the_page(
    staff_client, cohort, hub, programme_year
):
    elsewhere = CohortFactory(hub=hub, programme_year=programme_year)
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    response = staff_client.post(
        url("membership-move", membership.pk),
        move_data(membership, to_cohort=elsewhere.pk, reason="other"),
    )

    assert messages_of(response) == ["Note: Explain the reason for the move."]


def test_it_removes_a_member_before_the_first_session(staff_client, cohort, hub):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    staff_client.post(url("membership-remove", membership.pk))

    assert not CohortMembership.objects.exists()


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
    assert "Not scheduled: 17 of 18 hours planned" in page and "SES-1" in page
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
        "Session: The facilitator must have at least 24 hours' notice of an observation (SES-11)."
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


# Query counts stay constant as cohorts, members and sessions grow.


def count_queries(client, page) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_the_cohort_list_makes_the_same_queries_for_3_or_15_cohorts(
    staff_client, hub, programme_year, django_assert_max_num_queries
):
    def add_cohorts(count):
        for _ in range(count):
            cohort = CohortFactory(hub=hub, programme_year=programme_year)
            fortnightly_schedule(cohort, first=FIRST, lengths=[3, 3])
            cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    add_cohorts(3)
    few = count_queries(staff_client, url("cohort-list"))
    add_cohorts(12)

    with django_assert_max_num_queries(few):
        response = staff_client.get(url("cohort-list"))

    assert len(response.context["cohorts"]) == 15


def detail_with(hub, programme_year, lead, *, members, sessions):
    cohort, _ = cohort_with_members(
        members, hub=hub, programme_year=programme_year, lead_facilitator=lead
    )
    for _ in range(3):
        ready_participant(hub)  # candidates waiting in the builder
    fortnightly_schedule(cohort, first=FIRST, lengths=[2] * sessions)
    return cohort


def test_the_cohort_page_makes_the_same_queries_for_1_or_8_sessions(
    staff_client, hub, programme_year, lead, hub_staff, django_assert_max_num_queries
):
    small = detail_with(hub, programme_year, lead, members=3, sessions=1)
    observation_book(session=small.sessions.get(), observer=hub_staff)
    few = count_queries(staff_client, url("cohort-detail", small.pk))
    large = detail_with(hub, programme_year, lead, members=3, sessions=8)
    for session in large.sessions.all()[:4]:
        observation_book(session=session, observer=hub_staff)

    with django_assert_max_num_queries(few):
        staff_client.get(url("cohort-detail", large.pk))


def test_the_cohort_page_makes_the_same_queries_for_3_or_11_members(
    staff_client, hub, programme_year, lead, django_assert_max_num_queries
):
    small = detail_with(hub, programme_year, lead, members=3, sessions=8)
    few = count_queries(staff_client, url("cohort-detail", small.pk))
    large = detail_with(hub, programme_year, lead, members=11, sessions=8)

    with django_assert_max_num_queries(few):
        staff_client.get(url("cohort-detail", large.pk))
