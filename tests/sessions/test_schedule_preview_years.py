"""The schedule preview counts only sessions that would be saved: a series outside the cohort's
programme year (SES-4) plans no hours and is never shown as complete."""

import pytest
from django.urls import reverse

from sessions.models import Session
from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db

GENERATOR = {
    "first_time": "09:30",
    "interval": "fortnightly",
    "first_hours": "3",
    "other_hours": "2",
    "last_hours": "3",
    "lengths": "",
    "action": "preview",
}


def preview(client, cohort, first_date: str):
    return client.post(
        reverse("cohorts:schedule-generate", args=[cohort.pk]),
        {**GENERATOR, "first_date": first_date},
    )


def test_a_series_wholly_outside_the_year_is_incomplete(staff_client, programme_year, hub):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    response = preview(staff_client, cohort, "2027-01-05")
    page = response.content.decode()
    assert len(response.context["planned"]) == 8
    assert all(p.refusals for p in response.context["planned"])
    assert "Incomplete:" in page and "Complete:" not in page
    assert response.context["total"].planned_hours == 0
    assert 'value="save"' not in page
    assert not Session.objects.exists()


def test_sessions_past_the_years_end_do_not_count_towards_the_total(
    staff_client, programme_year, hub
):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    # Fortnightly from 15 February 2022: the sessions from 12 April on fall after 31 March.
    response = preview(staff_client, cohort, "2022-02-15")
    planned = response.context["planned"]
    kept = [p for p in planned if not p.refusals]
    assert len(kept) == 4  # 15 Feb, 1 Mar, 15 Mar, 29 Mar
    assert response.context["total"].planned_hours == sum(p.duration_hours for p in kept)
    assert planned[-1].running_total == response.context["total"].planned_hours
    assert "Incomplete:" in response.content.decode()
