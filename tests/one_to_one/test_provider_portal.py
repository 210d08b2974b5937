"""The provider portal: a provider sees and logs support only for participants assigned to
them; refusals appear on the field they concern, warnings as messages."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from one_to_one.models import (
    ActionPlan,
    OneToOneSession,
    ProviderDeclaration,
    Referral,
    SupportService,
)
from tests.one_to_one.factories import (
    OneToOneSessionFactory,
    assigned,
    cohort_with_schedule,
)
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

pytestmark = pytest.mark.django_db

HOME = reverse("one_to_one:provider-home")
# Session, user, the user's hub (page header), the programme year (footer), then the provider's
# participants with their hours, cohort and provider in one query.
HOME_QUERIES = 5


def page_url(participant, action: str = "participant") -> str:
    return reverse(f"one_to_one:provider-{action}", args=[participant.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def members(programme_year, hub):
    return cohort_with_schedule(hub, members=3)[1]


@pytest.fixture
def participant(members):
    return members[0]


@pytest.fixture
def provider(participant):
    return assigned(participant)


@pytest.fixture
def provider_client(client, provider):
    client.force_login(provider)
    return client


def post_log(client, participant, **values):
    data = {
        "log-date": "2021-10-01",
        "log-hours": "1.5",
        "log-route": "programme",
        "log-mode": "video",
        "log-platform": "teams",
        **{f"log-{key}": value for key, value in values.items()},
    }
    return client.post(page_url(participant, "log"), data)


# --- Access -----------------------------------------------------------------------------------


def test_it_lists_only_the_providers_participants(provider_client, members, participant):
    assigned(members[1])  # someone else's
    response = provider_client.get(HOME)
    assert response.status_code == 200
    assert [row.participant for row in response.context["rows"]] == [participant]
    body = response.content.decode()
    assert participant.full_name in body and members[1].full_name not in body


def test_it_answers_404_for_a_participant_not_assigned_to_the_provider(provider_client, members):
    assert provider_client.get(page_url(members[1])).status_code == 404
    assert post_log(provider_client, members[1]).status_code == 404
    assert not OneToOneSession.objects.exists()


def test_it_answers_404_for_another_hubs_participant(provider_client, other_hub):
    _cohort, (stranger,), _ = cohort_with_schedule(other_hub)
    assigned(stranger)
    assert provider_client.get(page_url(stranger)).status_code == 404


def test_it_answers_404_once_the_participant_is_reassigned(provider_client, participant, hub):
    assigned(participant, ProviderFactory(hub=hub))
    assert provider_client.get(page_url(participant)).status_code == 404


@pytest.mark.parametrize("url_of", [lambda p: HOME, page_url])
def test_it_refuses_facilitators_and_hub_staff(client, hub, hub_staff, participant, url_of):
    for user in (FacilitatorFactory(hub=hub), hub_staff):
        client.force_login(user)
        assert client.get(url_of(participant)).status_code == 403


@pytest.mark.parametrize("url_of", [lambda p: HOME, page_url])
def test_it_sends_anonymous_users_to_the_login_page(client, participant, url_of):
    response = client.get(url_of(participant))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Progress ----------------------------------------------------------------------------------


def test_it_shows_progress_in_words_as_well_as_a_bar(provider_client, participant, provider):
    OneToOneSessionFactory(participant=participant, provider=provider, hours="1.5")
    body = provider_client.get(HOME).content.decode()
    assert 'role="progressbar"' in body and 'aria-valuenow="42"' in body
    assert "1.5 h of 3.5 h" in body and "2 h to go" in body


def test_it_runs_a_constant_number_of_queries_for_the_home_page(
    provider_client, provider, hub, django_assert_max_num_queries
):
    def add(count):
        _cohort, participants, _ = cohort_with_schedule(hub, members=count)
        for participant in participants:
            assigned(participant, provider)
            OneToOneSessionFactory(participant=participant, provider=provider)

    add(1)
    with django_assert_max_num_queries(HOME_QUERIES) as few:
        assert provider_client.get(HOME).status_code == 200
    add(8)
    with django_assert_max_num_queries(HOME_QUERIES) as many:
        response = provider_client.get(HOME)
    assert len(response.context["rows"]) == 10
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Logging -----------------------------------------------------------------------------------


def test_it_logs_support_up_to_and_past_the_minimum_by_both_routes(provider_client, participant):
    assert post_log(provider_client, participant, themes=["people"]).status_code == 302
    response = post_log(
        provider_client,
        participant,
        date="2021-10-08",
        hours="1.5",
        route="existing_provision",
        existing_programme="Business Growth Programme",
        nature_of_support="Growth adviser meeting",
        mode="",
    )
    assert response.status_code == 302
    assert "Logged 1.5 h on 08/10/2021" in " ".join(messages_of(response))
    post_log(provider_client, participant, date="2021-10-15", hours="1")
    body = provider_client.get(page_url(participant)).content.decode()
    assert "4 h of 3.5 h" in body and "minimum met" in body
    assert "programme 2.5 h, existing provision 1.5 h" in body
    assert OneToOneSession.objects.filter(participant=participant).count() == 3


def test_it_refuses_a_log_before_the_first_group_session_on_the_date_field(
    provider_client, participant
):
    response = post_log(provider_client, participant, date="2021-09-06")
    assert response.status_code == 200
    form = response.context["log_form"]
    assert "before the cohort's first group session on 07/09/2021" in form.errors["date"][0]
    assert "before the cohort&#x27;s first group session" in response.content.decode()
    assert not OneToOneSession.objects.exists()


def test_it_refuses_a_log_after_the_programme_year_end(provider_client, participant):
    response = post_log(provider_client, participant, date="2022-04-01")
    assert (
        "after the programme year ends on 31/03/2022"
        in response.context["log_form"].errors["date"][0]
    )
    assert not OneToOneSession.objects.exists()


def test_it_names_the_missing_existing_provision_fields(provider_client, participant):
    response = post_log(provider_client, participant, route="existing_provision")
    errors = response.context["log_form"].errors
    assert set(errors) == {"existing_programme", "nature_of_support"}


def test_it_warns_beyond_a_month_after_the_final_session(provider_client, participant):
    response = post_log(provider_client, participant, date="2021-12-31")
    assert response.status_code == 302
    assert any("Logged anyway." in message for message in messages_of(response))
    assert OneToOneSession.objects.get().provider.username == response.wsgi_request.user.username


# --- The rest of the page ----------------------------------------------------------------------


def test_it_saves_the_action_plan_and_refuses_one_before_the_first_session(
    provider_client, participant
):
    data = {"plan-date": "2021-09-06", "plan-goal": "Grow 20%", "plan-habits": "Weekly review"}
    response = provider_client.post(page_url(participant, "action-plan"), data)
    assert "the action plan starts after" in response.context["plan_form"].errors["date"][0]
    response = provider_client.post(
        page_url(participant, "action-plan"), {**data, "plan-date": "2021-09-07"}
    )
    assert response.status_code == 302
    assert ActionPlan.objects.get(participant=participant).habits == "Weekly review"
    body = provider_client.get(page_url(participant)).content.decode()
    assert "Agreed 7 Sep 2021" in body and "Weekly review" in body


def test_it_records_referrals_declarations_and_declining(provider_client, participant, provider):
    # A directory entry (OTO-8; tests/one_to_one/test_signposting.py has the rest).
    service, _ = SupportService.objects.get_or_create(
        hub=None, name="Help to Grow: Management", defaults={"category": "help_to_grow_management"}
    )
    response = provider_client.post(
        page_url(participant, "referral"),
        {"referral-service": service.pk, "referral-referred_on": "2021-10-01"},
    )
    assert response.status_code == 302 and Referral.objects.count() == 1
    response = provider_client.post(
        page_url(participant, "referral"),
        {"referral-service": "other", "referral-referred_on": "2021-10-01"},
    )
    assert "note" in response.context["referral_form"].errors

    response = provider_client.post(
        page_url(participant, "declaration"), {"declaration-has_conflict": "on"}
    )
    assert "conflict_details" in response.context["declaration_form"].errors
    response = provider_client.post(
        page_url(participant, "declaration"),
        {"declaration-has_conflict": "on", "declaration-conflict_details": "Former employer"},
    )
    assert response.status_code == 302
    assert ProviderDeclaration.objects.get(provider=provider).conflict_details == "Former employer"

    response = provider_client.post(
        page_url(participant, "decline"), {"decline-declined_on": "2021-10-02"}
    )
    assert response.status_code == 302
    body = provider_client.get(page_url(participant)).content.decode()
    assert "Declined one-to-one support on 2 October 2021" in body
    assert "Help to Grow: Management" in body


def test_it_only_accepts_posts_for_changes(provider_client, participant):
    assert provider_client.get(page_url(participant, "log")).status_code == 405


def test_it_shows_the_timing_rules_for_the_participant(provider_client, participant):
    body = provider_client.get(page_url(participant)).content.decode()
    assert "7 Sep 2021 (support starts from then)" in body
    assert "by 30 Dec 2021" in body
    assert date(2022, 3, 31).strftime("%-d %b %Y") in body


def test_it_offers_todays_date_in_the_iso_form_a_date_input_needs(provider_client, participant):
    from django.utils import timezone

    body = provider_client.get(page_url(participant)).content.decode()
    assert f'name="log-date" value="{timezone.localdate().isoformat()}"' in body
