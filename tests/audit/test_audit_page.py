"""The audit trail page and admin (GDPR-5): hub staff read their own hub's
events, the national coordinator every hub's, nobody edits them; constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peernetworks.models import AuditAction, AuditEvent
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit-event-list")
PAGE_QUERIES = 6  # session, user, count, the page of events with hubs, hub choices, year (base)


def event(hub, **values) -> AuditEvent:
    values = {
        "actor_label": "gm-staff",
        "action": AuditAction.UPDATE,
        "model_label": "participants.participant",
        "object_id": "7",
        "description": "Participant #7",
        **values,
    }
    return AuditEvent.objects.create(hub=hub, **values)


def shown(response) -> list[int]:
    return [e.pk for e in response.context["page"].object_list]


def test_hub_staff_see_their_hubs_events_newest_first(client, hub, other_hub, hub_staff):
    older = event(hub, at=timezone.now() - timedelta(days=1))
    newer = event(
        hub,
        model_label="programme_sessions.session",
        description="Session #3",
        changed_fields=["status"],
        changes={"status": ["planned", "delivered"]},
    )
    event(other_hub, description="Participant #8", object_id="8")
    client.force_login(hub_staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown(response) == [newer.pk, older.pk]
    assert "planned → delivered" in response.content.decode()
    assert "Participant #8" not in response.content.decode()
    assert "hub" not in response.context["form"].fields  # one hub only


def test_the_national_coordinator_sees_every_hub_and_filters_by_hub(
    client, hub, other_hub, national_coordinator
):
    mine, theirs = event(hub), event(other_hub)
    client.force_login(national_coordinator)
    assert set(shown(client.get(URL))) == {mine.pk, theirs.pk}
    assert shown(client.get(URL, {"hub": other_hub.pk})) == [theirs.pk]


@pytest.mark.parametrize("factory", [FacilitatorFactory, ProviderFactory])
def test_facilitators_and_providers_are_refused(client, hub, factory):
    event(hub)
    client.force_login(factory(hub=hub))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_filters(client, hub, hub_staff):
    created = event(hub, action=AuditAction.CREATE, object_id="31")
    exported = event(
        hub,
        action=AuditAction.EXPORT,
        model_label="export",
        object_id="",
        actor_label="command: export_programme",
        at=timezone.now() - timedelta(days=10),
    )
    bulk = event(
        hub,
        action=AuditAction.BULK_UPDATE,
        model_label="programme_sessions.attendance",
        object_id="",
        object_ids=[5, 31, 99],
        count=3,
    )
    client.force_login(hub_staff)
    assert shown(client.get(URL, {"action": "create"})) == [created.pk]
    assert shown(client.get(URL, {"model": "export"})) == [exported.pk]
    assert shown(client.get(URL, {"model": "programme_sessions.attendance"})) == [bulk.pk]
    assert shown(client.get(URL, {"actor": "command"})) == [exported.pk]
    assert set(shown(client.get(URL, {"object_id": "31"}))) == {created.pk, bulk.pk}
    today = timezone.localdate()
    recent = {"date_from": (today - timedelta(days=2)).isoformat(), "date_to": today.isoformat()}
    assert set(shown(client.get(URL, recent))) == {created.pk, bulk.pk}


def test_a_backwards_date_range_is_an_error_naming_the_field(client, hub, hub_staff):
    event(hub)
    client.force_login(hub_staff)
    response = client.get(URL, {"date_from": "2021-10-02", "date_to": "2021-10-01"})
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert shown(response) == []
    assert "To: Choose a date on or after the From date." in response.content.decode()


def test_the_reporting_tabs_link_to_it_for_staff(client, hub_staff):
    # Beside KPI returns and exports rather than in the top navbar, which is full at laptop width.
    client.force_login(hub_staff)
    assert f'href="{URL}"' in client.get(reverse("reporting:return-list")).content.decode()


def test_paging_keeps_the_filters(client, hub, hub_staff):
    for _ in range(51):
        event(hub, action=AuditAction.CREATE)
    client.force_login(hub_staff)
    body = client.get(URL, {"action": "create"}).content.decode()
    assert "?action=create&amp;page=2" in body


@pytest.mark.parametrize("count", [1, 60])
def test_the_page_runs_a_constant_number_of_queries(
    client, hub, other_hub, national_coordinator, hub_staff, count, django_assert_max_num_queries
):
    for _ in range(count):
        event(hub)
        event(other_hub)
    for user in (hub_staff, national_coordinator):
        client.force_login(user)
        with django_assert_max_num_queries(PAGE_QUERIES):
            assert client.get(URL, {"action": "update"}).status_code == 200


def test_the_admin_is_scoped_and_read_only(client, hub, other_hub, hub_staff):
    mine, theirs = event(hub), event(other_hub)
    client.force_login(hub_staff)
    listing = client.get(reverse("admin:peernetworks_auditevent_changelist"))
    assert listing.status_code == 200
    assert {e.pk for e in listing.context["cl"].queryset} == {mine.pk}
    change = reverse("admin:peernetworks_auditevent_change", args=[mine.pk])
    assert client.get(change).status_code == 200  # view only
    assert client.post(change, {"description": "rewritten"}).status_code == 403
    assert AuditEvent.objects.get(pk=mine.pk).description == "Participant #7"
    foreign = reverse("admin:peernetworks_auditevent_change", args=[theirs.pk])
    assert client.get(foreign).status_code == 404
    delete = reverse("admin:peernetworks_auditevent_delete", args=[mine.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:peernetworks_auditevent_add")).status_code == 403
    assert AuditEvent.objects.filter(pk=mine.pk).exists()
