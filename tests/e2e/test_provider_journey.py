"""A one-to-one provider on a phone logs support past the 3.5-hour minimum and sees their
participant reach it; support dated before the first group session is refused (
OTO-1, OTO-2)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cohorts.services import cohort_allocate
from one_to_one.models import OneToOneSession
from one_to_one.rules import london_date
from one_to_one.services import provider_assign
from sessions.models import SessionStatus
from tests.cohorts.factories import CohortFactory, ready_participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_accessible,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import GrowthHubFactory, ProviderFactory
from tests.sessions.factories import SessionFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year():
    return programme_year_around_today()


@pytest.fixture
def hub(year):
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def provider(hub):
    return ProviderFactory(username="pat", first_name="Pat", last_name="Adviser", hub=hub)


@pytest.fixture
def members(hub, year, provider):
    """Priya, assigned to Pat, and Tom, assigned to another provider, in a cohort whose first
    two fortnightly sessions (three weeks and one week ago) were delivered."""
    cohort = CohortFactory(hub=hub, programme_year=year, name="Manchester Makers")
    people = [
        ready_participant(
            hub,
            programme_year=year,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.org",
            registered_on=year.start,
        )
        for first, last in (("Priya", "Shah"), ("Tom", "Okafor"))
    ]
    for participant in people:
        cohort_allocate(cohort=cohort, participant=participant)
    first = timezone.now() - timedelta(days=21)
    for number, hours in enumerate((3, 2, 2, 2, 2, 2, 2, 3), start=1):
        SessionFactory(
            cohort=cohort,
            number=number,
            starts_at=first + timedelta(days=14 * (number - 1)),
            duration_hours=Decimal(hours),
            status=SessionStatus.DELIVERED if number <= 2 else SessionStatus.PLANNED,
        )
    priya, tom = people
    provider_assign(participant=priya, provider=provider)
    provider_assign(participant=tom, provider=ProviderFactory(username="kim", hub=hub))
    return priya, tom, london_date(first)


def alert_texts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def progress_text(page) -> str:
    return page.get_by_role("region", name="Progress").inner_text()


def log_form(page):
    return page.get_by_role("region", name="Log a session")


def log(page, day, hours: str) -> None:
    form = log_form(page)
    field(form, "Date").fill(day.isoformat())
    field(form, "Hours").fill(hours)
    form.get_by_role("button", name="Log session").click()


def test_it_logs_one_to_one_hours_past_the_minimum_on_a_phone(
    live_server, provider, members, phone_page, screenshot
):
    priya, tom, first_day = members
    page = phone_page

    # Sign in: the provider lands on their participants.
    login(page, live_server, provider)
    page.wait_for_url(f"{live_server.url}/one-to-one/provider/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your participants"
    cards = page.locator("#participants > li")
    assert cards.count() == 1
    assert "0 h of 3.5 h · 3.5 h to go" in cards.first.inner_text()
    assert "Tom Okafor" not in page.content()
    assert fits_the_screen(page)
    assert_accessible(page)

    page.get_by_role("link", name="Priya Shah").click()
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Priya Shah"
    assert f"{first_day:%-d %b %Y} (support starts from then)" in progress_text(page)
    assert field(log_form(page), "Within the programme (a provider)").is_checked()
    assert field(log_form(page), "Mode").input_value() == "video"

    # Support dated the day before the first group session is refused, beside the date.
    before = first_day - timedelta(days=1)
    log(page, before, "1")
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/log/")
    assert "Not logged: see the form below." in alert_texts(page)
    refusal = (
        f"{before:%d/%m/%Y} is before the cohort's first group session on "
        f"{first_day:%d/%m/%Y}: one-to-one support starts after it."
    )
    assert page.get_by_text(refusal).is_visible()
    assert "is-invalid" in field(log_form(page), "Date").get_attribute("class")
    assert field(log_form(page), "Hours").input_value() == "1"  # what was typed is kept
    assert OneToOneSession.objects.count() == 0
    assert fits_the_screen(page)
    assert_accessible(page)

    # Two sessions after it: 2 h, then 1.75 h, past the 3.5-hour minimum (OTO-1).
    log(page, first_day + timedelta(days=1), "2")
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/")
    day = first_day + timedelta(days=1)
    assert f"Logged 2 h on {day:%d/%m/%Y}" in alert_texts(page)
    assert "2 h of 3.5 h · 1.5 h to go" in progress_text(page)

    today = timezone.localdate()
    log(page, today, "1.75")
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/")
    assert f"Logged 1.75 h on {today:%d/%m/%Y}" in alert_texts(page)
    assert "3.75 h of 3.5 h · minimum met" in progress_text(page)
    bar = page.get_by_role("region", name="Progress").get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert page.locator("#sessions > li").count() == 2
    assert fits_the_screen(page)
    assert_accessible(page)
    screenshot(
        page,
        "provider-progress.png",
        down_to=page.get_by_role("region", name="Sessions logged"),
    )

    logged = OneToOneSession.objects.filter(participant=priya).order_by("date")
    assert [(s.hours, s.provider, s.mode) for s in logged] == [
        (Decimal("2.00"), provider, "video"),
        (Decimal("1.75"), provider, "video"),
    ]

    # Their list shows the minimum met; someone else's participant answers 404.
    page.get_by_role("navigation", name="breadcrumb").get_by_role(
        "link", name="Your participants"
    ).click()
    page.wait_for_url(f"{live_server.url}/one-to-one/provider/")
    assert "3.75 h of 3.5 h · minimum met" in cards.first.inner_text()
    response = page.goto(f"{live_server.url}/one-to-one/provider/participants/{tom.pk}/")
    assert response.status == 404
    assert "Tom Okafor" not in page.content()
