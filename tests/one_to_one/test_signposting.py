"""The directory of other business support and signposting to it (OTO-8).

National entries (no hub) are offered everywhere; a hub's own entries only to its participants
and staff. Providers and facilitators record referrals to the directory through one service,
which refuses another hub's or an inactive entry on the field; participants see the directory
and their referrals on their page (SPEC §1 throughout).
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.one_to_one import demo_support_services
from one_to_one.models import Referral, SupportService
from one_to_one.selectors import support_services_offered
from one_to_one.services import referral_record
from participants.links import home_token
from tests.one_to_one.factories import assigned, cohort_with_schedule
from tests.peernetworks.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

DAY = date(2021, 10, 5)


def service(hub=None, name=None, **kwargs) -> SupportService:
    name = name or (f"{hub.slug} local help" if hub else "National help")
    kwargs.setdefault("category", "growth_hub_services" if hub else "help_to_grow_digital")
    return SupportService.objects.create(hub=hub, name=name, **kwargs)


@pytest.fixture
def directory(hub, other_hub):
    """National, own hub's, another hub's, and an inactive entry of the hub."""
    return {
        "national": service(
            name="Help to Grow: Digital (test)",
            website="https://helptogrow.example/",
            phone="01632 960001",
        ),
        "own": service(hub, name="GM Scale-Up Coaching", email="scale@gm.example"),
        "foreign": service(other_hub, name="LCR Export Workshops"),
        "inactive": service(hub, name="GM Retired Scheme", is_active=False),
    }


@pytest.fixture
def cohort_and_members(programme_year, hub):
    cohort, members, _ = cohort_with_schedule(hub, members=2)
    return cohort, members


@pytest.fixture
def participant(cohort_and_members):
    return cohort_and_members[1][0]


@pytest.fixture
def provider(participant):
    return assigned(participant)


@pytest.fixture
def provider_client(client, provider):
    client.force_login(provider)
    return client


def admin_url(action: str, *args) -> str:
    return reverse(f"admin:one_to_one_supportservice_{action}", args=args)


def signpost_url(cohort, participant) -> str:
    return reverse("facilitator:participant-signpost", args=[cohort.pk, participant.pk])


def offered_keys(form) -> set[str]:
    keys = set()
    for value, label in form.fields["service"].choices:
        if isinstance(label, list | tuple):
            keys |= {key for key, _ in label}
        elif value:
            keys.add(value)
    return keys


# --- The national entries: the Playbook's, seeded by a data migration --------------------------


def test_the_migration_seeds_the_playbooks_national_entries_once():
    migration = importlib.import_module("one_to_one.migrations.0003_seed_national_support_services")
    migration.seed(apps, None)
    migration.seed(apps, None)  # idempotent
    national = SupportService.objects.filter(hub=None)
    names = dict(national.values_list("name", "category"))
    assert names == {
        "Help to Grow: Management": "help_to_grow_management",
        "Help to Grow: Digital": "help_to_grow_digital",
        "Business Support Helpline": "business_support_helpline",
    }
    helpline = national.get(name="Business Support Helpline")
    assert helpline.website == "https://www.gov.uk/business-support-helpline"
    assert helpline.phone == ""  # the Playbook gives no number
    for entry in national:
        entry.full_clean()  # within the field limits


# --- The directory in the admin ----------------------------------------------------------------


def test_hub_staff_see_their_hubs_and_national_entries_only(client, hub_staff, directory):
    client.force_login(hub_staff)
    listing = client.get(admin_url("changelist"))
    shown = {obj.pk for obj in listing.context["cl"].queryset}
    assert {directory["own"].pk, directory["national"].pk, directory["inactive"].pk} <= shown
    assert directory["foreign"].pk not in shown
    assert client.get(admin_url("change", directory["foreign"].pk)).status_code == 404


def test_hub_staff_edit_their_hubs_entries_but_only_read_national_ones(
    client, hub, hub_staff, directory
):
    client.force_login(hub_staff)
    own = directory["own"]
    data = {"name": own.name, "category": own.category, "order": 3, "is_active": "on"}
    assert client.post(admin_url("change", own.pk), data).status_code == 302
    own.refresh_from_db()
    assert own.order == 3 and own.hub == hub

    national = directory["national"]
    page = client.get(admin_url("change", national.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = {"name": "Renamed", "category": national.category, "order": 0}
    assert client.post(admin_url("change", national.pk), data).status_code == 403
    national.refresh_from_db()
    assert national.name == "Help to Grow: Digital (test)"
    # Nobody deletes an entry: referrals keep it, it is deactivated instead.
    assert client.post(admin_url("delete", own.pk), {"post": "yes"}).status_code == 403


def test_an_entry_added_by_hub_staff_is_their_hubs_even_from_a_forged_post(
    client, hub, other_hub, hub_staff
):
    client.force_login(hub_staff)
    data = {"name": "Grants clinic", "category": "growth_hub_services", "order": 1}
    response = client.post(admin_url("add"), {**data, "hub": other_hub.pk})
    assert response.status_code == 302
    assert SupportService.objects.get(name="Grants clinic").hub == hub

    response = client.post(admin_url("add"), {**data, "name": "grants CLINIC"})
    assert response.status_code == 200
    assert "already in" in response.context["adminform"].form.errors["name"][0]
    assert SupportService.objects.filter(name__iexact="grants clinic").count() == 1


def test_the_national_coordinator_keeps_the_national_entries(
    client, national_coordinator, directory
):
    client.force_login(national_coordinator)
    data = {"name": "Export Support Service", "category": "growth_hub_services", "order": 40}
    assert client.post(admin_url("add"), data).status_code == 302
    assert SupportService.objects.get(name="Export Support Service").hub is None

    national = directory["national"]
    data = {"name": national.name, "category": national.category, "order": 5, "is_active": "on"}
    assert client.post(admin_url("change", national.pk), data).status_code == 302
    # A hub's own entry is the hub's to keep: the national coordinator reads it.
    own = directory["own"]
    assert client.get(admin_url("change", own.pk)).status_code == 200
    data = {"name": "Taken over", "category": own.category, "order": 0}
    assert client.post(admin_url("change", own.pk), data).status_code == 403


def test_the_admin_referral_form_offers_only_the_hubs_and_national_entries(
    client, hub_staff, directory, participant
):
    client.force_login(hub_staff)
    form = client.get(reverse("admin:one_to_one_referral_add")).context["adminform"].form
    offered = set(form.fields["service"].queryset.values_list("pk", flat=True))
    assert directory["own"].pk in offered and directory["national"].pk in offered
    assert directory["foreign"].pk not in offered

    data = {
        "participant": participant.pk,
        "destination": "other",
        "service": directory["own"].pk,
        "referred_on": "2021-10-05",
        "note": "",
    }
    response = client.post(reverse("admin:one_to_one_referral_add"), data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.destination == "growth_hub_services"  # the service's category

    data["service"] = directory["inactive"].pk
    response = client.post(reverse("admin:one_to_one_referral_add"), data)
    assert "no longer offered" in response.context["adminform"].form.errors["service"][0]
    assert Referral.objects.count() == 1


# --- The one service ----------------------------------------------------------------------------


def test_a_referral_to_a_service_takes_its_category(participant, directory, provider):
    referral = referral_record(
        participant=participant, service=directory["national"], referred_on=DAY, by=provider
    )
    assert referral.destination == "help_to_grow_digital"
    assert (
        referral.service == directory["national"] and referral.where == directory["national"].name
    )
    referral = referral_record(participant=participant, service=directory["own"], referred_on=DAY)
    assert referral.destination == "growth_hub_services"


@pytest.mark.parametrize(
    ("key", "message"),
    [("foreign", "another Growth Hub"), ("inactive", "no longer offered")],
)
def test_the_service_refuses_another_hubs_or_an_inactive_entry(
    participant, directory, key, message
):
    with pytest.raises(ValidationError) as error:
        referral_record(participant=participant, service=directory[key], referred_on=DAY)
    assert message in error.value.message_dict["service"][0]
    assert not Referral.objects.exists()


def test_other_needs_a_note(participant):
    with pytest.raises(ValidationError) as error:
        referral_record(participant=participant, destination="other", referred_on=DAY)
    assert "note" in error.value.message_dict


# --- The provider's form ------------------------------------------------------------------------


def test_the_provider_form_offers_national_and_own_hub_active_entries(
    provider_client, participant, directory
):
    page = provider_client.get(reverse("one_to_one:provider-participant", args=[participant.pk]))
    offered = offered_keys(page.context["referral_form"])
    assert offered == {str(directory["national"].pk), str(directory["own"].pk), "other"} | {
        str(pk)
        for pk in SupportService.objects.filter(hub=None, is_active=True).values_list(
            "pk", flat=True
        )
    }
    body = page.content.decode()
    assert "LCR Export Workshops" not in body and "GM Retired Scheme" not in body
    # Grouped: the national entries, then the hub's own, then "other".
    choices = page.context["referral_form"].fields["service"].choices
    assert [group for group, _ in choices] == [
        "",
        "National",
        participant.business.hub.name,
        "other",
    ]


def test_the_provider_records_a_referral_from_the_directory(
    provider_client, participant, directory, provider
):
    url = reverse("one_to_one:provider-referral", args=[participant.pk])
    data = {"referral-service": directory["own"].pk, "referral-referred_on": "2021-10-05"}
    assert provider_client.post(url, data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.service, referral.destination, referral.recorded_by) == (
        directory["own"],
        "growth_hub_services",
        provider,
    )
    data = {"referral-service": "other", "referral-referred_on": "2021-10-05"}
    response = provider_client.post(url, data)
    assert "note" in response.context["referral_form"].errors
    data["referral-note"] = "The local chamber's mentoring scheme"
    assert provider_client.post(url, data).status_code == 302
    assert Referral.objects.filter(destination="other", service=None).count() == 1


@pytest.mark.parametrize("key", ["foreign", "inactive"])
def test_a_crafted_post_with_another_hubs_or_an_inactive_entry_is_refused(
    provider_client, participant, directory, key
):
    url = reverse("one_to_one:provider-referral", args=[participant.pk])
    data = {"referral-service": directory[key].pk, "referral-referred_on": "2021-10-05"}
    response = provider_client.post(url, data)
    assert response.status_code == 200
    assert "service" in response.context["referral_form"].errors
    assert not Referral.objects.exists()


# --- The facilitator portal ---------------------------------------------------------------------


def test_the_cohorts_facilitator_signposts_a_member(client, cohort_and_members, directory):
    cohort, (participant, _) = cohort_and_members
    client.force_login(cohort.lead_facilitator)
    url = signpost_url(cohort, participant)
    page = client.get(url)
    assert page.status_code == 200
    assert offered_keys(page.context["form"]) >= {str(directory["own"].pk), "other"}
    assert str(directory["foreign"].pk) not in offered_keys(page.context["form"])

    data = {"referral-service": directory["national"].pk, "referral-referred_on": "2021-10-05"}
    response = client.post(url, data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.recorded_by == cohort.lead_facilitator
    assert referral.participant == participant and referral.service == directory["national"]
    assert directory["national"].name in client.get(url).content.decode()  # listed as recorded


def test_the_facilitator_portal_refuses_another_hubs_entry(client, cohort_and_members, directory):
    cohort, (participant, _) = cohort_and_members
    client.force_login(cohort.lead_facilitator)
    data = {"referral-service": directory["foreign"].pk, "referral-referred_on": "2021-10-05"}
    response = client.post(signpost_url(cohort, participant), data)
    assert response.status_code == 200 and "service" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_a_facilitator_of_another_cohort_gets_404(client, hub, cohort_and_members, directory):
    cohort, (participant, _) = cohort_and_members
    client.force_login(FacilitatorFactory(hub=hub))
    url = signpost_url(cohort, participant)
    assert client.get(url).status_code == 404
    data = {"referral-service": directory["national"].pk, "referral-referred_on": "2021-10-05"}
    assert client.post(url, data).status_code == 404
    assert not Referral.objects.exists()


def test_another_hubs_staff_get_404(client, other_hub_staff, cohort_and_members, directory):
    cohort, (participant, _) = cohort_and_members
    client.force_login(other_hub_staff)
    assert client.get(signpost_url(cohort, participant)).status_code == 404


# --- The participant's page ---------------------------------------------------------------------


def test_the_participants_page_shows_national_and_own_hub_entries_and_referrals(
    client, participant, directory
):
    referral_record(participant=participant, service=directory["own"], referred_on=DAY)
    referral_record(
        participant=participant, destination="other", note="Chamber mentoring", referred_on=DAY
    )
    body = client.get(reverse("my:home", args=[home_token(participant)])).content.decode()
    assert "Other business support" in body
    assert "Help to Grow: Digital (test)" in body and "tel:01632960001" in body
    assert "GM Scale-Up Coaching" in body and "mailto:scale@gm.example" in body
    assert "LCR Export Workshops" not in body and "GM Retired Scheme" not in body
    assert "Chamber mentoring" in body  # an "other" referral says where


def test_another_hubs_participant_sees_neither_this_hubs_entries(client, other_hub, directory):
    _, members, _ = cohort_with_schedule(other_hub)
    body = client.get(reverse("my:home", args=[home_token(members[0])])).content.decode()
    assert "LCR Export Workshops" in body and "Help to Grow: Digital (test)" in body
    assert "GM Scale-Up Coaching" not in body


# --- Staff pages --------------------------------------------------------------------------------


def test_the_staff_page_lists_referrals_with_the_service(staff_client, participant, directory):
    referral_record(participant=participant, service=directory["own"], referred_on=DAY)
    page = staff_client.get(reverse("one_to_one:participant-detail", args=[participant.pk]))
    assert "GM Scale-Up Coaching" in page.content.decode()


# --- Constant queries ---------------------------------------------------------------------------


def _more(participant, hub, count: int) -> None:
    start = SupportService.objects.count()
    for n in range(start, start + count):
        extra = service(hub, name=f"Extra service {n}", website="https://x.example/")
        referral_record(participant=participant, service=extra, referred_on=DAY)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["participant", "staff", "provider", "facilitator"])
def test_the_pages_run_a_constant_number_of_queries(
    page,
    client,
    hub,
    hub_staff,
    provider,
    cohort_and_members,
    directory,
    django_assert_max_num_queries,
):
    cohort, (participant, _) = cohort_and_members
    user, url = {
        "participant": (None, reverse("my:home", args=[home_token(participant)])),
        "staff": (hub_staff, reverse("one_to_one:participant-detail", args=[participant.pk])),
        "provider": (provider, reverse("one_to_one:provider-participant", args=[participant.pk])),
        "facilitator": (cohort.lead_facilitator, signpost_url(cohort, participant)),
    }[page]
    if user is not None:
        client.force_login(user)
    _more(participant, hub, 1)
    baseline = _queries(client, url)
    _more(participant, hub, 6)
    with django_assert_max_num_queries(baseline):
        client.get(url)


# --- Demo data ----------------------------------------------------------------------------------


def test_the_demo_adds_two_local_services_per_hub_once(hub, other_hub):
    demo_support_services([hub, other_hub])
    demo_support_services([hub, other_hub])  # seed_demo stays idempotent
    for each in (hub, other_hub):
        local = support_services_offered(each.pk).filter(hub=each)
        assert local.count() == 2
        assert all(entry.website and entry.phone for entry in local)
