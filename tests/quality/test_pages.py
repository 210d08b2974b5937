"""Every quality page renders for hub staff, with something on it, and a GET writes nothing."""

import pytest
from django.urls import reverse

from quality.models import PractitionerProfile
from quality.services import alumni_opt_in, peer_group_create
from tests.peernetworks.factories import FacilitatorFactory
from tests.quality.factories import ended_cohort, quality_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hub, hub_staff, programme_year):
    cohort, people, _ = ended_cohort(hub=hub, members=2, name="Bury Builders")
    alumni_opt_in(cohort=cohort, participant=people[0])
    fran = FacilitatorFactory(hub=hub, first_name="Fran", last_name="Lead")
    return {
        "item": quality_item(hub, owner=hub_staff, raised_by_name="Ann Shaw"),
        "fran": fran,
        "group": peer_group_create(
            cluster=hub.cluster, name="GM facilitators", organiser=hub_staff, members=[fran]
        ),
        "cohort": cohort,
    }


def pages(world):
    return [
        (reverse("quality:item-list"), "Feedback, complaints and compliments"),
        (reverse("quality:item-list") + "?show=resolved", "Nothing to show here."),
        (reverse("quality:item-create"), "Record feedback, a complaint or a compliment"),
        (reverse("quality:item-detail", args=[world["item"].pk]), "Complaint from Ann Shaw"),
        (reverse("quality:practitioner-list"), "Fran Lead"),
        (reverse("quality:practitioner-detail", args=[world["fran"].pk]), "Observation history"),
        (reverse("quality:profile-edit", args=[world["fran"].pk]), "Contract and orientation"),
        (reverse("quality:checklist-edit", args=[world["fran"].pk]), "Essential"),
        (reverse("quality:peer-group-list"), "GM facilitators"),
        (reverse("quality:peer-group-create"), "New facilitator peer group"),
        (reverse("quality:peer-group-detail", args=[world["group"].pk]), "Record a meeting"),
        (reverse("quality:evaluation"), "Completed: 2"),
        (reverse("quality:alumni-list"), "Bury Builders"),
        (reverse("quality:alumni-cohort", args=[world["cohort"].pk]), "Opted in"),
    ]


def test_it_renders_every_page_for_hub_staff(staff_client, world):
    for url, text in pages(world):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    assert not PractitionerProfile.objects.exists()  # looking at a profile creates none
