"""SPEC §1 on the facilitator portal: a facilitator reaches only the cohorts they lead or
support (another's is a 404, for reading and posting); hub staff their own hub's; providers
and the national coordinator are refused; anonymous users go to the login page."""

import pytest
from django.urls import reverse

from cohorts.services import cohort_set_facilitators
from sessions.models import AbsenceFollowUp, Attendance, SessionNote
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(programme_year, hub):
    cohort, participants, schedule = cohort_in_session(2, hub=hub)
    record(schedule[0], participants, **{f"p{participants[0].pk}": "absent"})
    return cohort, participants, schedule


def urls(cohort, participants, session) -> dict[str, str]:
    follow_up = AbsenceFollowUp.objects.get()
    who = participants[0]
    return {
        "cohort": reverse("facilitator:cohort-detail", args=[cohort.pk]),
        "session": reverse("facilitator:session-detail", args=[session.pk]),
        "follow_up": reverse("facilitator:follow-up-close", args=[follow_up.pk]),
        "disengaged": reverse("facilitator:participant-disengaged", args=[cohort.pk, who.pk]),
        "refer": reverse("facilitator:participant-refer", args=[cohort.pk, who.pk]),
    }


POSTS = ["session-attendance", "session-notes", "session-report-back"]


def test_it_sends_anonymous_users_to_the_login_page(client, setting):
    cohort, participants, schedule = setting
    for url in [reverse("facilitator:home"), *urls(cohort, participants, schedule[0]).values()]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_refuses_providers_and_the_national_coordinator(
    client, setting, hub, national_coordinator
):
    cohort, participants, schedule = setting
    for user in (ProviderFactory(hub=hub), national_coordinator):
        client.force_login(user)
        assert client.get(reverse("facilitator:home")).status_code == 403
        for url in urls(cohort, participants, schedule[0]).values():
            assert client.get(url).status_code == 403
        for name in POSTS:
            url = reverse(f"facilitator:{name}", args=[schedule[1].pk])
            assert client.post(url, {"mark_all_present": "on"}).status_code == 403


def test_it_hides_another_facilitators_cohort(client, setting, hub):
    cohort, participants, schedule = setting
    other = FacilitatorFactory(hub=hub)
    client.force_login(other)
    home = client.get(reverse("facilitator:home"))
    assert home.status_code == 200 and cohort.name not in home.content.decode()
    for url in urls(cohort, participants, schedule[0]).values():
        assert client.get(url).status_code == 404
    for name in POSTS:
        url = reverse(f"facilitator:{name}", args=[schedule[1].pk])
        assert client.post(url, {"mark_all_present": "on"}).status_code == 404
    assert not Attendance.objects.filter(session=schedule[1]).exists()
    assert not SessionNote.objects.exists()


def test_it_lets_the_lead_and_the_support_person_in(client, setting, hub):
    cohort, participants, schedule = setting
    support = FacilitatorFactory(hub=hub)
    cohort_set_facilitators(cohort=cohort, lead=cohort.lead_facilitator, support=support)
    for user in (cohort.lead_facilitator, support):
        client.force_login(user)
        assert cohort.name in client.get(reverse("facilitator:home")).content.decode()
        for url in urls(cohort, participants, schedule[0]).values():
            assert client.get(url).status_code == 200
    response = client.post(
        reverse("facilitator:session-attendance", args=[schedule[1].pk]), {"mark_all_present": "on"}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=schedule[1], recorded_by=support).count() == 2


def test_it_scopes_hub_staff_to_their_hub(client, setting, hub_staff, other_hub_staff):
    cohort, participants, schedule = setting
    pages = urls(cohort, participants, schedule[0])
    client.force_login(hub_staff)
    assert cohort.name in client.get(reverse("facilitator:home")).content.decode()
    for url in pages.values():
        assert client.get(url).status_code == 200

    client.force_login(other_hub_staff)
    assert cohort.name not in client.get(reverse("facilitator:home")).content.decode()
    for url in pages.values():
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("facilitator:session-attendance", args=[schedule[1].pk]), {"mark_all_present": "on"}
    )
    assert response.status_code == 404
