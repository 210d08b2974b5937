"""A business leader registers on a phone; hub staff then find them and their eligibility."""

import re

import pytest

from participants.models import EligibilityOutcome, Participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    ERROR_SUMMARY_CONTRAST,
    NAVBAR_CONTRAST,
    PRIVACY_LINK_CONTRAST,
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

PASSWORD = "correct-horse-battery"


@pytest.fixture
def hub():
    programme_year_around_today()  # registration is open only inside a year's window (PY-3)
    return GrowthHubFactory(
        slug="gm",
        name="Greater Manchester Growth Hub",
        local_authorities="Bolton\nManchester\nSalford",
        privacy_notice_version="2021-03",
    )


@pytest.fixture
def staff(hub):
    return UserFactory(username="gm-staff", first_name="Gita", last_name="Manager", hub=hub)


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_the_registration(page) -> None:
    """Every answer except the turnover, with a SIC code one digit short."""

    def label(text):
        return field(page, text)

    label("Business name").fill("Northern Widgets Ltd")
    label("Companies House number (if any)").fill("01234567")
    label("Trading address").fill("1 Mill Lane, Manchester")
    label("Postcode").fill("M1 2AB")
    label("Local authority of the trading address").select_option("Manchester")
    label("SIC code (5 digits)").fill("2562")
    label("Legal form").select_option("ltd")
    label("Date the business started trading").fill("2012-05-01")
    label("Full-time employees").fill("9")
    label("Part-time permanent employees").fill("2")
    page.locator("input[name=pays_staff_via_paye][value=yes]").check()
    label("Balance-sheet total (£)").fill("300000")
    label("First name").fill("Priya")
    label("Last name").fill("Shah")
    label("Email address").fill("priya@northernwidgets.example")
    label("Job title").fill("Managing Director")
    page.locator("input[name=is_senior_decision_maker][value=yes]").check()
    page.locator("input[name=aspiration_to_improve][value=yes]").check()
    label("Did you or your business take part in Peer Networks last year?").select_option("none")
    page.locator("input[name=business_already_has_participant][value=no]").check()
    label("How did you hear about Peer Networks?").select_option("accountant")
    page.get_by_label(re.compile("shared with the independent evaluator")).check()
    label("I sign the Participant Charter above.").check()


def test_it_registers_a_business_leader_and_shows_staff_the_outcome(
    live_server, hub, staff, phone_page, desktop_page, screenshot, mailoutbox
):
    page = phone_page

    # Step 1: the hub's privacy notice, before anything personal is asked (ONB-1).
    page.goto(f"{live_server.url}/register/{hub.slug}/")
    assert "Greater Manchester Growth Hub" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="https://gm.example/privacy").is_visible()
    assert page.locator("input[name=email]").count() == 0
    assert_accessible(page, excuse=PRIVACY_LINK_CONTRAST)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/register/{hub.slug}/details/")

    # Step 2, first attempt: no turnover and a four-digit SIC code.
    fill_the_registration(page)
    page.get_by_role("button", name="Register").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "SIC code" in text
    assert "Annual turnover" in text
    assert summary.get_by_role("link").count() == 2
    assert fits_the_screen(page)
    screenshot(page, "registration-form.png")
    assert_accessible(page, excuse=ERROR_SUMMARY_CONTRAST)
    assert Participant.objects.count() == 0

    # Corrected and sent again: the other answers were kept.
    assert field(page, "Business name").input_value() == "Northern Widgets Ltd"
    assert field(page, "I sign the Participant Charter above.").is_checked()
    field(page, "SIC code (5 digits)").fill("25620")
    field(page, "Annual turnover (£)").fill("850000")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**/register/{hub.slug}/done/")
    assert "Thank you, Priya" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("appears to meet the programme's criteria").is_visible()
    assert fits_the_screen(page)
    screenshot(page, "registration-done.png")
    assert_accessible(page)

    participant = Participant.objects.select_related("business").get()
    assert participant.business.sic_code == "25620"
    assert participant.business.turnover_gbp == 850_000
    assert participant.privacy_notice_version == "2021-03"
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert len(mailoutbox) == 1
    assert staff.email in mailoutbox[0].to

    # Hub staff sign in on a desktop, find the new participant and read the decision.
    page = desktop_page
    login(page, live_server, staff, PASSWORD)  # the password, then the authenticator's code
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    page.wait_for_url("**/participants/")
    row = page.get_by_role("row").filter(has_text="Priya Shah")
    assert "Northern Widgets Ltd" in row.inner_text()
    assert "Eligible" in row.inner_text()
    row.get_by_role("link", name="Priya Shah").click()
    page.wait_for_url(f"**/participants/{participant.pk}/")
    outcome = page.locator("#eligibility-outcome")
    assert outcome.inner_text().strip() == "Eligible"
    assert page.get_by_text("Ready for a cohort.").is_visible()
    assert page.get_by_text("Meets every criterion.").is_visible()
    screenshot(page, "staff-participant.png")
    assert_accessible(page, excuse=NAVBAR_CONTRAST)
