"""Each member's line on the facilitator portal's home and cohort pages shows their one-to-one
hours against the year's minimum (OTO-1), which the project shell adds to the sessions app's
pages from the one-to-one app."""

import pytest
from django.urls import reverse

from tests.one_to_one.factories import existing_provision
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import cohort_in_session

pytestmark = pytest.mark.django_db


def test_it_shows_each_members_one_to_one_hours(client, programme_year, hub):
    facilitator = FacilitatorFactory(hub=hub)
    cohort, participants, _ = cohort_in_session(2, hub=hub, lead_facilitator=facilitator)
    programme_year.one_to_one_minimum_hours = 4
    programme_year.save()
    existing_provision(participants[0], 4)
    existing_provision(participants[1], 1)
    client.force_login(facilitator)

    for url in [
        reverse("facilitator:home"),
        reverse("facilitator:cohort-detail", args=[cohort.pk]),
    ]:
        page = client.get(url).content.decode()
        assert page.count("One-to-one 4 of 4 h") == 1, url
        assert page.count("One-to-one 1 of 4 h") == 1, url
        assert page.count('<span class="badge text-bg-success">met</span>') == 1, url
