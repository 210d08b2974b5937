"""A participant opens the feedback link from their email on a phone, answers, cannot answer
twice, and cannot reach anyone else's page by altering the link (SUR-1)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from feedback.models import SessionFeedback
from feedback.services import session_feedback_invite
from sessions.models import Attendance
from tests.e2e.conftest import (
    BROWSER_REQUIRED,
    CHROMIUM,
    assert_accessible,
    cohort_of_the_year,
    programme_year_around_today,
)
from tests.peernetworks.factories import GrowthHubFactory
from tests.sessions.factories import SessionFactory

if not CHROMIUM.exists() and not BROWSER_REQUIRED:
    pytest.skip(
        f"{CHROMIUM} is not installed (set REQUIRE_BROWSER_TESTS=1 to fail instead)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def attendees(live_server, settings):
    settings.SITE_URL = live_server.url  # the emailed links point at the test server
    year = programme_year_around_today()
    hub = GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")
    # Session 1, delivered at 09:30 two days ago in the running year; both members there.
    cohort, memberships = cohort_of_the_year(year, 2, hub=hub, name="GM Cohort 1")
    priya, tom = (m.participant for m in memberships)
    two_days_ago = timezone.localdate() - timedelta(days=2)
    session = SessionFactory(
        cohort=cohort,
        number=1,
        starts_at=datetime.combine(
            two_days_ago, time(9, 30), tzinfo=timezone.get_current_timezone()
        ),
        status="delivered",
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, participant=p, status="present") for p in (priya, tom)]
    )
    priya.first_name, priya.last_name = "Priya", "Shah"
    tom.first_name, tom.last_name = "Tom", "Okafor"
    priya.save()
    tom.save()
    return session, priya, tom


def link_for(mailoutbox, participant, kind: str) -> str:
    (message,) = [m for m in mailoutbox if m.to == [participant.email]]
    return re.search(rf"(http\S+/my/{kind}\S*/)\s", message.body + "\n").group(1)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def rate(page, question: str, score: int) -> None:
    page.get_by_role("group", name=question).get_by_text(str(score), exact=True).click()


def answer(page, satisfaction: int) -> None:
    rate(page, "Overall, how satisfied were you with this session?", satisfaction)
    rate(page, "How relevant was the session to you and your business?", 4)
    rate(page, "How well was the session facilitated?", 5)
    page.get_by_label("What worked well?").fill("Hearing how the others price their work.")
    page.get_by_label("What could be improved?").fill("Five more minutes for actions.")


def test_it_takes_feedback_once_from_the_emailed_link_on_a_phone(
    attendees, browser, phone_page, screenshot, mailoutbox
):
    session, priya, tom = attendees
    session_feedback_invite(session=session)  # autocommit: the task runs at once
    assert sorted(m.to[0] for m in mailoutbox) == sorted([priya.email, tom.email])
    link = link_for(mailoutbox, priya, "feedback")
    page = phone_page

    # A second tab opened on the same link before the first answer is sent.
    other_tab = page.context.new_page()
    other_tab.goto(link)

    response = page.goto(link)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "How was your session, Priya?"
    assert page.get_by_text("Session 1 of GM Cohort 1").is_visible()
    answer(page, satisfaction=5)
    assert fits_the_screen(page)
    screenshot(page, "participant-feedback.png")
    assert_accessible(page)
    page.get_by_role("button", name="Send my feedback").click()
    page.get_by_role("heading", name="Thank you for your feedback, Priya").wait_for()
    assert fits_the_screen(page)

    feedback = SessionFeedback.objects.get()
    assert (feedback.participant, feedback.session) == (priya, session)
    assert (feedback.satisfaction, feedback.relevance, feedback.facilitation) == (5, 4, 5)

    # Cannot answer twice: the link now thanks her, and the stale tab's answer is not kept.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Thank you")
    assert page.get_by_role("button", name="Send my feedback").count() == 0
    answer(other_tab, satisfaction=1)
    other_tab.get_by_role("button", name="Send my feedback").click()
    other_tab.get_by_role("heading", name="Thank you for your feedback, Priya").wait_for()
    assert SessionFeedback.objects.count() == 1
    assert SessionFeedback.objects.get().satisfaction == 5

    # Her own page, from the thank-you page, shows the feedback as given.
    page.get_by_role("link", name="See your sessions, action cards and surveys").click()
    page.get_by_role("heading", name="Hello, Priya").wait_for()
    assert page.get_by_text("Feedback given, thank you.").is_visible()
    assert_accessible(page)
    assert "Okafor" not in page.content()

    # Altering the link, character by character, reaches nobody's page.
    token = link.rstrip("/").rsplit("/", 1)[1]
    prefix = link[: -len(token) - 1]
    for position in (2, len(token) // 2, len(token) - 3):
        swapped = "x" if token[position] != "x" else "y"
        altered = f"{prefix}{token[:position]}{swapped}{token[position + 1 :]}/"
        response = page.goto(altered)
        assert response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "This link does not work"
        text = page.content()
        assert "Priya" not in text and "Tom" not in text and "GM Cohort 1" not in text
    # Nor does her personal-page token used on someone else's feedback page address.
    home = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.goto(f"{prefix}{home}/").status == 404
    other_tab.close()
