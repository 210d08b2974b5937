"""Staff pages on feedback and surveys: response rates, satisfaction by facilitator and cohort
over time (chart and table), change per topic, comments for QA. Hub staff only, own hub only,
a fixed number of queries however much data there is."""

import json
import re
from datetime import date, timedelta

import pytest

from feedback.services import session_feedback_links_send
from tests.feedback.factories import SessionFeedbackFactory, delivered_session
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/feedback/"
COMMENTS = "/feedback/comments/"


def cohort_url(cohort) -> str:
    return f"/feedback/cohorts/{cohort.pk}/"


@pytest.fixture
def gm(hub):
    """A cohort of three, facilitated by Ola, whose first session two of them rated."""
    ola = FacilitatorFactory(hub=hub, first_name="Ola", last_name="Ade")
    session, (ann, bob, carl) = delivered_session(
        hub=hub, members=3, name="GM Cohort 1", lead_facilitator=ola
    )
    SessionFeedbackFactory(
        session=session,
        participant=ann,
        satisfaction=5,
        relevance=4,
        facilitation=5,
        what_worked="The hot-seat format.",
    )
    SessionFeedbackFactory(
        session=session,
        participant=bob,
        satisfaction=4,
        relevance=3,
        facilitation=4,
        what_to_improve="More time for actions.",
    )
    return session, (ann, bob, carl)


@pytest.fixture
def lcr(other_hub):
    session, (dee,) = delivered_session(hub=other_hub, members=1, name="LCR Cohort 1")
    SessionFeedbackFactory(
        session=session, participant=dee, satisfaction=1, what_worked="Other hub's secret."
    )
    return session


def test_it_sends_anonymous_users_to_sign_in(client, gm):
    session, _ = gm
    for url in (OVERVIEW, COMMENTS, cohort_url(session.cohort)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_facilitators_and_the_national_coordinator(client, gm, national_coordinator):
    session, _ = gm
    for user in (session.cohort.lead_facilitator, national_coordinator):
        client.force_login(user)
        for url in (OVERVIEW, COMMENTS, cohort_url(session.cohort)):
            assert client.get(url).status_code == 403


def test_it_answers_404_for_another_hubs_cohort(staff_client, gm, lcr):
    assert staff_client.get(cohort_url(lcr.cohort)).status_code == 404


def test_it_shows_response_rates_and_satisfaction(staff_client, gm, lcr):
    response = staff_client.get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    row = re.search(r"<tr>\s*<td><a[^>]*>GM Cohort 1</a></td>(.*?)</tr>", page, re.S).group(1)
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # facilitator, sessions, attendances, responses, rate, satisfaction, relevance, facilitation
    assert cells[:8] == ["Ola Ade", "1", "3", "2", "67%", "4.50", "3.50", "4.50"]
    assert "LCR Cohort 1" not in page and "secret" not in page
    facilitators = re.search(r'id="facilitator-means".*?</table>', page, re.S).group(0)
    assert re.search(r"Ola Ade</th><td[^>]*>2</td><td[^>]*>4.50</td>", facilitators)


def test_it_draws_satisfaction_over_time_with_the_numbers_in_a_table(staff_client, gm):
    session, (ann, bob, carl) = gm
    later = SessionFactory(
        cohort=session.cohort,
        number=2,
        starts_at=session.starts_at + timedelta(days=28),
        status="delivered",
    )
    SessionFeedbackFactory(session=later, participant=carl, satisfaction=2)
    page = staff_client.get(OVERVIEW).content.decode()
    assert '<script src="/static/vendor/chartjs-4.6.1/chart.umd.min.js"></script>' in page
    data = json.loads(
        re.search(
            r'<script id="by-cohort-data" type="application/json">(.*?)</script>', page
        ).group(1)
    )
    assert data == {
        "labels": ["Sep 2021", "Oct 2021"],
        "datasets": [{"label": "GM Cohort 1", "data": [4.5, 2.0]}],
    }
    table = re.search(r"Mean satisfaction per month, by cohort.*?</table>", page, re.S).group(0)
    assert re.search(r"GM Cohort 1</th><td[^>]*>4.50</td><td[^>]*>2.00</td>", table)
    by_facilitator = re.search(
        r'<script id="by-facilitator-data" type="application/json">(.*?)</script>', page
    ).group(1)
    assert json.loads(by_facilitator)["datasets"][0]["label"] == "Ola Ade"


def test_it_shows_a_cohorts_sessions_and_comments_without_names(staff_client, gm):
    session, (ann, bob, carl) = gm
    session_feedback_links_send(session_id=session.pk)
    page = staff_client.get(cohort_url(session.cohort)).content.decode()
    rates = re.search(r'id="session-rates".*?</table>', page, re.S).group(0)
    assert re.search(r"<th scope=\"row\">1</th>\s*<td>7 Sep 2021</td>", rates)
    assert "67%" in rates
    assert "The hot-seat format." in page and "More time for actions." in page
    for person in (ann, bob):
        assert person.last_name not in page


def test_it_lists_only_the_hubs_comments(staff_client, gm, lcr):
    page = staff_client.get(COMMENTS).content.decode()
    assert "The hot-seat format." in page
    assert "secret" not in page


def _grow(hub, cohorts: int, sessions: int):
    """More cohorts, sessions, attendance and feedback in the hub."""
    for c in range(cohorts):
        first, members = delivered_session(
            hub=hub, members=3, lead_facilitator=FacilitatorFactory(hub=hub)
        )
        for n in range(sessions):
            session = (
                first
                if n == 0
                else SessionFactory(
                    cohort=first.cohort,
                    number=n + 1,
                    starts_at=first.starts_at + timedelta(days=14 * n),
                    status="delivered",
                )
            )
            for p in members:
                if n:
                    session.attendance.create(participant=p, status="present")
                SessionFeedbackFactory(
                    session=session,
                    participant=p,
                    submitted_on=date(2021, 9, 8) + timedelta(days=14 * n),
                    what_worked=f"Cohort {c} session {n}",
                )


@pytest.mark.parametrize("size", [(1, 1), (4, 4)], ids=["small", "larger"])
def test_it_reads_each_page_in_a_fixed_number_of_queries(
    staff_client, hub, gm, size, django_assert_max_num_queries
):
    _grow(hub, *size)
    session, _ = gm
    with django_assert_max_num_queries(14):
        assert staff_client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(10):
        assert staff_client.get(cohort_url(session.cohort)).status_code == 200
    # The comments page also lists the years of the year picker.
    with django_assert_max_num_queries(7):
        assert staff_client.get(COMMENTS).status_code == 200
