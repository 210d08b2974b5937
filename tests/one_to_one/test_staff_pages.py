"""Staff pages: progress per cohort and participant, the list of those short of the minimum
after their cohort ended, assigning providers and recording existing provision."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from one_to_one.models import OneToOneSession, ProviderAssignment
from tests.one_to_one.factories import (
    OneToOneSessionFactory,
    assigned,
    cohort_with_schedule,
    existing_provision,
)
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

pytestmark = pytest.mark.django_db

PROGRESS = reverse("one_to_one:progress")
SHORT = reverse("one_to_one:short-of-minimum")
# Session, user, the user's hub (page header), the programme year shown (footer), the years
# of the year picker, then the cohorts and one query for every member's hours, cohort and
# provider.
PROGRESS_QUERIES = 7
COHORT_QUERIES = 6
# The same five, then the ended cohorts' members with their hours in one query.
SHORT_QUERIES = 6


def cohort_url(cohort) -> str:
    return reverse("one_to_one:cohort-progress", args=[cohort.pk])


def participant_url(participant, action: str = "detail") -> str:
    return reverse(f"one_to_one:participant-{action}", args=[participant.pk])


def existing_url(participant) -> str:
    return reverse("one_to_one:existing-provision-record", args=[participant.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def cohort_members(programme_year, hub):
    cohort, members, _ = cohort_with_schedule(hub, members=3)
    return cohort, members


def add_cohort(hub, members: int):
    """A cohort whose members have some hours by both routes and a provider."""
    cohort, participants, _ = cohort_with_schedule(hub, members=members)
    for participant in participants:
        provider = assigned(participant)
        OneToOneSessionFactory(participant=participant, provider=provider, hours=Decimal("1"))
        existing_provision(participant, "1")
    return cohort


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PROGRESS, SHORT])
def test_it_refuses_providers_and_facilitators_and_sends_anonymous_users_to_log_in(
    client, hub, url
):
    assert client.get(url).status_code == 302
    for user in (ProviderFactory(hub=hub), FacilitatorFactory(hub=hub)):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_it_answers_404_for_another_hubs_cohort_and_participant(staff_client, other_hub):
    cohort, (stranger,), _ = cohort_with_schedule(other_hub)
    assert staff_client.get(cohort_url(cohort)).status_code == 404
    assert staff_client.get(participant_url(stranger)).status_code == 404
    response = staff_client.post(existing_url(stranger), {"existing-hours": "1"})
    assert response.status_code == 404


def test_it_shows_the_national_coordinator_no_participants(
    client, national_coordinator, cohort_members
):
    cohort, (participant, *_) = cohort_members
    client.force_login(national_coordinator)
    assert client.get(PROGRESS).context["cohorts"] == []
    assert client.get(participant_url(participant)).status_code == 404
    assert list(client.get(SHORT).context["page"]) == []


# --- Progress pages ----------------------------------------------------------------------------


def test_it_shows_progress_per_cohort(staff_client, cohort_members):
    cohort, (a, b, c) = cohort_members
    OneToOneSessionFactory(participant=a, hours=Decimal("3.5"))
    OneToOneSessionFactory(participant=b, hours=Decimal("2"))
    existing_provision(b, "1.5")
    OneToOneSessionFactory(participant=c, hours=Decimal("3.4"))
    response = staff_client.get(PROGRESS)
    (summary,) = response.context["cohorts"]
    assert (summary.cohort, summary.members, summary.met, summary.short) == (cohort, 3, 2, 1)
    assert "2 of 3 met, 1 short" in response.content.decode()

    body = staff_client.get(cohort_url(cohort)).content.decode()
    assert "3.4 h of 3.5 h" in body and "0.1 h to go" in body
    assert "programme 2 h, existing provision 1.5 h" in body


def test_it_lists_who_is_short_after_their_cohort_ended(staff_client, cohort_members):
    _cohort, (short, met, nothing) = cohort_members
    OneToOneSessionFactory(participant=short, hours=Decimal("3.4"))
    OneToOneSessionFactory(participant=met, hours=Decimal("3.6"))
    response = staff_client.get(SHORT)
    assert {row.participant for row in response.context["page"]} == {short, nothing}
    body = response.content.decode()
    assert short.full_name in body and met.full_name not in body
    assert "ended 30 Nov 2021" in body


@pytest.mark.parametrize(
    ("url", "limit", "listed"),
    [
        (PROGRESS, PROGRESS_QUERIES, lambda response: response.context["cohorts"]),
        (SHORT, SHORT_QUERIES, lambda response: list(response.context["page"])),
    ],
    ids=["progress", "short"],
)
def test_it_runs_a_constant_number_of_queries(
    staff_client, programme_year, hub, url, limit, listed, django_assert_max_num_queries
):
    add_cohort(hub, 1)
    with django_assert_max_num_queries(limit) as few:
        assert staff_client.get(url).status_code == 200
    for _ in range(3):
        add_cohort(hub, 3)
    with django_assert_max_num_queries(limit) as many:
        response = staff_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(listed(response)) == (4 if url == PROGRESS else 10)  # cohorts; all 10 are short


def test_the_cohort_page_stays_constant_as_the_cohort_grows(
    staff_client, programme_year, hub, django_assert_max_num_queries
):
    from cohorts.services import cohort_allocate
    from tests.cohorts.factories import ready_participant

    cohort = add_cohort(hub, 1)
    with django_assert_max_num_queries(COHORT_QUERIES) as few:
        staff_client.get(cohort_url(cohort))
    for _ in range(8):
        participant = cohort_allocate(cohort=cohort, participant=ready_participant(hub)).participant
        OneToOneSessionFactory(participant=participant)
        assigned(participant)
    with django_assert_max_num_queries(COHORT_QUERIES) as many:
        response = staff_client.get(cohort_url(cohort))
    assert response.context["summary"].members == 9
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Assigning and recording ----------------------------------------------------------------


def test_it_assigns_a_provider_of_the_hub(staff_client, cohort_members, hub, other_hub):
    _cohort, (participant, *_) = cohort_members
    provider = ProviderFactory(hub=hub, first_name="Kit", last_name="Moss")
    stranger = ProviderFactory(hub=other_hub)
    page = staff_client.get(participant_url(participant)).content.decode()
    assert "Kit Moss" in page and stranger.last_name not in page

    response = staff_client.post(
        participant_url(participant, "assign"), {"assign-provider": stranger.pk}
    )
    assert "provider" in response.context["assign_form"].errors
    response = staff_client.post(
        participant_url(participant, "assign"), {"assign-provider": provider.pk}
    )
    assert response.status_code == 302
    assert ProviderAssignment.objects.get(participant=participant).provider == provider


def test_it_records_existing_provision_reported_by_another_programme(
    staff_client, cohort_members, hub_staff
):
    _cohort, (participant, *_) = cohort_members
    data = {
        "existing-date": "2021-10-12",
        "existing-hours": "2",
        "existing-existing_programme": "Made Smarter Adoption",
    }
    response = staff_client.post(existing_url(participant), data)
    assert set(response.context["existing_form"].errors) == {"nature_of_support"}
    response = staff_client.post(
        existing_url(participant), {**data, "existing-nature_of_support": "Digital advice"}
    )
    assert response.status_code == 302
    assert "Recorded 2 h from Made Smarter Adoption." in messages_of(response)
    session = OneToOneSession.objects.get()
    assert (session.route, session.provider, session.recorded_by) == (
        "existing_provision",
        None,
        hub_staff,
    )


def test_it_refuses_existing_provision_before_the_first_group_session(staff_client, cohort_members):
    _cohort, (participant, *_) = cohort_members
    response = staff_client.post(
        existing_url(participant),
        {
            "existing-date": "2021-09-01",
            "existing-hours": "2",
            "existing-existing_programme": "Made Smarter Adoption",
            "existing-nature_of_support": "Digital advice",
        },
    )
    assert "first group session" in response.context["existing_form"].errors["date"][0]
    assert not OneToOneSession.objects.exists()
