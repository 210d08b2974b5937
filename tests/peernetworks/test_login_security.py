"""Lockout by username and IP with tiers, session idle and absolute limits."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from peernetworks.middleware import LAST_SEEN, STARTED
from peernetworks.security import client_ip, cooloff_for
from tests.peernetworks.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def session_limits(settings):
    """The production limits (test settings relax them for time-travelling tests)."""
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60


PASSWORD = "correct-horse-battery"


def attempt(client, username, password, ip="10.0.0.5"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_it_locks_a_username_at_an_ip_after_five_failures(client, hub):
    UserFactory(username="sam", hub=hub)
    for _ in range(4):
        assert attempt(client, "sam", "wrong-password").status_code == 200
    assert attempt(client, "sam", "wrong-password").status_code == 429  # the fifth locks
    response = attempt(client, "sam", PASSWORD)
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()


def test_it_does_not_lock_out_colleagues_on_a_shared_office_ip(client, hub):
    UserFactory(username="sam", hub=hub)
    UserFactory(username="kit", hub=hub)
    for _ in range(6):
        attempt(client, "sam", "wrong-password", ip="10.0.0.5")
    assert attempt(client, "kit", PASSWORD, ip="10.0.0.5").status_code == 302


def test_it_does_not_lock_the_same_user_at_another_ip(client, hub):
    UserFactory(username="sam", hub=hub)
    for _ in range(6):
        attempt(client, "sam", "wrong-password", ip="10.0.0.5")
    assert attempt(client, "sam", PASSWORD, ip="10.0.0.9").status_code == 302


def test_it_escalates_the_cooloff_with_repeated_failures():
    assert cooloff_for(5) == timedelta(minutes=15)
    assert cooloff_for(9) == timedelta(minutes=15)
    assert cooloff_for(10) == timedelta(hours=1)
    assert cooloff_for(20) == timedelta(hours=24)


def fail_logins(client, times: int, *, remote: str, forwarded: str | None) -> None:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    for _ in range(times):
        client.post(
            reverse("login"),
            {"username": "sam", "password": "wrong-password"},
            REMOTE_ADDR=remote,
            **headers,
        )


def sign_in(client, *, remote: str, forwarded: str | None) -> int:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(
        reverse("login"), {"username": "sam", "password": PASSWORD}, REMOTE_ADDR=remote, **headers
    ).status_code


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_that_sets_the_header_to_the_client_address(client, hub):
    """The proxy replaces X-Forwarded-For with the one address it received from."""
    UserFactory(username="sam", hub=hub)
    fail_logins(client, 6, remote="192.0.2.1", forwarded="203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Locked for the attacker's address only: the real user elsewhere still signs in.
    assert sign_in(client, remote="192.0.2.1", forwarded="203.0.113.7") == 429
    assert sign_in(client, remote="192.0.2.1", forwarded="203.0.113.8") == 302


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_that_appends_the_attacker_cannot_choose_an_address(client, hub):
    """The proxy appends the address it received from to whatever the client sent: the
    client's own entries (left) are ignored, so inventing a new one each time dodges
    nothing."""
    UserFactory(username="sam", hub=hub)
    for n in range(5):
        fail_logins(client, 1, remote="192.0.2.1", forwarded=f"10.9.9.{n}, 203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert sign_in(client, remote="192.0.2.1", forwarded="10.1.1.1, 203.0.113.7") == 429
    assert sign_in(client, remote="192.0.2.1", forwarded="203.0.113.9") == 302


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_a_missing_or_garbled_header_falls_back_to_the_proxy_address(client, hub):
    UserFactory(username="sam", hub=hub)
    fail_logins(client, 3, remote="192.0.2.1", forwarded=None)
    fail_logins(client, 2, remote="192.0.2.1", forwarded="not-an-address")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.1"}
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert sign_in(client, remote="192.0.2.1", forwarded=None) == 429


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.4", "203.0.113.7", "198.51.100.4"),  # no proxy: the header is ignored
        (1, "192.0.2.1", "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.1", " 203.0.113.7 ", "203.0.113.7"),
        (2, "192.0.2.1", "1.2.3.4, 203.0.113.7, 192.0.2.50", "203.0.113.7"),
        (2, "192.0.2.1", "203.0.113.7", "192.0.2.1"),  # too short: the proxy's address
        (1, "192.0.2.1", "", "192.0.2.1"),
        (1, "192.0.2.1", "2001:db8::1", "2001:db8::1"),
        (1, "192.0.2.1", "<script>", "192.0.2.1"),
    ],
)
def test_client_ip(settings, rf, proxies, remote, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_it_refuses_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short-pass1")  # 11 characters
    with pytest.raises(ValidationError):
        validate_password("password1234")  # on the common-password list
    validate_password("a-long-unusual-passphrase")


def test_it_ends_a_staff_session_after_twelve_hours(staff_client):
    assert staff_client.get(reverse("home")).status_code == 200
    session = staff_client.session
    session[STARTED] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = staff_client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert staff_client.get(reverse("home")).status_code == 302  # signed out on the server


def test_it_ends_a_session_idle_for_thirty_minutes(staff_client):
    assert staff_client.get(reverse("home")).status_code == 200
    session = staff_client.session
    session[LAST_SEEN] = time.time() - 30 * 60 - 1
    session.save()
    assert staff_client.get(reverse("home")).status_code == 302


def test_it_keeps_an_active_session_without_writing_it_on_every_page(
    staff_client, django_assert_max_num_queries
):
    staff_client.get(reverse("home"))
    session = staff_client.session
    session[LAST_SEEN] = time.time() - 29 * 60  # active 29 minutes ago: refreshed, not ended
    session.save()
    assert staff_client.get(reverse("home")).status_code == 200
    assert time.time() - staff_client.session[LAST_SEEN] < 5


def test_deactivating_a_user_ends_their_access(staff_client, hub_staff):
    assert staff_client.get(reverse("home")).status_code == 200
    hub_staff.is_active = False
    hub_staff.save()
    assert staff_client.get(reverse("home")).status_code == 302


def test_it_ignores_a_forwarded_for_header_without_a_configured_proxy(client, hub):
    UserFactory(username="sam", hub=hub)
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "sam", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",  # spoofed: must not dodge the lockout
        )
    assert attempt(client, "sam", PASSWORD, ip="10.0.0.5").status_code == 429
