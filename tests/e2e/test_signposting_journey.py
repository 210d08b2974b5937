"""Signposting to other business support in a real browser (OTO-8): hub staff
add a local service to the directory in the admin; the cohort's facilitator, on a phone,
signposts a member to it from the facilitator portal, and her one-to-one provider refers her
to a national offer; the member's own page then shows the national entries, her hub's local
service and both referrals, but never a service another hub's staff added."""

import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone

from one_to_one.models import Referral, SupportService
from one_to_one.services import provider_assign
from participants.links import home_token
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    DESKTOP,
    PHONE,
    TIMEZONE,
    assert_accessible,
    assert_fields_labelled,
    cohort_of_the_year,
    login,
    programme_year_around_today,
)
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    ProviderFactory,
    UserFactory,
)

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NATIONAL = ("Help to Grow: Management", "Help to Grow: Digital", "Business Support Helpline")
LOCAL = "Manchester Export Clinic"  # hub A's, added by its staff in the journey
ELSEWHERE = "Liverpool Digital Boost"  # hub B's, added by its staff in the journey


@pytest.fixture
def year():
    return programme_year_around_today()


@pytest.fixture
def national_directory(year):
    """The Playbook's national entries. The data migration seeds them, but transactional tests
    empty the tables after each test, so they are seeded again here (idempotent)."""
    migration = importlib.import_module("one_to_one.migrations.0003_seed_national_support_services")
    migration.seed(apps, None)
    assert set(SupportService.objects.filter(hub=None).values_list("name", flat=True)) == set(
        NATIONAL
    )


@pytest.fixture
def hub(year):
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def other_hub(year):
    return GrowthHubFactory(slug="lcr", name="Liverpool City Region Growth Hub")


@pytest.fixture
def staff(hub):
    return UserFactory(username="gm-staff", first_name="Gita", last_name="Manager", hub=hub)


@pytest.fixture
def other_staff(other_hub):
    return UserFactory(username="lcr-staff", first_name="Lou", last_name="Rees", hub=other_hub)


@pytest.fixture
def fran(hub):
    return FacilitatorFactory(username="fran", first_name="Fran", last_name="Lead", hub=hub)


@pytest.fixture
def pat(hub):
    return ProviderFactory(username="pat", first_name="Pat", last_name="Adviser", hub=hub)


@pytest.fixture
def cohort(hub, year, fran, pat):
    """Fran's cohort: Priya (assigned to Pat for one-to-one support) and Tom."""
    cohort, memberships = cohort_of_the_year(
        year, 2, hub=hub, name="Manchester Makers", lead_facilitator=fran
    )
    priya, tom = (m.participant for m in memberships)
    for person, first, last in ((priya, "Priya", "Shah"), (tom, "Tom", "Okafor")):
        person.first_name, person.last_name = first, last
        person.save()
    provider_assign(participant=priya, provider=pat)
    return cohort, priya, tom


@pytest.fixture
def other_cohort(other_hub, year):
    """A cohort of hub B, led by Lee, with one member, Lena."""
    lee = FacilitatorFactory(username="lee", first_name="Lee", last_name="Other", hub=other_hub)
    cohort, (membership,) = cohort_of_the_year(
        year, 1, hub=other_hub, name="Liverpool Leaders", lead_facilitator=lee
    )
    lena = membership.participant
    lena.first_name, lena.last_name = "Lena", "Berg"
    lena.save()
    return cohort, lee, lena


@pytest.fixture
def new_page(browser):
    """More people at once: each their own browser context (cookies), on a phone or a desk."""
    contexts = []

    def open_page(*, phone: bool):
        if phone:
            context = browser.new_context(
                viewport=PHONE,
                is_mobile=True,
                has_touch=True,
                locale="en-GB",
                timezone_id=TIMEZONE,
            )
        else:
            context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id=TIMEZONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def alert_texts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones, the admin
    a colon)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?:?\s*$"))


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def offered(select) -> list[str]:
    """The options of a <select> as the person sees them, the placeholder left out."""
    return [text.strip() for text in select.locator("option").all_inner_texts()][1:]


def admin_add_service(page, live_server, name: str, description: str, website: str) -> None:
    """From the admin's index, as a person would: the directory, then "Add"."""
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Other business support", exact=True).click()
    page.wait_for_url("**/admin/one_to_one/supportservice/")
    page.get_by_role("link", name=re.compile("^Add other business support service")).click()
    page.wait_for_url("**/admin/one_to_one/supportservice/add/")
    # The hub is not theirs to choose: a new entry belongs to their hub.
    assert page.locator("select[name=hub]").count() == 0
    field(page, "Name").fill(name)
    field(page, "Category").select_option(label="Other Growth Hub services")
    field(page, "Short description").fill(description)
    field(page, "Website").fill(website)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/one_to_one/supportservice/")
    assert f"“{name}” was added successfully" in page.locator(".messagelist").inner_text()


def test_hub_staff_add_a_local_service_that_members_are_signposted_to_and_see(
    live_server,
    national_directory,
    staff,
    other_staff,
    fran,
    pat,
    cohort,
    other_cohort,
    desktop_page,
    phone_page,
    new_page,
):
    cohort, priya, tom = cohort
    today = timezone.localdate()

    # Hub B's staff add a service of their own: it is Liverpool's alone.
    lcr_page = new_page(phone=False)
    login(lcr_page, live_server, other_staff)
    admin_add_service(
        lcr_page,
        live_server,
        ELSEWHERE,
        "Digital adoption grants for Liverpool City Region businesses.",
        "https://lcr.example/digital-boost",
    )
    elsewhere = SupportService.objects.get(name=ELSEWHERE)
    assert elsewhere.hub == other_staff.hub and elsewhere.is_active

    # Hub A's staff add the Manchester Export Clinic; their list shows it beside the national
    # entries (read-only for them) and not Liverpool's.
    page = desktop_page
    login(page, live_server, staff)
    admin_add_service(
        page,
        live_server,
        LOCAL,
        "Monthly drop-in clinic with an international trade adviser.",
        "https://gm.example/export-clinic",
    )
    local = SupportService.objects.get(name=LOCAL)
    assert (local.hub, local.category, local.is_active) == (
        staff.hub,
        "growth_hub_services",
        True,
    )
    listing = page.locator("#result_list").inner_text()
    assert LOCAL in listing and "Greater Manchester Growth Hub" in listing
    assert all(name in listing for name in NATIONAL)
    assert ELSEWHERE not in listing
    assert_accessible(page)  # the admin's breadcrumb links are underlined (static/css/admin.css)

    # Fran, on her phone: the cohort, Priya's line, "Other business support".
    page = phone_page
    login(page, live_server, fran)
    page.wait_for_url(f"{live_server.url}/facilitator/")
    page.goto(f"{live_server.url}/facilitator/cohorts/{cohort.pk}/")
    page.locator(f"#member-{priya.pk}").get_by_role("link", name="Other business support").click()
    page.wait_for_url(f"**/facilitator/cohorts/{cohort.pk}/participants/{priya.pk}/signpost/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Other business support: Priya Shah"
    assert page.locator("#referrals").inner_text().strip() == "None recorded."
    choice = field(page, "Referred or signposted to")
    # National entries first, then the hub's own, then "Other"; nothing of Liverpool's.
    assert offered(choice) == [*NATIONAL, LOCAL, "Other (say where in the note)"]
    groups = choice.locator("optgroup")
    assert [groups.nth(i).get_attribute("label") for i in range(groups.count())] == [
        "National",
        "Greater Manchester Growth Hub",
    ]
    assert fits_the_screen(page)
    assert_fields_labelled(page)
    assert_accessible(page)

    choice.select_option(label=LOCAL)
    assert field(page, "Date").input_value() == today.isoformat()  # today, unless changed
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_url(f"**/facilitator/cohorts/{cohort.pk}/")
    assert f"Priya Shah signposted to {LOCAL}: recorded." in alert_texts(page)
    page.locator(f"#member-{priya.pk}").get_by_role("link", name="Other business support").click()
    recorded = page.locator("#referrals").inner_text()
    assert f"{today:%-d %b %Y}: {LOCAL}" in recorded and "by Fran Lead" in recorded
    assert fits_the_screen(page)

    signposted = Referral.objects.get(participant=priya)
    assert (signposted.service, signposted.destination, signposted.recorded_by) == (
        local,
        "growth_hub_services",
        fran,
    )
    assert not Referral.objects.filter(participant=tom).exists()

    # Pat, Priya's one-to-one provider, on a phone: a referral to Help to Grow: Management.
    page = new_page(phone=True)
    login(page, live_server, pat)
    page.wait_for_url(f"{live_server.url}/one-to-one/provider/")
    page.get_by_role("link", name="Priya Shah").click()
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/")
    section = page.get_by_role("region", name="Referrals and signposting")
    assert LOCAL in section.locator("#referrals").inner_text()  # Fran's, seen by Pat too
    choice = field(section, "Referred or signposted to")
    assert offered(choice) == [*NATIONAL, LOCAL, "Other (say where in the note)"]
    choice.select_option(label="Help to Grow: Management")
    section.get_by_role("button", name="Record referral").click()
    page.wait_for_url(f"**/one-to-one/provider/participants/{priya.pk}/")
    assert "Referral to Help to Grow: Management recorded." in alert_texts(page)
    referrals = page.get_by_role("region", name="Referrals and signposting")
    assert "Help to Grow: Management" in referrals.locator("#referrals").inner_text()
    assert fits_the_screen(page)
    assert_accessible(page)

    referred = Referral.objects.get(participant=priya, recorded_by=pat)
    assert (referred.service.name, referred.destination) == (
        "Help to Grow: Management",
        "help_to_grow_management",
    )

    # Priya's own page, from her personal link, on her phone.
    page = new_page(phone=True)
    response = page.goto(f"{live_server.url}/my/{home_token(priya)}/")
    assert response.status == 200
    page.get_by_role("heading", name="Hello, Priya").wait_for()
    support = page.get_by_role("region", name="Other business support")
    suggested = support.locator("#my-referrals > li").all_inner_texts()
    assert sorted(suggested) == sorted(
        [f"{LOCAL} ({today:%-d %b %Y})", f"Help to Grow: Management ({today:%-d %b %Y})"]
    )
    directory = support.locator("#support-directory > li")
    names = [directory.nth(i).locator("strong").inner_text() for i in range(directory.count())]
    assert names == [*NATIONAL, LOCAL]
    clinic = support.locator("#support-directory > li", has_text=LOCAL)
    assert "Greater Manchester Growth Hub" in clinic.inner_text()
    assert "international trade adviser" in clinic.inner_text()
    assert (
        clinic.get_by_role("link", name=f"Website of {LOCAL}").get_attribute("href")
        == "https://gm.example/export-clinic"
    )
    management = support.locator("#support-directory > li", has_text="Help to Grow: Management")
    assert "National" in management.inner_text()
    # Liverpool's service is not offered to her, nor is anything of Tom's there.
    text = page.content()
    assert ELSEWHERE not in text and "Liverpool" not in text and "Okafor" not in text
    assert fits_the_screen(page)
    assert_accessible(page)


def test_another_hubs_member_sees_their_hubs_service_and_not_this_ones(
    live_server, national_directory, staff, cohort, other_cohort, desktop_page, new_page
):
    cohort, priya, _ = cohort
    _, lee, lena = other_cohort

    # Hub A's staff add the clinic; hub B has a service of its own from its directory.
    page = desktop_page
    login(page, live_server, staff)
    admin_add_service(
        page,
        live_server,
        LOCAL,
        "Monthly drop-in clinic with an international trade adviser.",
        "https://gm.example/export-clinic",
    )
    SupportService.objects.create(hub=lena.business.hub, name=ELSEWHERE)

    # Lena's page lists the national entries and Liverpool's, never Manchester's clinic.
    page = new_page(phone=True)
    page.goto(f"{live_server.url}/my/{home_token(lena)}/")
    page.get_by_role("heading", name="Hello, Lena").wait_for()
    support = page.get_by_role("region", name="Other business support")
    directory = support.locator("#support-directory > li strong").all_inner_texts()
    assert directory == [*NATIONAL, ELSEWHERE]
    assert support.locator("#my-referrals").count() == 0  # nobody has signposted her yet
    assert LOCAL not in page.content() and "Manchester" not in page.content()
    assert fits_the_screen(page)
    assert_accessible(page)

    # Lee, hub B's facilitator, cannot reach Priya's signposting page (404, nothing shown),
    # and his own member's form does not offer Manchester's clinic.
    page = new_page(phone=True)
    login(page, live_server, lee)
    response = page.goto(
        f"{live_server.url}/facilitator/cohorts/{cohort.pk}/participants/{priya.pk}/signpost/"
    )
    assert response.status == 404
    assert "Priya" not in page.content()
    lena_cohort = other_cohort[0]
    page.goto(
        f"{live_server.url}/facilitator/cohorts/{lena_cohort.pk}/participants/{lena.pk}/signpost/"
    )
    choice = field(page, "Referred or signposted to")
    assert offered(choice) == [*NATIONAL, ELSEWHERE, "Other (say where in the note)"]
    assert not Referral.objects.exists()
