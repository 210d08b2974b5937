"""Quality management and life after the programme in a real browser ("How it is
checked"): a low feedback score opens an item that hub staff resolve with a corrective action;
a facilitator's page shows their observations and feedback; two members of an ended cohort
opt in through their links and see each other, while a third who did not stays invisible."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from feedback.models import SessionFeedback
from feedback.rules import feedback_token
from quality.models import AlumniConsent, QualityItem
from quality.services import quality_item_open_for_low_feedback
from sessions.models import Attendance
from tests.cohorts.factories import cohort_with_members
from tests.e2e.conftest import BROWSER_REQUIRED, CHROMIUM, login
from tests.feedback.factories import SessionFeedbackFactory
from tests.peernetworks.factories import (
    FacilitatorFactory,
    GrowthHubFactory,
    ProgrammeYearFactory,
    UserFactory,
)
from tests.sessions.factories import ObservationFactory, SessionFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

from tests.e2e.conftest import NAVBAR_CONTRAST, assert_accessible  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
LONDON = ZoneInfo("Europe/London")


def accessible(page) -> None:
    if assert_accessible is not None:
        assert_accessible(page, excuse=NAVBAR_CONTRAST)


def sign_in(page, live_server, user) -> None:
    login(page, live_server, user, PASSWORD)  # staff then type their authenticator's code


def field(page, label: str):
    """The input with exactly this label (crispy forms adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def alerts(page) -> str:
    return " ".join(page.locator("[role=alert]").all_inner_texts())


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def hub():
    ProgrammeYearFactory()
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def staff(hub):
    return UserFactory(username="gm-staff", first_name="Gita", last_name="Manager", hub=hub)


@pytest.fixture
def fran(hub):
    return FacilitatorFactory(username="fran", first_name="Fran", last_name="Lead", hub=hub)


@pytest.fixture
def delivered(hub, fran):
    """Fran's cohort, one delivered session Priya and Tom attended, observed by hub staff."""
    cohort, memberships = cohort_with_members(
        2, hub=hub, name="Manchester Makers", lead_facilitator=fran
    )
    priya, tom = (m.participant for m in memberships)
    priya.first_name, priya.last_name = "Priya", "Shah"
    priya.save()
    tom.first_name, tom.last_name = "Tom", "Okafor"
    tom.save()
    session = SessionFactory(
        cohort=cohort,
        number=1,
        starts_at=datetime(2021, 9, 7, 9, 30, tzinfo=LONDON),
        status="delivered",
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, participant=p, status="present") for p in (priya, tom)]
    )
    ObservationFactory(
        session=session,
        completed_on=date(2021, 9, 8),
        score_topic=4,
        score_facilitation=3,
        score_behaviour=5,
        feedback_to_facilitator="Strong questioning; let the quieter members in earlier.",
    )
    SessionFeedbackFactory(session=session, participant=tom, satisfaction=5, facilitation=5)
    return session, priya, tom


def rate(page, question: str, score: int) -> None:
    page.get_by_role("group", name=question).get_by_text(str(score), exact=True).click()


def test_it_opens_an_item_for_a_low_score_that_staff_resolve(
    live_server, browser, phone_page, desktop_page, staff, fran, delivered
):
    session, priya, tom = delivered

    # Priya gives session 1 a low score through her feedback link, on her phone.
    page = phone_page
    page.goto(f"{live_server.url}/my/feedback/{feedback_token(priya, session)}/")
    rate(page, "Overall, how satisfied were you with this session?", 1)
    rate(page, "How relevant was the session to you and your business?", 2)
    rate(page, "How well was the session facilitated?", 2)
    page.get_by_label("What could be improved?").fill("Too much talking at us, not enough time.")
    page.get_by_role("button", name="Send my feedback").click()
    page.get_by_role("heading", name="Thank you for your feedback, Priya").wait_for()
    feedback = SessionFeedback.objects.get(participant=priya)
    # The submit service's hook opens the item; calling it again changes nothing (idempotent),
    # so the journey holds whether or not the hook is wired in yet.
    quality_item_open_for_low_feedback(feedback=feedback)
    item = QualityItem.objects.get()
    assert item.feedback == feedback and item.is_open

    # Hub staff find it open in the quality log.
    page = desktop_page
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/quality/")
    row = page.locator("#items tbody tr", has_text="Priya Shah")
    assert "Low score" in row.inner_text() and "Open" in row.inner_text()
    accessible(page)
    row.get_by_role("link", name="Feedback from Priya Shah").click()
    page.wait_for_url(f"**/quality/items/{item.pk}/")
    assert "Opened automatically" in page.locator("#item-status").inner_text()
    summary = page.locator("#item-summary").inner_text()
    assert "Satisfaction 1 of 5" in summary and "Too much talking at us" in summary
    accessible(page)

    # Resolving without a corrective measure is refused.
    field(page, "Outcome").fill("Spoke to Fran about the balance of input and discussion.")
    page.get_by_role("button", name="Resolve", exact=True).click()
    assert "Record at least one corrective measure." in page.content()
    assert QualityItem.objects.get().is_open

    # A corrective measure with an owner and a due date, then the outcome.
    field(page, "Type").select_option("corrective")
    field(page, "What will be done").fill("Fran caps input at ten minutes and opens a round.")
    field(page, "Owner").first.select_option(str(staff.pk))
    field(page, "Due on").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add action").click()
    page.wait_for_url(f"**/quality/items/{item.pk}/")
    assert "Corrective measure added." in alerts(page)
    assert "Fran caps input" in page.locator("#actions").inner_text()
    field(page, "Outcome").fill("Spoke to Fran about the balance of input and discussion.")
    page.get_by_role("button", name="Resolve", exact=True).click()
    page.wait_for_url(f"**/quality/items/{item.pk}/")
    assert "Item resolved." in alerts(page)
    assert "Resolved" in page.locator("#item-status").inner_text()
    item.refresh_from_db()
    assert item.status == "resolved" and item.actions.get().kind == "corrective"

    # Fran's page, from the item about her: the observation and the mean feedback (Tom 5,
    # Priya 1), and the item.
    page.get_by_role("link", name="Fran Lead").click()
    page.wait_for_url(f"**/quality/people/{fran.pk}/")
    means = page.locator("#feedback-means").inner_text()
    assert "3.00 of 5" in means and "Responses\n2" in means.replace("\t", "\n")
    observations = page.locator("#observations").inner_text()
    assert "Manchester Makers, session 1" in observations
    assert "Strong questioning" in observations and "4, 3, 5" in observations
    assert "Feedback from Priya Shah" in page.locator("main").inner_text()
    accessible(page)


def test_it_lets_two_members_of_an_ended_cohort_find_each_other(
    live_server, browser, desktop_page, staff, hub, mailoutbox, settings
):
    settings.SITE_URL = live_server.url  # the emailed links point at the test server
    cohort, memberships = cohort_with_members(3, hub=hub, name="Salford Starters")
    ann, ben, cat = (m.participant for m in memberships)
    for person, first, last, business in (
        (ann, "Ann", "Ahmed", "Ancoats Analytics Ltd"),
        (ben, "Ben", "Brown", "Bolton Bikes Ltd"),
        (cat, "Cat", "Clarke", "Chorlton Cameras Ltd"),
    ):
        person.first_name, person.last_name, person.phone = first, last, "0161 496 0000"
        person.save()
        person.business.name = business
        person.business.save()
    for n in range(6):  # 18 delivered hours: the cohort has ended (COH-6)
        SessionFactory(
            cohort=cohort,
            number=n + 1,
            starts_at=datetime(2021, 9, 7 + n, 9, 30, tzinfo=LONDON),
            duration_hours=Decimal("3"),
            status="delivered",
        )

    # Hub staff email each member their personal link.
    page = desktop_page
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/quality/alumni/")
    page.get_by_role("link", name="Salford Starters").click()
    page.get_by_role("button", name="Email members their link").click()
    assert "3 invitation(s) sent" in alerts(page)
    links = {
        m.to[0]: re.search(r"(http\S+/quality/alumni/my/\S+/)", m.body).group(1) for m in mailoutbox
    }
    assert set(links) == {ann.email, ben.email, cat.email}

    def member_page(person):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(links[person.email])
        return tab

    # Ann says yes; nobody else has yet.
    ann_tab = member_page(ann)
    ann_tab.get_by_role("heading", name="Stay in touch with Salford Starters, Ann?").wait_for()
    assert "Bolton Bikes" not in ann_tab.content() and "Chorlton" not in ann_tab.content()
    ann_tab.get_by_label("Yes: share my name and business").check()
    ann_tab.get_by_role("button", name="Stay in touch").click()
    ann_tab.get_by_role("heading", name="You are staying in touch").wait_for()
    assert "Nobody else has chosen to stay in touch yet." in ann_tab.content()
    assert fits_the_screen(ann_tab)
    accessible(ann_tab)

    # Ben says yes and shares his phone number: he sees Ann, and Ann now sees him.
    ben_tab = member_page(ben)
    ben_tab.get_by_label("Yes: share my name and business").check()
    ben_tab.get_by_label("Also share my phone number").check()
    ben_tab.get_by_role("button", name="Stay in touch").click()
    ben_tab.get_by_role("heading", name="Members staying in touch").wait_for()
    ben_sees = ben_tab.locator("#alumni-members").inner_text()
    assert "Ann Ahmed" in ben_sees and "Ancoats Analytics Ltd" in ben_sees
    assert "0161" not in ben_sees  # Ann shared no contact details
    ann_tab.reload()
    ann_sees = ann_tab.locator("#alumni-members").inner_text()
    assert "Ben Brown" in ann_sees and "Bolton Bikes Ltd" in ann_sees and "0161" in ann_sees

    # Cat did not opt in: nobody sees her, and she sees nobody.
    for tab in (ann_tab, ben_tab):
        text = tab.content()
        assert "Cat" not in text and "Clarke" not in text and "Chorlton" not in text
    cat_tab = member_page(cat)
    cat_text = cat_tab.content()
    assert "Ann Ahmed" not in cat_text and "Ben Brown" not in cat_text
    assert cat_tab.locator("#alumni-members").count() == 0
    accessible(cat_tab)

    # Withdrawing hides at once.
    ben_tab.get_by_role("button", name="Stop sharing").click()
    ben_tab.get_by_role("heading", name="Your choice").wait_for()
    ann_tab.reload()
    assert "Ben Brown" not in ann_tab.content()
    assert AlumniConsent.objects.filter(opted_in_at__isnull=False, withdrawn_at=None).count() == 1

    # Staff see who stays in touch, without being able to opt anyone in.
    page.reload()
    members = page.locator("#alumni-members").inner_text()
    assert re.search(r"Ann Ahmed.*\n?.*Opted in", members)
    assert "Withdrew" in members
    for tab in (ann_tab, ben_tab, cat_tab):
        tab.context.close()
