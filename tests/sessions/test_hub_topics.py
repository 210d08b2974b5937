"""Topics a facilitator writes in belong to their hub: offered to and listed for no other hub;
the national core topics stay shared."""

import pytest
from django.urls import reverse

from sessions.models import Topic
from sessions.services import topics_from_names
from tests.peernetworks.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_written_in_topics_stay_within_their_hub(client, hub, other_hub):
    core = Topic.objects.create(name="Cash flow planning", is_core=True)
    (mine,) = topics_from_names(["Energy prices"], hub_id=hub.pk)
    (theirs,) = topics_from_names(["energy prices"], hub_id=other_hub.pk)
    assert mine.hub == hub and theirs.hub == other_hub and mine != theirs
    # The same hub reuses its own, ignoring case; a national topic is reused by everyone.
    assert topics_from_names(["ENERGY PRICES"], hub_id=hub.pk) == [mine]
    assert topics_from_names(["cash flow planning"], hub_id=other_hub.pk) == [core]

    client.force_login(UserFactory(username="b-staff", hub=other_hub))
    listing = client.get(reverse("admin:programme_sessions_topic_changelist"))
    shown = set(listing.context["cl"].queryset)
    assert core in shown and theirs in shown and mine not in shown
    assert (
        client.get(reverse("admin:programme_sessions_topic_change", args=[mine.pk])).status_code
        == 404
    )
