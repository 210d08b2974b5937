"""Hub staff's cohort list and cohort page: who may see them and the schedule pages (SPEC §1),
the builder (COH-1..4, through the cohorts app), and query counts. The schedule's and the
observations' own pages are in test_schedule_pages.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import CohortMembership
from cohorts.services import cohort_allocate
from sessions.models import SessionStatus
from sessions.services import observation_book
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
        url("cohort-detail", cohort.pk),
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
    ]

    for page in gets:
        assert staff_client.get(page).status_code == 404, page
    for page in posts:
        assert staff_client.post(page, {"action": "allocate"}).status_code == 404, page

    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert CohortMembership.objects.filter(pk=membership.pk, left_at__isnull=True).exists()


@pytest.mark.parametrize(
    "name, method",
    [
        ("cohort-list", "get"),
        ("cohort-detail", "get"),
        ("schedule-generate", "get"),
        ("cohort-calendar", "get"),
        ("cohort-allocate", "post"),
        ("schedule-confirm", "post"),
    ],
)
def test_it_sends_anonymous_visitors_to_log_in(client, cohort, name, method):
    page = url(name, cohort.pk) if name != "cohort-list" else url(name)

    response = getattr(client, method)(page)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={page}")


def test_it_refuses_a_facilitator_the_staff_pages(client, cohort, lead):
    client.force_login(lead)
    session = SessionFactory(cohort=cohort)

    for page in [
        url("cohort-list"),
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
    # The calendar holds dates and the joining link only, no personal data.
    calendar = client.get(url("cohort-calendar", cohort.pk))
    assert calendar.status_code == 200 and "Shah" not in calendar.content.decode()


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
    assert "a cohort has at most 11 participants." in page
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
