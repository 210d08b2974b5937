"""Record-level business values in the audit trail: the hub's own staff see them, the national
coordinator sees only which fields changed; a sole trader's business (the person) keeps no
values at all."""

import pytest
from django.urls import reverse

from participants.models import Business
from peernetworks.models import AuditEvent
from tests.participants.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def business_events(business) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            model_label="participants.business", object_id=str(business.pk)
        ).order_by("pk")
    )


def test_a_sole_traders_business_keeps_no_values(hub):
    sole = BusinessFactory(hub=hub, legal_form="sole_trader", turnover_gbp=120_000)
    company = BusinessFactory(hub=hub, legal_form="ltd", turnover_gbp=120_000)
    for business in (sole, company):
        business.turnover_gbp = 150_000
        business.save()
    Business.objects.filter(pk__in=[sole.pk, company.pk]).update(employees_full_time=7)
    created, updated = business_events(sole)
    assert "turnover_gbp" in created.changed_fields and created.changes == {}
    assert updated.changed_fields == ["turnover_gbp"] and updated.changes == {}
    assert business_events(company)[1].changes == {"turnover_gbp": [120_000, 150_000]}
    bulk = AuditEvent.objects.get(action="bulk_update", model_label="participants.business")
    assert bulk.changed_fields == ["employees_full_time"] and bulk.changes == {}


def test_the_national_coordinator_sees_what_changed_not_the_values(
    client, hub, hub_staff, national_coordinator
):
    company = BusinessFactory(hub=hub, legal_form="ltd", turnover_gbp=120_000)
    company.turnover_gbp = 987_654
    company.save()
    event = business_events(company)[1]
    url = reverse("audit-event-list")

    client.force_login(hub_staff)
    assert "987654" in client.get(url).content.decode()

    client.force_login(national_coordinator)
    page = client.get(url).content.decode()
    assert "turnover_gbp" in page and "987654" not in page
    admin_page = client.get(reverse("admin:peernetworks_auditevent_change", args=[event.pk]))
    assert admin_page.status_code == 200
    assert "987654" not in admin_page.content.decode()
