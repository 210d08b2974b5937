"""Factories and builders for feedback and surveys."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from feedback.models import SessionFeedback, SurveyKind, SurveyResponse
from sessions.models import Attendance
from tests.cohorts.factories import cohort_with_members
from tests.sessions.factories import SessionFactory

LONDON = ZoneInfo("Europe/London")
# A Tuesday session inside programme year 2021/22; tests freeze time around it.
SESSION_START = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)


def delivered_session(
    *, hub, members: int = 3, attended: int | None = None, starts_at=SESSION_START, **cohort_kw
):
    """A cohort of `members`, one delivered session the first `attended` of them attended (the
    rest absent). Returns (session, participants)."""
    cohort, memberships = cohort_with_members(members, hub=hub, **cohort_kw)
    session = SessionFactory(cohort=cohort, number=1, starts_at=starts_at, status="delivered")
    participants = [m.participant for m in memberships]
    attended = members if attended is None else attended
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session, participant=p, status="present" if i < attended else "absent"
            )
            for i, p in enumerate(participants)
        ]
    )
    return session, participants


def completed_cohort(*, hub, members: int = 2, **cohort_kw):
    """A cohort whose delivered sessions reach the 18 required hours (COH-6 completed)."""
    cohort, memberships = cohort_with_members(members, hub=hub, **cohort_kw)
    for n in range(6):
        SessionFactory(
            cohort=cohort,
            number=n + 1,
            starts_at=datetime(2021, 9, 7 + n, 9, 30, tzinfo=LONDON),
            duration_hours=Decimal("3"),
            status="delivered",
        )
    return cohort, [m.participant for m in memberships]


class SessionFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionFeedback

    satisfaction = 4
    relevance = 4
    facilitation = 5
    submitted_on = date(2021, 9, 8)


def feedback_row(hub):
    """One feedback row belonging to `hub` (for admin scope tests)."""
    session, participants = delivered_session(hub=hub, members=1)
    return SessionFeedbackFactory(session=session, participant=participants[0])


def survey_response_row(hub):
    from tests.participants.factories import BusinessFactory, ParticipantFactory

    participant = ParticipantFactory(business=BusinessFactory(hub=hub))
    return SurveyResponse.objects.create(
        participant=participant, kind=SurveyKind.BASELINE, completed_on=date(2021, 9, 1)
    )


# For tests/peernetworks/test_admin_scope_every_model.py:
# model -> how to make one row of a given hub.
ADMIN_MAKERS = {
    SessionFeedback: feedback_row,
    SurveyResponse: survey_response_row,
}
