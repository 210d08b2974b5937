"""SPEC §1 for quality management's admin pages: own hub 200, another hub's 404, anonymous to
the login page; consent is read-only; the national coordinator never sees personal data."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from peernetworks.admin.scoping import ScopedAdmin
from quality.models import AlumniConsent, QualityItem
from tests.quality.factories import ADMIN_MAKERS

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_it_registers_every_model_with_the_scoped_admin():
    for model in ADMIN_MAKERS:
        assert isinstance(admin.site._registry[model], ScopedAdmin), model


@pytest.mark.parametrize("model", list(ADMIN_MAKERS), ids=lambda m: m.__name__)
def test_it_scopes_the_admin(model, client, hub, other_hub, hub_staff, programme_year):
    own, foreign = ADMIN_MAKERS[model](hub), ADMIN_MAKERS[model](other_hub)

    assert client.get(change_url(own)).status_code == 302

    client.force_login(hub_staff)
    assert client.get(change_url(own)).status_code == 200
    assert client.get(change_url(foreign)).status_code == 404
    listing = client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    )
    assert listing.status_code == 200
    shown = {obj.pk for obj in listing.context["cl"].queryset}
    assert own.pk in shown and foreign.pk not in shown


@pytest.mark.parametrize("model", [QualityItem, AlumniConsent], ids=lambda m: m.__name__)
def test_it_keeps_personal_data_from_the_national_coordinator(
    model, client, hub, national_coordinator, programme_year
):
    client.force_login(national_coordinator)
    assert client.get(change_url(ADMIN_MAKERS[model](hub))).status_code in (403, 404)


def test_it_shows_consent_without_letting_staff_change_it(client, hub, hub_staff, programme_year):
    consent = ADMIN_MAKERS[AlumniConsent](hub)
    client.force_login(hub_staff)
    page = client.get(change_url(consent))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    client.post(change_url(consent), {"share_email": "on"})
    consent.refresh_from_db()
    assert not consent.share_email


def test_it_records_an_item_in_the_staff_members_own_hub(client, hub, hub_staff, programme_year):
    client.force_login(hub_staff)
    response = client.post(
        reverse("admin:quality_qualityitem_add"),
        {
            "kind": "compliment",
            "raised_by_type": "participant",
            "raised_by_name": "Ann Shaw",
            "channel": "email",
            "raised_on": "2021-09-10",
            "about": "Session 3",
            "summary": "Best session yet.",
            "due_on": "2021-09-24",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    item = QualityItem.objects.get()
    assert (item.hub, item.created_by, item.status) == (hub, hub_staff, "open")


# the quality and survey numbers are programme-year settings in the admin ----------

YEAR_FIELDS = (
    "survey_reminders_max",
    "survey_reminder_gap_days",
    "low_satisfaction_threshold",
    "quality_item_days_to_resolve",
    "post_completion_survey_days",
    "six_month_survey_months",
    "alumni_link_days",
)


def test_the_programme_year_admin_shows_the_quality_numbers(
    client, national_coordinator, programme_year
):
    client.force_login(national_coordinator)
    page = client.get(change_url(programme_year))
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in YEAR_FIELDS:
        assert name in form.fields, name
    assert form.initial["low_satisfaction_threshold"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("low_satisfaction_threshold", 5),  # every score would be "low"
        ("low_satisfaction_threshold", 0),
        ("survey_reminder_gap_days", 0),
        ("quality_item_days_to_resolve", 0),
        ("six_month_survey_months", 0),
    ],
)
def test_the_programme_year_refuses_numbers_out_of_range(programme_year, name, value):
    setattr(programme_year, name, value)
    with pytest.raises(ValidationError) as refused:
        programme_year.full_clean()
    assert name in refused.value.message_dict
