"""The hub staff journey end to end in a real browser.

A charity's leader registers through the public form and needs the hub's decision (ELIG-12);
hub staff sign in, read the eligibility decision and its reasons, approve with a reason, build a
cohort of 11 with ten other ready participants, generate and confirm an 18-hour fortnightly
schedule, book an observation, then compile and submit the month's KPI return and download it
as CSV and XLSX."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from cohorts.models import Cohort
from participants.models import DiscretionChoice, EligibilityOutcome, Participant
from reporting.models import KpiReturn, ReturnStatus
from sessions.models import Observation
from tests.cohorts.factories import ready_participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_accessible,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    HubYearFactory,
    UserFactory,
)

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
    hub = GrowthHubFactory(
        slug="gm",
        name="Greater Manchester Growth Hub",
        local_authorities="Bolton\nManchester\nSalford",
        privacy_notice_version="2021-03",
    )
    # A hub's recruitment target belongs to a programme year (PY-1): 160 for this one.
    HubYearFactory(hub=hub, programme_year=year, target_participants=160)
    return hub


@pytest.fixture
def staff(hub):
    return UserFactory(username="gm-staff", first_name="Gita", last_name="Manager", hub=hub)


@pytest.fixture
def facilitator(hub):
    return FacilitatorFactory(
        username="fran", first_name="Fran", last_name="Lead", hub=hub, email="fran@gm.example"
    )


@pytest.fixture
def ten_ready(hub, year):
    """Ten participants already ready for a cohort (COH-2)."""
    return [
        ready_participant(
            hub,
            programme_year=year,
            first_name="Member",
            last_name=f"{chr(ord('A') + i)}-{i + 1:02d}",
            email=f"member{i + 1}@example.org",
            registered_on=timezone.localdate(),
        )
        for i in range(10)
    ]


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def alert_texts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def register_a_charity(page, live_server, hub) -> None:
    page.goto(f"{live_server.url}/register/{hub.slug}/")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/register/{hub.slug}/details/")
    field(page, "Business name").fill("Salford Community Kitchen")
    field(page, "Trading address").fill("5 Chapel Street, Salford")
    field(page, "Postcode").fill("M3 5JZ")
    field(page, "Local authority of the trading address").select_option("Salford")
    field(page, "SIC code (5 digits)").fill("56101")
    field(page, "Legal form").select_option("charity")
    field(page, "Date the business started trading").fill("2012-05-01")
    field(page, "Full-time employees").fill("9")
    field(page, "Part-time permanent employees").fill("2")
    page.locator("input[name=pays_staff_via_paye][value=yes]").check()
    field(page, "Annual turnover (£)").fill("850000")
    field(page, "Balance-sheet total (£)").fill("300000")
    field(page, "First name").fill("Carys")
    field(page, "Last name").fill("Owen")
    field(page, "Email address").fill("carys@kitchen.example")
    field(page, "Job title").fill("Chief Executive")
    page.locator("input[name=is_senior_decision_maker][value=yes]").check()
    page.locator("input[name=aspiration_to_improve][value=yes]").check()
    field(page, "Did you or your business take part in Peer Networks last year?").select_option(
        "none"
    )
    page.locator("input[name=business_already_has_participant][value=no]").check()
    field(page, "How did you hear about Peer Networks?").select_option("accountant")
    page.get_by_label(re.compile("shared with the independent evaluator")).check()
    field(page, "I sign the Participant Charter above.").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"**/register/{hub.slug}/done/")


def test_hub_staff_register_decide_build_schedule_observe_and_report(
    live_server, year, hub, staff, facilitator, ten_ready, desktop_page, screenshot
):
    page = desktop_page

    # A charity's leader registers through the public form: the hub must decide (ELIG-12).
    register_a_charity(page, live_server, hub)
    assert "Thank you, Carys" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("needs to look at one or two of your answers").is_visible()
    carys = Participant.objects.get(email="carys@kitchen.example")
    assert carys.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    page.context.clear_cookies()

    # Hub staff sign in and find the participant awaiting their decision.
    login(page, live_server, staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Participants").click()
    page.wait_for_url("**/participants/")
    page.get_by_role("row").filter(has_text="Carys Owen").get_by_role(
        "link", name="Carys Owen"
    ).click()
    page.wait_for_url(f"**/participants/{carys.pk}/")
    assert page.locator("#eligibility-outcome").inner_text().strip() == "Needs a hub decision"
    assert "ELIG-12" in page.get_by_text("For the hub to decide:").inner_text()
    assert "the business is a charity" in page.locator("#eligibility-reasons").inner_text()
    assert page.get_by_text("Not yet ready for a cohort").is_visible()
    assert_accessible(page)

    # Approve, with a reason: the participant becomes eligible and ready.
    decision = page.locator("section[aria-labelledby=discretion-heading]")
    decision.get_by_label("Approved").check()
    field(decision, "Reason").fill("A social enterprise trading like an SME; the board agreed.")
    button(decision, "Save decision").click()
    page.wait_for_url(f"**/participants/{carys.pk}/")
    # The outcome stays "needs a hub decision"; the approval is what makes it eligible.
    approved = "Saved. Eligibility is now: Eligible (needs a hub decision, approved by the hub)."
    assert approved in alert_texts(page)
    assert "hub decision: approved" in page.locator("#eligibility-outcome").inner_text()
    assert page.get_by_text("Ready for a cohort.").is_visible()
    assert page.get_by_role("row").filter(has_text="Hub decision: Approved").is_visible()
    carys.refresh_from_db()
    assert carys.discretion_decision == DiscretionChoice.APPROVED
    assert carys.is_eligible and carys.is_ready_for_cohort

    # A cohort of 11: the ten waiting and Carys.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    page.wait_for_url("**/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    page.wait_for_url("**/cohorts/new/")
    field(page, "Name").fill("Salford Leaders")
    field(page, "Lead facilitator").select_option(str(facilitator.pk))
    field(page, "Platform").select_option("zoom")
    field(page, "Joining link").fill("https://zoom.example/j/12345")
    field(page, "Backup plan").fill("We will phone you and continue by conference call.")
    button(page, "Save").click()
    cohort = Cohort.objects.get(name="Salford Leaders")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    for participant in [*ten_ready, carys]:
        page.locator(f"input[name=participants][value='{participant.pk}']").check()
    button(page, "Add to cohort").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "11 participant(s) added to Salford Leaders." in alert_texts(page)
    assert page.get_by_role("heading", name="Members (11 of 11)").is_visible()
    assert cohort.memberships.filter(participant=carys, left_at__isnull=True).exists()

    # An 18-hour fortnightly series: preview, save, mark scheduled (SES-1).
    first_day = timezone.localdate() + timedelta(days=7)
    page.get_by_role("link", name="Generate the series").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/schedule/")
    assert field(page, "Interval").input_value() == "fortnightly"
    field(page, "Date of the first session").fill(first_day.isoformat())
    field(page, "Start time").fill("09:30")
    button(page, "Preview").click()
    total = page.locator("#preview-total")
    total.wait_for()
    assert "Complete: 18 of 18 hours planned." in total.inner_text()
    assert page.locator("table tbody tr").count() == 8
    button(page, "Save this schedule").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "8 sessions saved. 18 of 18 hours planned." in alert_texts(page)
    button(page, "Mark as scheduled").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert page.locator("#cohort-status").inner_text() == "Scheduled"

    # Book an observation of session 2, a fortnight and a week away (SES-11).
    second = cohort.sessions.order_by("starts_at")[1]
    field(page, "Session").select_option(str(second.pk))
    field(page, "Method").select_option("live")
    button(page, "Book").click()
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "Observation booked for session 2" in alert_texts(page)
    assert Observation.objects.get().session == second

    # Reporting: compile this month's KPI return now, then submit it.
    month = timezone.localdate().replace(day=1)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reporting").click()
    page.wait_for_url("**/reporting/")
    field(page, "Month").fill(f"{month:%Y-%m}")
    button(page, "Compile now").click()
    kpi_return = KpiReturn.objects.get(hub=hub, month=month)
    page.wait_for_url(f"**/reporting/returns/{kpi_return.pk}/")
    assert f"The {month:%B %Y} return was compiled." in alert_texts(page)
    assert page.locator("#return-status").inner_text().strip() == "Draft"
    registered = page.get_by_role("row").filter(has_text="participants_registered")
    assert registered.locator("td").inner_text().strip() == "11"
    button(page, "Submit").click()
    page.wait_for_url(f"**/reporting/returns/{kpi_return.pk}/")
    assert f"The {month:%B %Y} return was submitted on time." in alert_texts(page)
    assert page.locator("#return-status").inner_text().strip() == "Submitted on time"
    assert page.get_by_role("heading", name="Re-open this return").is_visible()
    kpi_return.refresh_from_db()
    assert kpi_return.status == ReturnStatus.SUBMITTED_ON_TIME
    assert kpi_return.submitted_by == staff
    screenshot(page, "kpi-return.png")
    assert_accessible(page)

    # Download it as CSV and as XLSX.
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    csv_text = csv_download.value.path().read_text(encoding="utf-8-sig")
    assert "participants_registered" in csv_text
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    # Playwright saves downloads without an extension, which openpyxl refuses by name.
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "participants_registered" in cells

    # The dashboard, from the returns list's tabs.
    page.get_by_role("link", name="← All KPI returns").click()
    page.wait_for_url("**/reporting/")
    assert "Submitted on time" in page.locator("#returns").inner_text()
    page.get_by_role("navigation", name="Reporting").get_by_role("link", name="Dashboard").click()
    page.wait_for_url("**/reporting/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard:")
    # The running year is shown by default, against the hub's target for it.
    picker = page.get_by_role("combobox", name="Programme year")
    picked = picker.locator("option:checked").inner_text()
    assert picked == f"{year.name} (running)"
    assert page.locator("#year-closed, #year-upcoming, #year-none").count() == 0
    recruitment = page.locator("#table-recruitment tbody tr").filter(has_text=hub.name)
    assert recruitment.locator("td").first.inner_text().strip() == "160"
    screenshot(page, "dashboard.png")
    assert_accessible(page)
