"""SPEC §1: every object is reachable only by its own hub's staff; another hub's answers 404."""

import pytest
from django.urls import reverse

from peernetworks.models import GrowthHub, User
from peernetworks.selectors import growth_hubs_for
from tests.peernetworks.factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_it_shows_hub_staff_their_own_hub_in_the_admin(staff_client, hub):
    assert staff_client.get(admin_change(hub)).status_code == 200


def test_it_answers_404_for_another_hubs_admin_page(staff_client, other_hub):
    assert staff_client.get(admin_change(other_hub)).status_code == 404


def test_it_redirects_anonymous_users_to_the_admin_login(client, hub):
    response = client.get(admin_change(hub))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_lists_only_the_users_own_hub_in_the_admin(staff_client, hub, other_hub):
    response = staff_client.get(reverse("admin:peernetworks_growthhub_changelist"))
    assert response.status_code == 200
    assert hub.name in response.content.decode()
    assert other_hub.name not in response.content.decode()


def test_it_scopes_user_accounts_to_the_hub(staff_client, hub, other_hub):
    colleague = FacilitatorFactory(hub=hub)
    stranger = FacilitatorFactory(hub=other_hub)
    assert staff_client.get(admin_change(colleague)).status_code == 200
    assert staff_client.get(admin_change(stranger)).status_code == 404


def test_it_lets_the_national_coordinator_read_every_hub(
    client, national_coordinator, hub, other_hub
):
    client.force_login(national_coordinator)
    assert client.get(admin_change(hub)).status_code == 200
    assert client.get(admin_change(other_hub)).status_code == 200
    assert set(growth_hubs_for(national_coordinator)) == {hub, other_hub}


def test_it_gives_facilitators_no_staff_site(client, hub):
    facilitator = FacilitatorFactory(hub=hub)
    client.force_login(facilitator)
    assert client.get(reverse("home"))["Location"] == reverse("facilitator:home")
    assert client.get(reverse("participants:participant-list")).status_code == 403
    assert client.get(admin_change(hub)).status_code == 302  # admin login: not staff


def test_it_shows_nothing_to_inactive_or_anonymous_users(hub):
    inactive = UserFactory(hub=hub, is_active=False)
    assert not growth_hubs_for(inactive).exists()


def test_it_keeps_hub_staff_from_moving_an_account_to_another_hub(staff_client, hub, other_hub):
    response = staff_client.post(
        reverse("admin:peernetworks_user_add"),
        {
            "username": "new-fac",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "role": "facilitator",
            "hub": other_hub.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new-fac")
    assert created.hub == hub
    assert not created.is_staff


def test_it_refuses_hub_staff_a_national_role(staff_client):
    response = staff_client.post(
        reverse("admin:peernetworks_user_add"),
        {
            "username": "sneaky",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "role": "national_coordinator",
        },
    )
    assert response.status_code == 200  # form redisplayed with an error
    assert not User.objects.filter(username="sneaky").exists()


def test_it_does_not_let_hub_staff_rename_their_hub(staff_client, hub):
    staff_client.post(
        admin_change(hub),
        {"name": "Renamed", "tech_support_contact": "0161 111 2222", "privacy_notice_version": "2"},
    )
    hub.refresh_from_db()
    assert hub.name != "Renamed"
    assert GrowthHub.objects.filter(pk=hub.pk, tech_support_contact="0161 111 2222").exists()
