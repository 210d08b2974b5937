"""A new member of hub staff sets up two-factor sign-in in the browser: the
password, the QR code and its key, the first code, the backup codes, then the staff home; the
next sign-in asks for a code."""

from base64 import b32decode

import pytest

from tests.e2e.conftest import BROWSER_REQUIRED, CHROMIUM, assert_accessible, login
from tests.peernetworks.factories import GrowthHubFactory, ProgrammeYearFactory, UserFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def code_from_key(key: str) -> str:
    """What an authenticator app shows for the key typed into it."""
    from django_otp.oath import TOTP

    return f"{TOTP(b32decode(key)).token():06d}"


def test_a_new_staff_member_sets_up_two_factor_sign_in(live_server, desktop_page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    ProgrammeYearFactory()
    staff = UserFactory(username="gm-new-staff", hub=GrowthHubFactory(slug="gm"))
    page = desktop_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/setup/**")
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    assert_accessible(page, within="main")  # the navigation has its own test

    key = page.get_by_test_id("mfa-key").inner_text().replace(" ", "")
    page.get_by_label("The 6-digit code your app shows").fill(code_from_key(key))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/accounts/two-factor/backup-codes/**")
    codes = page.get_by_test_id("backup-codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, within="main")  # the navigation has its own test
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").count()
    assert TOTPDevice.objects.get(user=staff).confirmed

    # Signing out and in again asks for a code; the helper types the app's current one.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    login(page, live_server, staff)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Programme administration").is_visible()
