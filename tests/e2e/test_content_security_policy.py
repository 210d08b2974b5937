"""The Content-Security-Policy holds on the pages that draw charts, forms, the admin and the
two-factor set-up: the browser reports no violation, and the charts are drawn (their scripts
are files, not inline)."""

import pytest
from django.core.management import call_command

from peernetworks.models import User
from tests.e2e.conftest import BROWSER_REQUIRED, CHROMIUM, login

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/reporting/dashboard/",
    "/feedback/",
    "/participants/",
    "/cohorts/",
    "/admin/",
    "/admin/participants/participant/",
    "/accounts/two-factor/setup/",
    "/register/greater-manchester/",
]


def test_no_page_breaks_the_content_security_policy(live_server, desktop_page):
    call_command("seed_demo", "--scale", "small", verbosity=0)
    staff = User.objects.get(username="gm-staff")
    staff.set_password("correct-horse-battery")
    staff.save()
    page = desktop_page
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    login(page, live_server, staff)
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status < 400, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert violations == []
    # The dashboard's charts were drawn by its script file.
    page.goto(f"{live_server.url}/reporting/dashboard/")
    page.wait_for_function("() => typeof Chart !== 'undefined' && Chart.instances")
    assert page.evaluate("() => Object.keys(Chart.instances).length") > 0
