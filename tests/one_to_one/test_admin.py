"""SPEC §1 for the one-to-one admin: own hub 200, another hub's 404, nothing for the national
coordinator; the admin applies the same OTO rules as the portal."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from one_to_one.models import OneToOneSession, SupportDeclined, SupportService
from peernetworks.admin.scoping import ScopedAdmin
from tests.one_to_one.factories import ADMIN_MAKERS, assigned, cohort_with_schedule

pytestmark = pytest.mark.django_db


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_it_registers_every_one_to_one_model_with_the_scoped_admin():
    registered = {
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "one_to_one" and isinstance(model_admin, ScopedAdmin)
    }
    # The directory of other business support holds no personal data (test_signposting.py).
    assert registered == set(ADMIN_MAKERS) | {SupportService}


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_scopes_the_admin_to_the_hub(model, client, hub, other_hub, hub_staff, programme_year):
    own, foreign = ADMIN_MAKERS[model](hub), ADMIN_MAKERS[model](other_hub)
    assert client.get(admin_url(model, "change", own.pk)).status_code == 302

    client.force_login(hub_staff)
    assert client.get(admin_url(model, "change", own.pk)).status_code == 200
    assert client.get(admin_url(model, "change", foreign.pk)).status_code == 404
    listing = client.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].queryset}
    assert own.pk in shown and foreign.pk not in shown


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_keeps_one_to_one_records_from_the_national_coordinator(
    model, client, hub, national_coordinator, programme_year
):
    obj = ADMIN_MAKERS[model](hub)
    client.force_login(national_coordinator)
    assert client.get(admin_url(model, "change", obj.pk)).status_code in (403, 404)


def _participant(hub):
    return cohort_with_schedule(hub)[1][0]


def test_the_admin_refuses_a_log_before_the_first_group_session(client, hub, hub_staff):
    participant = _participant(hub)
    provider = assigned(participant)
    client.force_login(hub_staff)
    data = {
        "participant": participant.pk,
        "date": "2021-09-06",
        "hours": "1.5",
        "route": "programme",
        "provider": provider.pk,
        "mode": "video",
        "platform": "",
        "notes": "",
        "existing_programme": "",
        "nature_of_support": "",
    }
    response = client.post(admin_url(OneToOneSession, "add"), data)
    assert response.status_code == 200
    assert "first group session" in str(response.context["adminform"].form.errors["date"])
    assert not OneToOneSession.objects.exists()

    response = client.post(admin_url(OneToOneSession, "add"), {**data, "date": "2021-12-31"})
    assert response.status_code == 302
    session = OneToOneSession.objects.get()
    assert (session.date, session.recorded_by) == (date(2021, 12, 31), hub_staff)
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Logged anyway." in warnings[0]


def test_the_admin_offers_only_the_hubs_participants(client, hub, other_hub, hub_staff):
    stranger = _participant(other_hub)
    client.force_login(hub_staff)
    response = client.post(
        admin_url(SupportDeclined, "add"),
        {"participant": stranger.pk, "declined_on": "2021-10-01", "note": ""},
    )
    assert "participant" in response.context["adminform"].form.errors


def test_the_admin_refuses_an_action_plan_before_the_first_group_session(client, hub, hub_staff):
    from one_to_one.models import ActionPlan

    participant = _participant(hub)
    client.force_login(hub_staff)
    data = {"participant": participant.pk, "goal": "Grow", "review_dates": "[]"}
    response = client.post(admin_url(ActionPlan, "add"), {**data, "agreed_on": "2021-09-06"})
    assert "starts after it" in str(response.context["adminform"].form.errors["agreed_on"])
    response = client.post(admin_url(ActionPlan, "add"), {**data, "agreed_on": "2021-09-07"})
    assert response.status_code == 302
    assert ActionPlan.objects.get().updated_by == hub_staff
