"""Every form field has a label (accessibility basics): on each main form, every
visible input, select and textarea, those in closed <details> included, has an accessible
name, and axe-core's `label` and `select-name` rules pass."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cohorts.services import cohort_allocate
from feedback.rules import feedback_token
from one_to_one.services import provider_assign
from tests.cohorts.factories import CohortFactory, ready_participant
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_fields_labelled,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import GrowthHubFactory, ProviderFactory, UserFactory
from tests.sessions.factories import SessionFactory, record

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
    return GrowthHubFactory(
        slug="gm", name="Greater Manchester Growth Hub", privacy_notice_version="2021-03"
    )


def cohort_of(hub, year, members: int):
    """`members` in a cohort whose first session started an hour ago, seven to come; two more
    ready participants waiting for a cohort."""
    cohort = CohortFactory(hub=hub, programme_year=year, name="Manchester Makers")
    for _ in range(members):
        cohort_allocate(cohort=cohort, participant=ready_participant(hub, programme_year=year))
    for _ in range(2):
        ready_participant(hub, programme_year=year, registered_on=year.start)
    start = timezone.now() - timedelta(hours=1)
    for number, hours in enumerate((3, 2, 2, 2, 2, 2, 2, 3), start=1):
        SessionFactory(
            cohort=cohort,
            number=number,
            starts_at=start + timedelta(days=14 * (number - 1)),
            duration_hours=Decimal(hours),
        )
    return cohort


def staff_cohort_page(page, live_server, cohort) -> None:
    login(page, live_server, UserFactory(username="gm-staff", hub=cohort.hub))
    page.goto(f"{live_server.url}/cohorts/{cohort.pk}/")
    page.get_by_role("heading", name="Composition advice").wait_for()


def test_it_labels_every_field_of_the_main_forms(live_server, hub, year, phone_page, desktop_page):
    cohort = cohort_of(hub, year, members=1)
    (participant,) = [m.participant for m in cohort.memberships.all()]
    session = cohort.sessions.get(number=1)
    provider = ProviderFactory(username="pat", hub=hub)
    provider_assign(participant=participant, provider=provider)
    page = phone_page

    # Registration, both steps, and step 2 again with every error showing.
    page.goto(f"{live_server.url}/register/{hub.slug}/")
    assert_fields_labelled(page)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/register/{hub.slug}/details/")
    assert assert_fields_labelled(page) > 20
    page.get_by_role("button", name="Register").click()
    page.locator("#error-summary").wait_for()
    assert_fields_labelled(page)

    # The facilitator's register: the switch, status and minutes, topics, notes, presenters.
    login(page, live_server, cohort.lead_facilitator)
    page.goto(f"{live_server.url}/facilitator/sessions/{session.pk}/")
    page.get_by_role("button", name="Save attendance and mark delivered").wait_for()
    assert assert_fields_labelled(page) >= 1 + 2 + 2 + 2

    # The feedback form the register's invitation links to.
    record(session, [participant])
    page.goto(f"{live_server.url}/my/feedback/{feedback_token(participant, session)}/")
    page.get_by_role("button", name="Send my feedback").wait_for()
    assert assert_fields_labelled(page) >= 3 * 5 + 2  # three 1-5 ratings, two comments

    # Staff's cohort page, with one member: the builder, the booking, the member's move form.
    page = desktop_page
    staff_cohort_page(page, live_server, cohort)
    assert assert_fields_labelled(page) >= 7

    # The provider's page: the log, action plan, referral, declaration and decline forms.
    login(page, live_server, provider)
    page.goto(f"{live_server.url}/one-to-one/provider/participants/{participant.pk}/")
    page.get_by_role("region", name="Log a session").wait_for()
    assert assert_fields_labelled(page) > 10


def test_it_labels_the_move_form_of_every_member(live_server, hub, year, desktop_page):
    staff_cohort_page(desktop_page, live_server, cohort_of(hub, year, members=3))
    assert_fields_labelled(desktop_page)
