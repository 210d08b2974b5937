"""Accessibility regressions once found in the templates (axe-core "serious"):
navigation and link contrast, the error summary's links and their targets. Each must stay
fixed."""

import pytest

from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_accessible,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import GrowthHubFactory, UserFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hub():
    programme_year_around_today()  # registration is open only inside a year's window (PY-3)
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


def test_it_shows_the_main_navigation_in_readable_contrast(live_server, hub, desktop_page):
    page = desktop_page
    login(page, live_server, UserFactory(username="gm-staff", hub=hub))
    page.wait_for_url(f"{live_server.url}/")
    assert_accessible(page, within="nav[aria-label=Main]")


def test_it_shows_the_privacy_notice_link_in_readable_contrast(live_server, hub, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/register/{hub.slug}/")
    assert_accessible(page, within=".bg-body-tertiary")


def test_it_shows_the_error_summary_links_in_readable_contrast(live_server, hub, phone_page):
    register_nothing(phone_page, live_server, hub)
    assert_accessible(phone_page, within="#error-summary")


def test_it_links_every_error_in_the_summary_to_its_field(live_server, hub, phone_page):
    page = phone_page
    register_nothing(page, live_server, hub)
    links = page.locator("#error-summary a")
    assert links.count() > 10
    targets = {link.inner_text(): link.get_attribute("href") for link in links.all()}
    nowhere = [
        name for name, href in targets.items() if href == "#" or not page.locator(href).count()
    ]
    assert not nowhere, f"error links that lead nowhere: {nowhere}"


def register_nothing(page, live_server, hub) -> None:
    """Step 1 of the registration, then step 2 sent empty: every question in the summary."""
    page.goto(f"{live_server.url}/register/{hub.slug}/")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/register/{hub.slug}/details/")
    page.get_by_role("button", name="Register").click()
    page.locator("#error-summary").wait_for()
