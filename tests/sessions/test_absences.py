"""SES-8: absences open follow-ups the facilitator closes; two consecutive absences mark a
participant at risk."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts.models import Cohort
from participants.models import Participant
from sessions import attendance as rules
from sessions.models import AbsenceFollowUp
from sessions.selectors import at_risk_participant_ids
from sessions.services import absence_follow_up_close, participant_drop_out
from tests.sessions.factories import cohort_in_session, record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("statuses", "at_risk"),
    [
        ([], False),
        (["absent"], False),
        (["present", "absent", "absent"], True),
        (["apologies", "absent"], True),
        (["absent", "present", "absent"], False),
        (["absent", "absent", "present"], False),  # attending again clears it
        (["absent", None, "absent"], False),  # not recorded (before they joined) breaks a run
        (["late", "left_early", "apologies", "apologies"], True),
    ],
)
def test_it_counts_consecutive_absences(statuses, at_risk):
    assert rules.is_at_risk(statuses) is at_risk


@pytest.fixture
def four(programme_year, hub):
    return cohort_in_session(4, hub=hub)


def test_it_marks_at_risk_after_two_consecutive_absences(four):
    cohort, (steady, twice, apart, sorry), schedule = four
    s1, s2, s3, *_ = schedule
    record(s1, four[1], **{f"p{twice.pk}": "absent", f"p{apart.pk}": "absent"})
    record(s2, four[1], **{f"p{twice.pk}": "absent", f"p{sorry.pk}": "apologies"})
    assert at_risk_participant_ids(cohort) == {twice.pk}
    assert at_risk_participant_ids(Cohort.objects.filter(pk=cohort.pk)) == {twice.pk}
    assert at_risk_participant_ids(Participant.objects.filter(pk__in=[twice.pk, apart.pk])) == {
        twice.pk
    }

    record(s3, four[1], **{f"p{apart.pk}": "absent", f"p{sorry.pk}": "apologies"})
    # twice came back; apart's absences are not consecutive; sorry sent apologies twice.
    assert at_risk_participant_ids(cohort) == {sorry.pk}


def test_it_follows_the_delivered_sessions_in_order_of_start(four):
    cohort, participants, (s1, s2, s3, *_) = four
    who = participants[0]
    record(s3, participants, **{f"p{who.pk}": "absent"})
    record(s1, participants, **{f"p{who.pk}": "absent"})
    # s2 is not delivered (yet): s1 and s3 are consecutive delivered sessions.
    assert at_risk_participant_ids(cohort) == {who.pk}
    record(s2, participants)
    assert at_risk_participant_ids(cohort) == set()  # absent, present, absent


def test_it_does_not_flag_someone_who_has_dropped_out(four, hub_staff):
    from datetime import date

    cohort, participants, (s1, s2, *_) = four
    who = participants[0]
    record(s1, participants, **{f"p{who.pk}": "absent"})
    record(s2, participants, **{f"p{who.pk}": "absent"})
    assert at_risk_participant_ids(cohort) == {who.pk}
    participant_drop_out(participant=who, on=date(2021, 10, 1), reason="Left", by=hub_staff)
    assert at_risk_participant_ids(cohort) == set()


def test_it_shows_the_at_risk_flag_on_the_portal(client, four):
    cohort, participants, (s1, s2, *_) = four
    who = participants[1]
    record(s1, participants, **{f"p{who.pk}": "absent"})
    record(s2, participants, **{f"p{who.pk}": "apologies"})
    client.force_login(cohort.lead_facilitator)
    page = client.get(reverse("facilitator:home")).content.decode()
    assert page.count("flag-at-risk") == 1
    assert "1 at risk" in page


def test_it_opens_a_follow_up_for_absences_and_apologies(four):
    cohort, participants, (s1, *_) = four
    absent, sorry = participants[:2]
    record(s1, participants, **{f"p{absent.pk}": "absent", f"p{sorry.pk}": "apologies"})
    assert set(
        AbsenceFollowUp.objects.filter(closed_at__isnull=True).values_list(
            "attendance__participant", flat=True
        )
    ) == {absent.pk, sorry.pk}


def test_it_closes_a_follow_up_with_a_note(client, four):
    cohort, participants, (s1, *_) = four
    absent = participants[0]
    record(s1, participants, **{f"p{absent.pk}": "absent"})
    follow_up = AbsenceFollowUp.objects.get()
    client.force_login(cohort.lead_facilitator)
    assert (
        f"/follow-ups/{follow_up.pk}/close/"
        in client.get(reverse("facilitator:home")).content.decode()
    )

    url = reverse("facilitator:follow-up-close", args=[follow_up.pk])
    assert client.post(url, {"note": ""}).status_code == 200  # a note is required
    response = client.post(url, {"note": "Phoned: their child was ill; back next time."})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.closed_at and follow_up.closed_by == cohort.lead_facilitator
    assert follow_up.note.startswith("Phoned")
    assert "Absences to follow up" not in client.get(reverse("facilitator:home")).content.decode()

    with pytest.raises(ValidationError, match="already closed"):
        absence_follow_up_close(follow_up=follow_up, note="again", by=None)


def test_it_closes_a_follow_up_when_the_absence_is_corrected_and_reopens_it(four):
    cohort, participants, (s1, *_) = four
    who = participants[0]
    record(s1, participants, **{f"p{who.pk}": "absent"})
    record(s1, participants)  # it was a mistake: present
    follow_up = AbsenceFollowUp.objects.get()
    assert follow_up.closed_at is not None
    assert follow_up.note == "Attendance corrected to Present."

    record(s1, participants, **{f"p{who.pk}": "apologies"})
    follow_up.refresh_from_db()
    assert follow_up.closed_at is None and follow_up.note == ""
    record(s1, participants, **{f"p{who.pk}": "absent"})  # still an absence: stays open
    assert AbsenceFollowUp.objects.filter(closed_at__isnull=True).count() == 1
