"""Inputs an adversarial probe sent that once answered 500: each is now a clear message or a
4xx, and nothing is saved."""

import pytest
from django.urls import reverse

from one_to_one.models import OneToOneSession
from sessions.models import Session
from tests.cohorts.factories import CohortFactory
from tests.participants.factories import BusinessFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_search_is_a_bad_request(staff_client):
    response = staff_client.get(reverse("participants:participant-list") + "?q=%00")
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_a_nul_character_in_a_form_is_a_bad_request(client, hub, programme_year):
    response = client.post(reverse("register", kwargs={"hub_slug": hub.slug}), {"x": "a\x00b"})
    assert response.status_code == 400


def test_advice_ignores_ids_that_are_not_numbers(staff_client, hub, programme_year):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    response = staff_client.get(
        reverse("cohorts:cohort-advice", args=[cohort.pk]) + "?participants=abc&participants=1e9"
    )
    assert response.status_code == 200
    assert response.json()["selected"] == 0


@pytest.mark.parametrize("first_date", ["9999-12-31", "0001-01-01"])
def test_the_schedule_generator_refuses_a_date_out_of_range(
    staff_client, hub, programme_year, first_date
):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    response = staff_client.post(
        reverse("cohorts:schedule-generate", args=[cohort.pk]),
        {
            "first_date": first_date,
            "first_time": "09:30",
            "interval": "fortnightly",
            "first_hours": "3",
            "other_hours": "2",
            "last_hours": "3",
            "lengths": "",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert "Enter a date between 1 January 1900 and 31 December 2100." in str(
        response.context["form"].errors["first_date"]
    )
    assert not Session.objects.exists()


def test_the_one_to_one_page_shows_a_log_nobody_recorded(staff_client, hub, programme_year):
    """Existing-provision logs loaded by import_programme have no `recorded_by`."""
    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    OneToOneSession.objects.create(
        participant=participant,
        date=programme_year.start,
        hours=2,
        route="existing_provision",
        existing_programme="Local growth programme",
        nature_of_support="Coaching",
    )
    response = staff_client.get(reverse("one_to_one:participant-detail", args=[participant.pk]))
    assert response.status_code == 200
    assert "Local growth programme" in response.content.decode()
