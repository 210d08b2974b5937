"""Hub staff build and schedule a cohort in a real browser ("How it is checked"): 11
participants and the 12th refused, a 17-hour list flagged, a fortnightly 18-hour series saved
and confirmed, an observation booked with 24 hours' notice and a 23-hour one refused, then the
joining-instructions job sends every member their instructions 48-72 hours ahead."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cohorts.models import Cohort
from sessions.models import Observation, SessionStatus
from sessions.services import joining_instructions_send_due
from tests.cohorts.factories import ready_participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    NAVBAR_CONTRAST,
    assert_accessible,
    login,
)
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    ProgrammeYearFactory,
    UserFactory,
)

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def year():
    """A programme year around today, so the real clock is inside it (SES-4) and sessions a week
    ahead can be observed with notice (SES-11)."""
    start = timezone.localdate() - timedelta(days=60)
    return ProgrammeYearFactory(
        name=f"{start.year}/{(start.year + 1) % 100:02d}",
        start=start,
        end=start + timedelta(days=360),
    )


@pytest.fixture
def hub(year):
    return GrowthHubFactory(
        slug="gm",
        name="Greater Manchester Growth Hub",
        tech_support_contact="IT help desk, 0161 555 0100",
    )


@pytest.fixture
def staff(hub):
    return UserFactory(username="gm-staff", first_name="Gita", last_name="Manager", hub=hub)


@pytest.fixture
def facilitator(hub):
    return FacilitatorFactory(
        username="fran", first_name="Fran", last_name="Lead", hub=hub, email="fran@gm.example"
    )


@pytest.fixture
def waiting(hub, year):
    """Twelve ready participants (COH-2), two of them declared competitors (COH-4)."""
    people = [
        ready_participant(
            hub,
            programme_year=year,
            first_name="Member",
            last_name=f"{chr(ord('A') + i)}-{i + 1:02d}",
            email=f"member{i + 1}@example.org",
            registered_on=timezone.localdate(),
        )
        for i in range(12)
    ]
    people[0].business.name = "Acme Widgets Ltd"
    people[0].business.save()
    people[1].business.declared_competitors = "acme widgets"
    people[1].business.save()
    return people


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def schedule_rows(page):
    return page.locator("section[aria-labelledby=schedule-heading] tbody tr")


def checkbox(page, participant):
    return page.locator(f"input[name=participants][value='{participant.pk}']")


def alert_texts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def test_it_builds_schedules_and_observes_a_cohort(
    live_server, hub, staff, facilitator, waiting, desktop_page, screenshot, mailoutbox
):
    page = desktop_page

    # Sign in.
    login(page, live_server, staff, PASSWORD)  # the password, then the authenticator's code
    page.wait_for_url(f"{live_server.url}/")

    # Create the cohort.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    page.wait_for_url("**/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    page.wait_for_url("**/cohorts/new/")
    field(page, "Name").fill("Manchester Makers")
    field(page, "Lead facilitator").select_option(str(facilitator.pk))
    field(page, "Platform").select_option("zoom")
    field(page, "Joining link").fill("https://zoom.example/j/98765")
    field(page, "Backup plan").fill("We will phone you and continue by conference call.")
    button(page, "Save").click()
    cohort = Cohort.objects.get(name="Manchester Makers")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "Manchester Makers created" in alert_texts(page)
    assert page.locator("#cohort-status").inner_text() == "Forming"
    assert page.get_by_text("Add ready participants (11 seats left)").is_visible()

    # The builder: preview the advice for the first eleven, then add them.
    first_eleven, twelfth = waiting[:11], waiting[11]
    for participant in first_eleven:
        checkbox(page, participant).check()
    button(page, "Preview advice").click()
    advice = page.locator("#composition-advice")
    advice.wait_for()
    assert "Declared competitors together: Acme Widgets Ltd and" in advice.inner_text()
    assert "with 11 selected" in page.locator("#advice-heading").inner_text()
    assert cohort.memberships.count() == 0
    assert all(checkbox(page, p).is_checked() for p in first_eleven)
    button(page, "Add to cohort").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "11 participant(s) added to Manchester Makers." in alert_texts(page)
    assert page.get_by_role("heading", name="Members (11 of 11)").is_visible()
    assert cohort.memberships.filter(left_at__isnull=True).count() == 11

    # The twelfth is refused (COH-1).
    checkbox(page, twelfth).check()
    button(page, "Add to cohort").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    refusal = alert_texts(page)
    assert "Manchester Makers is full" in refusal and "at most 11 participants" in refusal
    assert not twelfth.memberships.exists()
    screenshot(page, "cohort-builder.png")
    assert_accessible(page, excuse=NAVBAR_CONTRAST)

    # The schedule generator: a 17-hour list is flagged, the 3/2/3 pattern makes 18 hours.
    first_day = timezone.localdate() + timedelta(days=7)
    page.get_by_role("link", name="Generate the series").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/schedule/")
    assert field(page, "Interval").input_value() == "fortnightly"
    field(page, "Date of the first session").fill(first_day.isoformat())
    field(page, "Start time").fill("09:30")
    field(page, "Or list every session's length").fill("3, 2, 2, 2, 2, 2, 2, 2")
    button(page, "Preview").click()
    total = page.locator("#preview-total")
    total.wait_for()
    assert re.search(r"17 of 18 hours planned: 1 hours? short", total.inner_text())
    field(page, "Or list every session's length").fill("")
    button(page, "Preview").click()
    page.wait_for_function(
        "document.querySelector('#preview-total').innerText.includes('18 of 18')"
    )
    assert "Complete: 18 of 18 hours planned." in total.inner_text()
    rows = page.locator("table tbody tr")
    assert rows.count() == 8
    assert f"{first_day.day} " in rows.first.inner_text() and "09:30" in rows.first.inner_text()
    screenshot(page, "cohort-schedule.png")
    assert_accessible(page, excuse=NAVBAR_CONTRAST)
    button(page, "Save this schedule").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "8 sessions saved. 18 of 18 hours planned." in alert_texts(page)
    assert "Complete: 18 of 18 hours planned." in page.locator("#schedule-total").inner_text()
    sessions = list(cohort.sessions.order_by("starts_at"))
    assert [s.duration_hours for s in sessions] == [3, 2, 2, 2, 2, 2, 2, 3]
    assert sessions[0].starts_at.astimezone(LONDON) == datetime.combine(
        first_day, time(9, 30), tzinfo=LONDON
    )

    # Mark it scheduled (SES-1).
    button(page, "Mark as scheduled").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "Manchester Makers is scheduled." in alert_texts(page)
    assert page.locator("#cohort-status").inner_text() == "Scheduled"

    # Book an observation of session 3 with more than 24 hours' notice (SES-11).
    field(page, "Session").select_option(str(sessions[2].pk))
    field(page, "Method").select_option("live")
    button(page, "Book").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "Observation booked for session 3" in alert_texts(page)
    observation = Observation.objects.get()
    assert observation.session == sessions[2]
    assert observation.observer == staff

    # A session only 23 hours away cannot be observed: the facilitator needs 24 hours' notice.
    soon = (timezone.now() + timedelta(hours=23)).astimezone(LONDON)
    page.get_by_role("link", name="Add a session").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/sessions/new/")
    field(page, "Date").fill(soon.date().isoformat())
    field(page, "Start time").fill(soon.strftime("%H:%M"))
    field(page, "Length (hours)").fill("2")
    button(page, "Save").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "20 hours planned: 2 hours more than the 18 required." in alert_texts(page)
    extra = cohort.sessions.get(number=1)
    field(page, "Session").select_option(str(extra.pk))
    button(page, "Book").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "at least 24 hours' notice of an observation" in alert_texts(page)
    assert Observation.objects.count() == 1
    assert page.locator("#cohort-status").inner_text() == "Forming"  # 20 h: unconfirmed

    # Cancel the extra session: back to 18 hours, confirm again.
    assert schedule_rows(page).first.locator("td").first.inner_text() == "1"
    button(schedule_rows(page).first, "Cancel").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "18 of 18 hours planned." in alert_texts(page)
    extra.refresh_from_db()
    assert extra.status == SessionStatus.CANCELLED
    button(page, "Mark as scheduled").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert page.locator("#cohort-status").inner_text() == "Scheduled"

    # The facilitator was told of the observation.
    told = [m for m in mailoutbox if m.to == ["fran@gm.example"]]
    assert len(told) == 1 and "Quality observation: Manchester Makers" in told[0].subject

    # The beat job, 60 hours before the first session: every member gets instructions once.
    first = sessions[0]
    first.refresh_from_db()
    run = joining_instructions_send_due(now=first.starts_at - timedelta(hours=60))
    assert run.sent == [first.pk] and run.emails == 11
    instructions = [m for m in mailoutbox if m.subject.startswith("Joining instructions")]
    assert sorted(m.to[0] for m in instructions) == sorted(p.email for p in first_eleven)
    body = instructions[0].body
    assert "Joining link: https://zoom.example/j/98765" in body
    assert "Technology support: IT help desk, 0161 555 0100" in body
    assert "If the technology fails: We will phone you" in body
    assert "Add every session to your calendar:" in body
    assert joining_instructions_send_due(now=first.starts_at - timedelta(hours=59)).emails == 0

    # The calendar link in the instructions downloads the series.
    link = re.search(r"calendar: \S+(/my/calendar/\S+\.ics)", body).group(1)
    calendar = page.request.get(f"{live_server.url}{link}")
    assert calendar.ok
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert calendar.text().count("BEGIN:VEVENT") == 9  # 8 planned and the cancelled one
    assert calendar.text().count("STATUS:CANCELLED") == 1

    # The page shows the instructions as sent.
    page.reload()
    assert schedule_rows(page).filter(has_text="Sent").count() == 1
