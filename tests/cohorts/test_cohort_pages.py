"""Hub staff's pages for building cohorts: who may see them (SPEC §1), creating and editing a
cohort, and moving or removing a member (COH-1..3). The cohort list and page, with the builder,
are the sessions app's (tests/sessions/test_cohort_pages.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from cohorts.models import Cohort, CohortMembership
from cohorts.services import cohort_allocate
from tests.cohorts.factories import CohortFactory, cohort_with_members, ready_participant
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2021, 8, 2, 9, 0, tzinfo=LONDON)
FIRST = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)


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
def theirs(programme_year, other_hub):
    """Another hub's cohort with a member."""
    cohort, memberships = cohort_with_members(
        1, hub=other_hub, programme_year=programme_year, name="Liverpool Leaders"
    )
    return cohort, memberships[0]


def url(name: str, *args) -> str:
    return reverse(f"cohorts:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    return response.content.decode()


# Access (SPEC §1): own hub only; another hub's object is a 404.


def test_it_shows_hub_staff_their_own_cohort_pages(staff_client, cohort):
    for page in [url("cohort-create"), url("cohort-edit", cohort.pk)]:
        assert staff_client.get(page).status_code == 200, page


def test_it_answers_404_for_another_hubs_cohort(staff_client, theirs):
    cohort, membership = theirs

    assert staff_client.get(url("cohort-edit", cohort.pk)).status_code == 404
    assert staff_client.get(url("cohort-advice", cohort.pk)).status_code == 404
    for page in [url("membership-remove", membership.pk), url("membership-move", membership.pk)]:
        assert staff_client.post(page, {"action": "allocate"}).status_code == 404, page

    assert CohortMembership.objects.filter(pk=membership.pk, left_at__isnull=True).exists()


def test_it_cannot_move_a_member_into_another_hubs_cohort(staff_client, cohort, hub, theirs):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    staff_client.post(
        url("membership-move", membership.pk),
        move_data(membership, to_cohort=theirs[0].pk, reason="personality_conflict"),
    )

    membership.refresh_from_db()
    assert membership.left_at is None


@pytest.mark.parametrize("name", ["cohort-create", "cohort-edit"])
def test_it_sends_anonymous_visitors_to_log_in(client, cohort, name):
    page = url(name) if name == "cohort-create" else url(name, cohort.pk)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={page}")


def test_it_refuses_a_facilitator_the_staff_pages(client, cohort, lead):
    client.force_login(lead)

    assert client.get(url("cohort-create")).status_code == 403
    assert client.get(url("cohort-edit", cohort.pk)).status_code == 403


def test_it_refuses_the_national_coordinator_a_new_cohort(client, national_coordinator):
    client.force_login(national_coordinator)

    assert client.get(url("cohort-create")).status_code == 403


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


# Moving and removing a member (COH-3).


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
