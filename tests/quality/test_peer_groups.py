"""Facilitator Action Learning Groups / Facilitator Peer Networks: groups of a cluster's
facilitators and hub staff, and their self-facilitated meetings."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.models import FacilitatorPeerGroup, PeerGroupMeeting
from quality.services import (
    peer_group_create,
    peer_group_meeting_record,
    peer_group_set_members,
)
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(hub):
    """Another hub of the same cluster."""
    return GrowthHubFactory(slug="lancs", name="Lancashire Growth Hub", cluster=hub.cluster)


def test_it_groups_facilitators_and_staff_of_the_cluster(hub, neighbour, hub_staff):
    fran, nia = FacilitatorFactory(hub=hub), FacilitatorFactory(hub=neighbour)
    group = peer_group_create(
        cluster=hub.cluster,
        name="North West facilitators",
        organiser=hub_staff,
        members=[fran, nia, hub_staff],
    )
    assert set(group.members.all()) == {fran, nia, hub_staff}


def test_it_refuses_people_from_another_cluster_or_role(hub, other_hub, hub_staff):
    with pytest.raises(ValidationError):
        peer_group_create(
            cluster=hub.cluster,
            name="G",
            organiser=hub_staff,
            members=[FacilitatorFactory(hub=other_hub)],
        )
    with pytest.raises(ValidationError):
        peer_group_create(
            cluster=hub.cluster, name="G", organiser=hub_staff, members=[ProviderFactory(hub=hub)]
        )
    group = peer_group_create(cluster=hub.cluster, name="G", organiser=hub_staff, members=[])
    with pytest.raises(ValidationError):
        peer_group_set_members(group=group, members=[FacilitatorFactory(hub=other_hub)])


def test_it_records_a_meeting_of_members_only(hub, hub_staff):
    fran, sam = FacilitatorFactory(hub=hub), FacilitatorFactory(hub=hub)
    group = peer_group_create(
        cluster=hub.cluster, name="G", organiser=hub_staff, members=[fran, hub_staff]
    )
    with pytest.raises(ValidationError) as refused:
        peer_group_meeting_record(
            group=group, held_on=date(2021, 10, 5), attendees=[fran, sam], themes="Silences"
        )
    assert "attendees" in refused.value.message_dict
    with pytest.raises(ValidationError):
        peer_group_meeting_record(group=group, held_on=date(2021, 10, 5), attendees=[], themes="x")

    meeting = peer_group_meeting_record(
        group=group,
        held_on=date(2021, 10, 5),
        attendees=[fran, hub_staff],
        themes="Keeping cameras on; quiet members",
        practice_notes="Start with a one-word check-in.",
        by=hub_staff,
    )
    assert set(meeting.attendees.all()) == {fran, hub_staff}
    assert meeting.recorded_by == hub_staff


def test_it_works_from_the_pages(staff_client, hub, hub_staff):
    fran = FacilitatorFactory(hub=hub)
    response = staff_client.post(
        reverse("quality:peer-group-create"),
        {"name": "GM facilitators", "organiser": hub_staff.pk, "members": [fran.pk, hub_staff.pk]},
    )
    group = FacilitatorPeerGroup.objects.get()
    assert response.status_code == 302 and group.cluster == hub.cluster
    response = staff_client.post(
        reverse("quality:peer-group-meeting", args=[group.pk]),
        {
            "held_on": "2021-10-05",
            "attendees": [fran.pk],
            "themes": "Handling a dominant member",
            "practice_notes": "Use a round.",
        },
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("quality:peer-group-detail", args=[group.pk]))
    assert "Handling a dominant member" in page.content.decode()
    assert PeerGroupMeeting.objects.get().themes == "Handling a dominant member"


def test_it_shows_each_cluster_only_its_groups(client, hub, neighbour, other_hub, other_hub_staff):
    ours = peer_group_create(cluster=hub.cluster, name="Ours", organiser=None, members=[])
    client.force_login(UserFactory(hub=neighbour))  # same cluster, other hub: sees it
    assert client.get(reverse("quality:peer-group-detail", args=[ours.pk])).status_code == 200
    client.force_login(other_hub_staff)
    assert client.get(reverse("quality:peer-group-detail", args=[ours.pk])).status_code == 404
    assert (
        client.post(
            reverse("quality:peer-group-meeting", args=[ours.pk]), {"themes": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("quality:peer-group-list")).context["groups"] == []


def test_it_keeps_facilitators_and_visitors_off(client, hub):
    assert client.get(reverse("quality:peer-group-list")).status_code == 302
    client.force_login(FacilitatorFactory(hub=hub))
    assert client.get(reverse("quality:peer-group-list")).status_code == 403


def test_it_lists_groups_in_a_constant_number_of_queries(staff_client, hub, hub_staff):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("quality:peer-group-list")).status_code == 200
        return len(captured)

    peer_group_create(cluster=hub.cluster, name="G0", organiser=hub_staff, members=[hub_staff])
    few = count()
    for n in range(1, 5):
        group = peer_group_create(
            cluster=hub.cluster, name=f"G{n}", organiser=UserFactory(hub=hub), members=[hub_staff]
        )
        peer_group_meeting_record(
            group=group, held_on=date(2021, 10, n), attendees=[hub_staff], themes="x"
        )
    assert count() == few
