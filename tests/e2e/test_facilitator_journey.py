"""A facilitator on a phone takes today's register, writes the notes and an action card, and
sees the at-risk flag after a second absence in a row (SES-7 to SES-10)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cohorts.services import cohort_allocate
from sessions.models import ActionCard, Attendance, SessionNote, SessionStatus, Topic
from sessions.services import Mark, attendance_record
from tests.cohorts.factories import CohortFactory, ready_participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_accessible,
    assert_fields_labelled,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
)
from tests.sessions.factories import SessionFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = [
    ("Priya", "Shah"),
    ("Tom", "Okafor"),
    ("Omar", "Haddad"),
    ("Grace", "Lee"),
    ("Ben", "Carter"),
    ("Aisha", "Khan"),
    ("Dev", "Patel"),
    ("Ellen", "Moss"),
    ("Finn", "Walsh"),
    ("Hana", "Sato"),
    ("Ivan", "Novak"),
]


@pytest.fixture
def year():
    return programme_year_around_today()


@pytest.fixture
def hub(year):
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def facilitator(hub):
    return FacilitatorFactory(username="fran", first_name="Fran", last_name="Lead", hub=hub)


@pytest.fixture
def cohort(hub, year, facilitator):
    """Eleven members; session 1 a fortnight ago (delivered, Omar absent), session 2 started an
    hour ago and waiting for its register, six more to come."""
    cohort = CohortFactory(
        hub=hub, programme_year=year, lead_facilitator=facilitator, name="Manchester Makers"
    )
    for first, last in NAMES:
        participant = ready_participant(
            hub,
            programme_year=year,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.org",
            registered_on=year.start,
        )
        cohort_allocate(cohort=cohort, participant=participant)
    started = timezone.now() - timedelta(hours=1)
    sessions = [
        SessionFactory(
            cohort=cohort,
            number=number,
            starts_at=started + timedelta(days=14 * (number - 2)),
            duration_hours=Decimal(hours),
        )
        for number, hours in enumerate((3, 2, 2, 2, 2, 2, 2, 3), start=1)
    ]
    first, today = sessions[:2]
    members = {p.first_name: p for p in (m.participant for m in cohort.memberships.all())}
    attendance_record(
        session=first,
        marks={
            p.pk: Mark(status="absent" if name == "Omar" else "present")
            for name, p in members.items()
        },
        by=facilitator,
    )
    for name in ("Finance", "Sales and Marketing", "Net zero"):
        Topic.objects.get_or_create(name=name, defaults={"is_core": True})
    return cohort, members, today


@pytest.fixture
def other_cohort(hub, year):
    """A cohort led by someone else in the same hub."""
    other = FacilitatorFactory(username="sam", first_name="Sam", last_name="Other", hub=hub)
    cohort = CohortFactory(
        hub=hub, programme_year=year, lead_facilitator=other, name="Salford Leaders"
    )
    session = SessionFactory(cohort=cohort, number=1, starts_at=timezone.now() - timedelta(hours=2))
    return cohort, session


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def alert_texts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def test_it_takes_the_register_writes_notes_and_flags_two_absences_on_a_phone(
    live_server, facilitator, cohort, other_cohort, phone_page, screenshot
):
    cohort, members, today = cohort
    priya, omar = members["Priya"], members["Omar"]
    page = phone_page

    # Sign in: the facilitator lands on their portal.
    login(page, live_server, facilitator)
    page.wait_for_url(f"{live_server.url}/facilitator/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your cohorts"
    card = page.get_by_role("region", name="Manchester Makers")
    assert "1 of 8 sessions delivered" in card.inner_text()
    assert "Session 2" in card.inner_text() and "needs its attendance" in card.inner_text()
    assert "Salford Leaders" not in page.content()
    follow_ups = page.locator("#follow-ups")
    assert "Omar Haddad" in follow_ups.inner_text()
    assert fits_the_screen(page)
    assert_accessible(page)

    # Today's session: everyone present except two.
    card.get_by_role("link", name="Take attendance").click()
    page.wait_for_url(f"**/facilitator/sessions/{today.pk}/#attendance")
    assert page.get_by_role("heading", level=1).inner_text() == "Manchester Makers · session 2"
    everyone = page.get_by_label("Mark all present")
    assert everyone.is_checked()  # nothing recorded yet: the switch starts on
    everyone.check()
    page.get_by_label("Priya Shah", exact=True).select_option("late")
    page.get_by_label("Minutes Priya Shah attended").fill("90")
    page.get_by_label("Omar Haddad", exact=True).select_option("absent")
    assert fits_the_screen(page)
    assert_accessible(page)
    assert_fields_labelled(page)
    screenshot(page, "facilitator-attendance.png", down_to=page.locator("#attendance"))
    page.get_by_role("button", name="Save attendance and mark delivered").click()
    page.wait_for_url(f"**/facilitator/sessions/{today.pk}/")
    assert "Attendance saved for 11 members; the session is delivered." in alert_texts(page)
    assert page.locator("#session-status").inner_text() == "Delivered"
    assert page.get_by_label("Priya Shah", exact=True).input_value() == "late"
    assert page.get_by_label("Minutes Priya Shah attended").input_value() == "90"

    rows = {a.participant_id: a for a in Attendance.objects.filter(session=today)}
    assert len(rows) == 11
    assert (rows[priya.pk].status, rows[priya.pk].minutes_attended) == ("late", 90)
    assert rows[omar.pk].status == "absent"
    assert sum(a.status == "present" for a in rows.values()) == 9
    today.refresh_from_db()
    assert today.status == SessionStatus.DELIVERED

    # The notes: topics from the core list and our own, Priya's issue and her action card.
    notes = page.locator("#notes")
    notes.get_by_label("Finance", exact=True).check()
    notes.get_by_label("Other topics").fill("Pricing, Cash flow forecasting")
    notes.locator("details").filter(has_text="Priya Shah").locator("summary").click()
    notes.get_by_label("Issue Priya Shah brought").fill("Two big customers pay at 90 days.")
    notes.get_by_label("Actions Priya Shah agreed (their action card)").fill(
        "Ask both customers for 30-day terms; try invoice finance quotes."
    )
    notes.get_by_label("Process issues").fill("Started five minutes late: Zoom update.")
    page.get_by_role("button", name="Save notes and action cards").click()
    page.wait_for_url(f"**/facilitator/sessions/{today.pk}/#notes")
    assert "Notes and action cards saved." in alert_texts(page)
    assert notes.get_by_label("Finance", exact=True).is_checked()
    assert "30-day terms" in (
        notes.get_by_label("Actions Priya Shah agreed (their action card)").input_value()
    )

    note = SessionNote.objects.get(session=today)
    assert note.process_issues == "Started five minutes late: Zoom update."
    assert note.written_by == facilitator
    assert note.presenters.get().participant == priya
    assert sorted(t.name for t in today.topics.all()) == [
        "Cash flow forecasting",
        "Finance",
        "Pricing",
    ]
    card_row = ActionCard.objects.get(session=today)
    assert card_row.participant == priya and card_row.actions.startswith("Ask both customers")

    # Two absences in a row: Omar is flagged at risk on the cohort's page, in words.
    breadcrumb = page.get_by_role("navigation", name="breadcrumb")
    breadcrumb.get_by_role("link", name="Manchester Makers").click()
    page.wait_for_url(f"**/facilitator/cohorts/{cohort.pk}/")
    flags = page.locator(".flag-at-risk")
    assert flags.count() == 1
    assert page.locator(f"#member-{omar.pk} .flag-at-risk").inner_text() == (
        "At risk: 2 absences in a row"
    )
    assert "2 follow-ups open" in page.locator(f"#member-{omar.pk}").inner_text()
    assert page.locator(f"#member-{priya.pk} .flag-at-risk").count() == 0
    assert fits_the_screen(page)
    assert_accessible(page)

    # The portal lists the cohort with one member at risk and both absences to follow up.
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="My cohorts").click()
    page.wait_for_url(f"{live_server.url}/facilitator/")
    card = page.get_by_role("region", name="Manchester Makers")
    assert "2 of 8 sessions delivered" in card.inner_text()
    assert "1 at risk" in card.inner_text()
    assert card.get_by_role("link", name="Take attendance").count() == 0
    assert follow_ups.get_by_role("listitem").filter(has_text="Omar Haddad").count() == 2
    card.locator("summary").click()
    assert card.locator(f"#member-{omar.pk} .flag-at-risk").is_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    screenshot(page, "facilitator-portal.png")

    # Another facilitator's cohort and session answer 404, whatever the address says.
    other, other_session = other_cohort
    for address in (f"cohorts/{other.pk}/", f"sessions/{other_session.pk}/"):
        response = page.goto(f"{live_server.url}/facilitator/{address}")
        assert response.status == 404
        assert "Salford Leaders" not in page.content()
