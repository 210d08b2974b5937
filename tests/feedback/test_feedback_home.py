"""SPEC §1, SUR-1: a participant's own page through their personal link: their sessions, action
cards and pending surveys, and nobody else's."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from feedback.services import session_feedback_links_send, session_feedback_submit
from participants.links import home_token
from sessions.models import ActionCard
from tests.feedback.factories import LONDON, delivered_session
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2021, 9, 8, 12, 0, tzinfo=LONDON)


def home(client, participant):
    return client.get(f"/my/{home_token(participant)}/")


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_participants_sessions_action_cards_and_surveys(client, hub):
    session, (ann, bob) = delivered_session(hub=hub, members=2)
    SessionFactory(
        cohort=session.cohort, number=2, starts_at=session.starts_at + timedelta(days=14)
    )
    session_feedback_links_send(session_id=session.pk)
    ActionCard.objects.create(session=session, participant=ann, actions="Call the bank manager.")
    ActionCard.objects.create(session=session, participant=bob, actions="Bob's secret plan.")

    response = home(client, ann)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hello, Ann" in page
    assert session.cohort.name in page
    assert "Session 1" in page and "Session 2" in page and "Planned" in page
    assert "Present" in page
    feedback_links = re.findall(r'href="(/my/feedback/[^"]+/)"', page)
    assert len(feedback_links) == 1
    assert client.get(feedback_links[0]).status_code == 200
    assert "Call the bank manager." in page
    assert "secret plan" not in page and bob.last_name not in page
    assert re.search(r'href="/my/survey/baseline/[^"]+/"', page)
    assert "/my/survey/exit/" not in page and "/my/survey/drop_out/" not in page
    assert response["Referrer-Policy"] == "same-origin"


@time_machine.travel(NOW, tick=False)
def test_it_says_thank_you_for_feedback_already_given(client, hub):
    session, (ann,) = delivered_session(hub=hub, members=1)
    session_feedback_links_send(session_id=session.pk)
    session_feedback_submit(
        participant=ann, session=session, satisfaction=4, relevance=4, facilitation=4
    )
    page = home(client, ann).content.decode()
    assert "Feedback given, thank you." in page
    assert "/my/feedback/" not in page


def test_it_stops_offering_feedback_after_the_feedback_period(client, hub):
    session, (ann,) = delivered_session(hub=hub, members=1)
    with time_machine.travel(NOW, tick=False):
        session_feedback_links_send(session_id=session.pk)
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        page = home(client, ann).content.decode()
    assert "/my/feedback/" not in page


@time_machine.travel(NOW, tick=False)
def test_it_offers_a_dropped_out_participant_only_the_drop_out_survey(client, hub):
    _, (ann,) = delivered_session(hub=hub, members=1)
    ann.dropped_out_on = date(2021, 9, 8)
    ann.save()
    page = home(client, ann).content.decode()
    assert re.search(r'href="/my/survey/drop_out/[^"]+/"', page)
    assert "/my/survey/baseline/" not in page


@time_machine.travel(NOW, tick=False)
def test_it_works_for_a_participant_without_a_cohort(client, hub):
    from tests.cohorts.factories import ready_participant

    ann = ready_participant(hub)
    page = home(client, ann).content.decode()
    assert "Your sessions will appear here" in page


@pytest.mark.parametrize("sessions", [1, 8])
@time_machine.travel(NOW, tick=False)
def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, hub, sessions, django_assert_max_num_queries
):
    session, (ann, *_) = delivered_session(hub=hub, members=3)
    for n in range(2, sessions + 1):
        extra = SessionFactory(
            cohort=session.cohort,
            number=n,
            starts_at=session.starts_at - timedelta(days=n),
            status="delivered",
        )
        extra.attendance.create(participant=ann, status="present")
        ActionCard.objects.create(session=extra, participant=ann, actions=f"Action {n}")
        session_feedback_links_send(session_id=extra.pk)
    # 10, and 2 for other business support: the directory and the referrals.
    with django_assert_max_num_queries(12):
        assert home(client, ann).status_code == 200
