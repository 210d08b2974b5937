"""COH-4: the builder's advice endpoint answers for the ticked participants, in scope only."""

import pytest
from django.urls import reverse

from participants.models import Business
from tests.cohorts.factories import CohortFactory, ready_participant

pytestmark = pytest.mark.django_db


def test_it_advises_on_the_ticked_participants(staff_client, hub, programme_year):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    a, b = ready_participant(hub), ready_participant(hub)
    Business.objects.filter(pk=a.business_id).update(declared_competitors=b.business.name)
    url = reverse("cohorts:cohort-advice", args=[cohort.pk])
    nothing = staff_client.get(url).json()
    assert nothing == {"advice": [], "selected": 0}
    both = staff_client.get(url, {"participants": [a.pk, b.pk]}).json()
    assert both["selected"] == 2
    assert any("Declared competitors together" in line for line in both["advice"])


def test_it_ignores_participants_of_another_hub(staff_client, hub, other_hub, programme_year):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    stranger = ready_participant(other_hub)
    url = reverse("cohorts:cohort-advice", args=[cohort.pk])
    assert staff_client.get(url, {"participants": [stranger.pk]}).json()["selected"] == 0


def test_it_answers_404_for_another_hubs_cohort(staff_client, other_hub, programme_year):
    cohort = CohortFactory(hub=other_hub, programme_year=programme_year)
    assert staff_client.get(reverse("cohorts:cohort-advice", args=[cohort.pk])).status_code == 404
