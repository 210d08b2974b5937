"""The portal's pages run a constant number of queries, however many cohorts, members,
sessions and records there are: the portal is used on a phone, in a minute per session."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions.models import ActionCard
from sessions.services import disengagement_report, support_referral_create
from tests.peernetworks.factories import FacilitatorFactory
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db

# Session, user, the user's hub (header) and programme year (footer); the current year for the
# scope; cohorts with totals, and their sessions; members with hours, follow-ups and reports in
# one; three for the at-risk flags; one-to-one progress; open follow-ups; the user's peer
# groups.
HOME_QUERIES = 14
# Hub staff also see open disengagement reports and referrals.
STAFF_HOME_QUERIES = HOME_QUERIES + 2
# Session, user, hub, year; the cohort; then the summary queries of the home page.
COHORT_QUERIES = 12
# Session, user, hub, year; the session; the roll and its rows; the note, topics chosen and to
# choose, presenters and this session's cards; cards to report back; the history.
SESSION_QUERIES = 14


def build(size: str, hub, facilitator):
    """small: one cohort of 2, one session recorded. large: three cohorts of 11, six sessions
    each recorded with absences, action cards, reports and referrals."""
    if size == "small":
        cohort, participants, schedule = cohort_in_session(2, hub=hub, lead_facilitator=facilitator)
        record(schedule[0], participants)
        return schedule[1]
    for _ in range(3):
        cohort, participants, schedule = cohort_in_session(
            11, hub=hub, lead_facilitator=facilitator
        )
        for n, session in enumerate(schedule[:6]):
            record(
                session,
                participants,
                **{f"p{participants[0].pk}": "absent", f"p{participants[n].pk}": "apologies"},
            )
            ActionCard.objects.bulk_create(
                ActionCard(session=session, participant=p, actions="Do it") for p in participants
            )
        disengagement_report(
            participant=participants[1], cohort=cohort, reason="Quiet", by=facilitator
        )
        support_referral_create(
            participant=participants[2], cohort=cohort, reason="Finance", by=facilitator
        )
    return schedule[6]


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", ["small", "large"])
def test_it_runs_a_constant_number_of_queries(
    size, client, programme_year, hub, hub_staff, django_assert_max_num_queries
):
    facilitator = FacilitatorFactory(hub=hub)
    session = build(size, hub, facilitator)
    cohort_url = reverse("facilitator:cohort-detail", args=[session.cohort_id])
    session_url = reverse("facilitator:session-detail", args=[session.pk])

    client.force_login(facilitator)
    with django_assert_max_num_queries(HOME_QUERIES):
        page = client.get(reverse("facilitator:home"))
    assert page.status_code == 200
    with django_assert_max_num_queries(COHORT_QUERIES):
        assert client.get(cohort_url).status_code == 200
    with django_assert_max_num_queries(SESSION_QUERIES):
        page = client.get(session_url)
    assert page.status_code == 200
    if size == "large":
        assert len(page.context["attendance_form"].roll) == 11
        assert len(page.context["report_form"].cards) == 11

    client.force_login(hub_staff)
    with django_assert_max_num_queries(STAFF_HOME_QUERIES):
        assert client.get(reverse("facilitator:home")).status_code == 200
    with django_assert_max_num_queries(SESSION_QUERIES):
        assert client.get(session_url).status_code == 200


def test_it_runs_the_same_queries_at_both_sizes(client, programme_year, hub, other_hub):
    small, large = FacilitatorFactory(hub=hub), FacilitatorFactory(hub=other_hub)
    small_session, large_session = build("small", hub, small), build("large", other_hub, large)
    counts = {}
    for user, session in ((small, small_session), (large, large_session)):
        client.force_login(user)
        counts[user.pk] = (
            count(client, reverse("facilitator:home")),
            count(client, reverse("facilitator:cohort-detail", args=[session.cohort_id])),
            count(client, reverse("facilitator:session-detail", args=[session.pk])),
        )
    assert counts[small.pk] == counts[large.pk]
