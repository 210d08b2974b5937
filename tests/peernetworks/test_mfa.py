"""Two-factor sign-in for every staff account, enforced on every staff page and
the admin (no way round it through another login view); logout and deactivation end sessions
on the server."""

import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from peernetworks.mfa import (
    BACKUP_CODE_COUNT,
    OPEN_NAMESPACES,
    OPEN_VIEWS,
    mfa_backup_codes_issue,
)
from tests.access.test_authorization_matrix import url_patterns
from tests.conftest import DEVICE_LOOKUP, staff_totp_device, totp_code
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory, UserFactory
from tests.peernetworks.test_settings import manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
VERIFY = reverse("mfa:verify")


def signed_in(user, client=None) -> Client:
    """Signed in with the password only, as after the login form."""
    client = client or Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def goes_to_verify(response) -> bool:
    return response.status_code == 302 and urlparse(response["Location"]).path == VERIFY


def enter_code(client, code, next_url=""):
    return client.post(VERIFY, {"token": code, "next": next_url})


# Every URL of the project, with made-up parameters: the middleware answers before any view.
def _fill(route: str) -> str:
    route = re.sub(r"\(\?P<app_label>[^)]*\)", "peernetworks", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x1/", route)
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str:|slug:|path:)?\w+>", "x1", route)
    return "/" + route.replace("^", "").replace("$", "")


def every_url():
    for key, route in sorted(url_patterns().items()):
        url = _fill(route)
        match = resolve(url)
        yield key, url, match


def is_open(match) -> bool:
    return match.view_name in OPEN_VIEWS or bool(set(match.namespaces) & OPEN_NAMESPACES)


@pytest.fixture
def coordinator(national_coordinator):
    staff_totp_device(national_coordinator)
    return national_coordinator


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", role="", hub=None, is_superuser=True, is_staff=True)


# Enforcement ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hub_staff", "national_coordinator", "superuser"])
def test_it_sends_unverified_staff_from_every_url_to_the_two_factor_page(request, who):
    user = request.getfixturevalue(who)
    staff_totp_device(user)
    client = signed_in(user)
    checked = 0
    for key, url, match in every_url():
        if is_open(match):
            continue
        response = client.get(url)
        assert goes_to_verify(response), f"GET {key} ({url}): {response.status_code}"
        assert parse_qs(urlparse(response["Location"]).query)["next"] == [url]
        posted = client.post(url, {"username": user.username, "password": PASSWORD})
        assert posted.status_code == 403, f"POST {key} ({url}): {posted.status_code}"
        checked += 1
    assert checked > 100  # the admin's pages and every staff page
    assert not Session.objects.get().get_decoded().get(DEVICE_ID_SESSION_KEY)


def test_the_open_pages_are_only_sign_out_health_and_participants_links():
    opened = sorted(key for key, _, match in every_url() if is_open(match))
    assert opened == sorted(
        [
            "cohorts:participant-calendar",
            "healthz",
            "logout",
            "mfa:backup-codes",
            "mfa:setup",
            "mfa:verify",
            "my:feedback-form",
            "my:home",
            "my:survey-form",
            "quality:alumni-page",
            "register",
            "register-details",
            "register-done",
        ]
    )


def test_it_refuses_a_json_request_with_403(hub_staff):
    client = signed_in(hub_staff)
    response = client.get(reverse("admin:autocomplete"), headers={"Accept": "application/json"})
    assert response.status_code == 403


def test_the_admin_login_does_not_get_round_it(client, hub_staff):
    staff_totp_device(hub_staff)
    response = client.post(
        reverse("admin:login"),
        {"username": hub_staff.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302  # the admin signs the password in...
    assert goes_to_verify(client.get("/admin/"))  # ...and the session stops there
    assert goes_to_verify(client.get(reverse("admin:login")))
    again = client.post(reverse("admin:login"), {"username": hub_staff.username, "password": "x"})
    assert again.status_code == 403
    assert goes_to_verify(client.get(reverse("admin:peernetworks_user_changelist")))


def test_the_login_page_leads_to_the_two_factor_page_then_where_it_was_going(client, hub_staff):
    device = staff_totp_device(hub_staff)
    response = client.post(
        reverse("login"),
        {"username": hub_staff.username, "password": PASSWORD, "next": "/cohorts/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fcohorts%2F"
    assert "Two-factor sign-in" in response.content.decode()
    done = enter_code(client, totp_code(device), "/cohorts/")
    assert done.status_code == 302 and done["Location"] == "/cohorts/"
    assert client.get("/cohorts/").status_code == 200


@pytest.mark.parametrize("factory", [FacilitatorFactory, ProviderFactory])
def test_facilitators_and_providers_are_not_asked(factory, hub):
    user = factory(hub=hub)
    client = signed_in(user)
    home = client.get("/", follow=True)
    assert home.status_code == 200
    assert all(urlparse(url).path != VERIFY for url, _ in home.redirect_chain)
    assert client.get(VERIFY).status_code == 403


def test_the_roles_asked_are_a_setting(settings, hub):
    settings.MFA_ROLES = [*settings.MFA_ROLES, "facilitator"]
    client = signed_in(FacilitatorFactory(hub=hub))
    assert goes_to_verify(client.get(reverse("facilitator:home")))


def test_it_asks_nothing_when_switched_off(settings, hub_staff):
    settings.STAFF_MFA_REQUIRED = False
    assert signed_in(hub_staff).get("/").status_code == 200


def test_the_staff_home_links_to_backup_codes_and_a_new_app(client, settings, hub_staff):
    client.force_login(hub_staff)
    page = client.get("/").content.decode()
    assert reverse("mfa:backup-codes") in page and reverse("mfa:setup") in page
    settings.STAFF_MFA_REQUIRED = False
    assert reverse("mfa:backup-codes") not in client.get("/").content.decode()


@pytest.mark.mfa_unverified
def test_force_login_can_leave_the_session_unverified(client, hub_staff):
    client.force_login(hub_staff)
    assert goes_to_verify(client.get("/"))


def test_force_login_signs_staff_in_verified(client, hub_staff):
    client.force_login(hub_staff)
    assert client.get("/").status_code == 200


def test_a_verified_request_costs_one_lookup_of_the_device(client, hub_staff):
    client.force_login(hub_staff)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("participants:participant-list"))
    assert sum(bool(DEVICE_LOOKUP.match(q["sql"])) for q in queries.captured_queries) == 1


# The verify page -----------------------------------------------------------------------------


def test_it_refuses_a_wrong_code_and_accepts_the_right_one(hub_staff):
    device = staff_totp_device(hub_staff)
    client = signed_in(hub_staff)
    with time_machine.travel(time.time(), tick=False) as traveller:
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        refused = enter_code(client, wrong)
        assert refused.status_code == 200
        assert "That code is not right" in refused.content.decode()
        assert goes_to_verify(client.get("/"))
        traveller.shift(timedelta(seconds=2))  # the first failure's one-second wait
        key_before = client.session.session_key
        accepted = enter_code(client, totp_code(device))
    assert accepted.status_code == 302 and accepted["Location"] == "/"
    assert client.session.session_key != key_before  # a new session key on verification
    assert client.get("/").status_code == 200


def test_it_throttles_repeated_failures_with_a_clear_message(hub_staff):
    device = staff_totp_device(hub_staff)
    client = signed_in(hub_staff)
    with time_machine.travel(time.time(), tick=False) as traveller:
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        for failures in range(1, 5):
            assert "That code is not right" in enter_code(client, wrong).content.decode()
            traveller.shift(timedelta(seconds=2 ** (failures - 1) + 0.5))  # each wait served
        enter_code(client, wrong)  # the fifth: the next try waits 16 seconds
        assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 5
        response = enter_code(client, totp_code(device))  # the right code, too soon
        assert response.status_code == 200
        assert "Too many wrong codes. Wait 16 seconds" in response.content.decode()
        assert goes_to_verify(client.get("/"))
        traveller.shift(timedelta(seconds=17))
        assert enter_code(client, totp_code(device)).status_code == 302


def test_a_backup_code_works_once(hub_staff):
    staff_totp_device(hub_staff)
    code = mfa_backup_codes_issue(user=hub_staff)[0]
    client = signed_in(hub_staff)
    assert enter_code(client, code.upper()).status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=hub_staff).count() == BACKUP_CODE_COUNT - 1

    other = signed_in(hub_staff)
    again = enter_code(other, code)
    assert again.status_code == 200
    assert "That code is not right" in again.content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/admin/", "http://testserver.evil/"]
)
def test_it_refuses_to_send_people_off_site(hub_staff, next_url):
    device = staff_totp_device(hub_staff)
    response = enter_code(signed_in(hub_staff), totp_code(device), next_url)
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_verified_session_skips_the_page(client, hub_staff):
    client.force_login(hub_staff)
    response = client.get(VERIFY, {"next": "/cohorts/"})
    assert response.status_code == 302 and response["Location"] == "/cohorts/"


def test_a_form_error_names_the_field(hub_staff):
    staff_totp_device(hub_staff)
    response = enter_code(signed_in(hub_staff), "12")
    assert response.context["form"].errors == {"token": ["An app code has 6 digits."]}


# Setting up an authenticator -----------------------------------------------------------------


def key_on_page(response) -> str:
    match = re.search(r'data-testid="mfa-key">([A-Z2-7 ]+)<', response.content.decode())
    return match.group(1).replace(" ", "")


def code_for_key(key: str) -> str:
    from base64 import b32decode

    from django_otp.oath import TOTP

    return f"{TOTP(b32decode(key)).token():06d}"


def test_setting_up_an_authenticator_app(hub_staff):
    client = signed_in(hub_staff)
    first = client.get("/cohorts/", follow=True)
    assert first.redirect_chain[-1][0] == reverse("mfa:setup") + "?next=%2Fcohorts%2F"
    page = first.content.decode()
    assert "<svg" in page and "QR code" in page
    assert not re.search(r'(src|href)="https?://', page)  # the QR code is drawn here
    key = key_on_page(first)
    assert client.get(reverse("mfa:setup")).content.decode().count(first.context["key"]) == 1

    wrong = client.post(reverse("mfa:setup"), {"token": "000000", "next": "/cohorts/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=hub_staff, confirmed=True).exists()

    with time_machine.travel(time.time() + 5, tick=False):
        done = client.post(reverse("mfa:setup"), {"token": code_for_key(key), "next": "/cohorts/"})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=hub_staff).confirmed
    codes_page = client.get(done["Location"])
    codes = codes_page.context["codes"]
    assert len(codes) == BACKUP_CODE_COUNT == len(set(codes))
    assert all(code in codes_page.content.decode() for code in codes)
    assert codes_page.context["next"] == "/cohorts/"
    shown_again = client.get(reverse("mfa:backup-codes"))
    assert shown_again.context["codes"] is None  # shown once
    assert shown_again.context["remaining"] == BACKUP_CODE_COUNT
    assert client.get("/cohorts/").status_code == 200


def test_a_password_alone_never_adds_an_authenticator(hub_staff):
    staff_totp_device(hub_staff)
    client = signed_in(hub_staff)
    response = client.get(reverse("mfa:setup"))
    assert goes_to_verify(response)
    assert client.post(reverse("mfa:setup"), {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=hub_staff).count() == 1


def test_a_verified_person_replaces_their_app_and_backup_codes(client, hub_staff):
    client.force_login(hub_staff)
    old = TOTPDevice.objects.get(user=hub_staff)
    old_codes = mfa_backup_codes_issue(user=hub_staff)
    key = key_on_page(client.get(reverse("mfa:setup")))
    with time_machine.travel(time.time() + 5, tick=False):
        assert client.post(reverse("mfa:setup"), {"token": code_for_key(key)}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert client.get("/").status_code == 200

    assert client.post(reverse("mfa:backup-codes")).status_code == 302
    fresh = client.get(reverse("mfa:backup-codes")).context["codes"]
    assert len(fresh) == BACKUP_CODE_COUNT
    assert StaticDevice.objects.filter(user=hub_staff).count() == 1


# Resetting someone's two-factor sign-in in the admin -----------------------------------------


def test_the_national_coordinator_resets_a_lost_authenticator(client, coordinator, hub_staff):
    device = staff_totp_device(hub_staff)
    staff = Client()
    staff.force_login(hub_staff)
    client.force_login(coordinator)
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    # The staff member's session is no longer verified: they set up a new app.
    assert goes_to_verify(staff.get("/"))
    assert staff.get(VERIFY)["Location"].startswith(reverse("mfa:setup"))


def test_hub_staff_reset_nobody(client, hub_staff, other_hub_staff):
    device = staff_totp_device(other_hub_staff)
    client.force_login(hub_staff)
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_national_coordinator_cannot_touch_a_system_administrators_device(
    client, coordinator, superuser
):
    device = staff_totp_device(superuser)
    client.force_login(coordinator)
    response = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert response.status_code == 302  # "does not exist" (not visible to them)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert device.pk not in {d.pk for d in listing.context["cl"].queryset}


def test_the_admin_never_shows_a_devices_key(client, coordinator, hub_staff):
    device = staff_totp_device(hub_staff)
    client.force_login(coordinator)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()


# Logout and deactivation end sessions on the server ------------------------------------------


def test_logout_deletes_the_session_on_the_server(client, hub_staff):
    client.force_login(hub_staff)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/")["Location"].startswith(reverse(settings.LOGIN_URL))


def test_deactivating_a_user_signs_their_session_out(client, hub_staff):
    client.force_login(hub_staff)
    assert client.get("/").status_code == 200
    hub_staff.is_active = False
    hub_staff.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


# Settings ------------------------------------------------------------------------------------


def test_production_refuses_to_switch_two_factor_off():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="peernetworks.settings.production",
        DJANGO_SECRET_KEY="z" * 60,
        DJANGO_ALLOWED_HOSTS="pn.example.org",
        DJANGO_STAFF_MFA="false",
    )
    assert result.returncode != 0
    assert "DJANGO_STAFF_MFA" in result.stderr


def test_local_development_leaves_it_off_unless_asked():
    code = "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)"
    local = {"DJANGO_SETTINGS_MODULE": "peernetworks.settings.local"}
    assert manage("shell", "-c", code, **local).stdout.split()[-1] == "False"
    asked = manage("shell", "-c", code, DJANGO_STAFF_MFA="true", **local)
    assert asked.stdout.split()[-1] == "True"
