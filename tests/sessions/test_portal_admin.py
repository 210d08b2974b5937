"""SPEC §1 for the portal's records in the admin: read-only, scoped to the hub, 404 for another
hub's, no personal data for the national coordinator."""

import pytest
from django.urls import reverse

from sessions.models import SupportReferral
from tests.sessions.factories import ADMIN_MAKERS

pytestmark = pytest.mark.django_db


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_scopes_the_admin_pages(
    model, client, programme_year, hub, other_hub, hub_staff, national_coordinator
):
    own, foreign = ADMIN_MAKERS[model](hub), ADMIN_MAKERS[model](other_hub)

    assert client.get(admin_url(model, "change", own.pk)).status_code == 302

    client.force_login(hub_staff)
    page = client.get(admin_url(model, "change", own.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]  # the portal's services write these
    assert client.get(admin_url(model, "change", foreign.pk)).status_code == 404
    listing = client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].queryset}
    assert own.pk in shown and foreign.pk not in shown

    client.force_login(national_coordinator)
    assert client.get(admin_url(model, "change", own.pk)).status_code in (403, 404)


def test_it_acknowledges_referrals_from_the_admin(client, programme_year, hub, hub_staff):
    referral = ADMIN_MAKERS[SupportReferral](hub)
    client.force_login(hub_staff)
    response = client.post(
        admin_url(SupportReferral, "changelist"),
        {"action": "acknowledge", "_selected_action": [referral.pk]},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.acknowledged_by == hub_staff
