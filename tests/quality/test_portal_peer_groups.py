"""Facilitators see their own peer groups in the facilitator portal (the groups
they belong to, every meeting with its date, attendees, themes and practice notes) and record a
meeting of their own group. Anyone outside the group gets a 404."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.models import PeerGroupMeeting
from quality.services import peer_group_create, peer_group_meeting_record
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("facilitator:home")


@pytest.fixture
def group(hub, hub_staff):
    fran = FacilitatorFactory(hub=hub, username="fran", first_name="Fran", last_name="Lee")
    neighbour = GrowthHubFactory(slug="lancs", name="Lancashire Growth Hub", cluster=hub.cluster)
    nia = FacilitatorFactory(hub=neighbour, username="nia", first_name="Nia", last_name="Roe")
    group = peer_group_create(
        cluster=hub.cluster,
        name="North West facilitators",
        organiser=hub_staff,
        members=[fran, nia],
    )
    peer_group_meeting_record(
        group=group,
        held_on=date(2021, 10, 5),
        attendees=[fran, nia],
        themes="Quiet members",
        practice_notes="Start with a round of one-word check-ins.",
        by=hub_staff,
    )
    return group, fran, nia


def url(group) -> str:
    return reverse("facilitator:peer-group", args=[group.pk])


def test_a_member_sees_their_group_on_the_portal_home(client, group):
    group, fran, _ = group
    client.force_login(fran)
    page = client.get(HOME)
    assert page.status_code == 200
    assert [g.pk for g in page.context["peer_groups"]] == [group.pk]
    text = page.content.decode()
    assert "My peer group" in text and url(group) in text and "last met 5 Oct 2021" in text


def test_someone_outside_every_group_sees_no_section(client, group, hub):
    client.force_login(FacilitatorFactory(hub=hub))
    page = client.get(HOME)
    assert page.context["peer_groups"] == []
    assert "My peer group" not in page.content.decode()


def test_a_member_reads_every_meeting(client, group):
    group, _, nia = group
    client.force_login(nia)  # a member from another hub of the cluster
    page = client.get(url(group))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tuesday 5 October 2021" in text
    assert "Fran Lee, Nia Roe" in text
    assert "Quiet members" in text and "one-word check-ins" in text


def test_a_member_records_a_meeting_of_their_group(client, group):
    group, fran, nia = group
    client.force_login(fran)
    response = client.post(
        url(group),
        {
            "held_on": "2021-11-02",
            "attendees": [fran.pk, nia.pk],
            "themes": "Cameras off",
            "practice_notes": "Agree camera norms in session one.",
        },
    )
    assert response.status_code == 302 and response["Location"] == url(group)
    meeting = PeerGroupMeeting.objects.get(held_on=date(2021, 11, 2))
    assert meeting.group == group and meeting.recorded_by == fran
    assert set(meeting.attendees.all()) == {fran, nia}
    assert meeting.practice_notes == "Agree camera norms in session one."


def test_the_form_names_the_field_at_fault(client, group, hub):
    group, fran, _ = group
    client.force_login(fran)
    outsider = FacilitatorFactory(hub=hub)
    response = client.post(
        url(group), {"held_on": "2021-11-02", "attendees": [outsider.pk], "themes": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attendees"]
    response = client.post(url(group), {"held_on": "", "attendees": [fran.pk], "themes": ""})
    assert set(response.context["form"].errors) == {"held_on", "themes"}
    assert PeerGroupMeeting.objects.count() == 1


def test_a_facilitator_not_in_the_group_gets_404(client, group, hub, other_hub):
    group, fran, _ = group
    for outsider in (FacilitatorFactory(hub=hub), FacilitatorFactory(hub=other_hub)):
        client.force_login(outsider)
        assert client.get(url(group)).status_code == 404
        response = client.post(
            url(group), {"held_on": "2021-11-02", "attendees": [fran.pk], "themes": "x"}
        )
        assert response.status_code == 404
    assert PeerGroupMeeting.objects.count() == 1


def test_other_hub_staff_get_404_and_the_organiser_gets_in(client, group, hub_staff, other_hub):
    group, *_ = group
    client.force_login(UserFactory(hub=other_hub))
    assert client.get(url(group)).status_code == 404
    client.force_login(hub_staff)  # organises it
    assert client.get(url(group)).status_code == 200


def test_providers_the_national_coordinator_and_visitors_are_kept_out(
    client, group, hub, national_coordinator
):
    group, *_ = group
    response = client.get(url(group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (ProviderFactory(hub=hub), national_coordinator):
        client.force_login(user)
        assert client.get(url(group)).status_code == 403


def test_the_page_reads_meetings_in_a_constant_number_of_queries(client, group, hub_staff):
    group, fran, nia = group

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(group)).status_code == 200
        return len(captured)

    client.force_login(fran)
    few = count()
    for day in range(6, 12):
        peer_group_meeting_record(
            group=group, held_on=date(2021, 10, day), attendees=[fran, nia], themes="x"
        )
    assert count() == few
