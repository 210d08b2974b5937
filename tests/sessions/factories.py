"""Factories and helpers for group sessions' tests: sessions, schedules, observations, and
cohorts in session with their registers recorded."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from sessions.models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    DisengagementReport,
    Observation,
    Session,
    SessionNote,
    SupportReferral,
)
from sessions.services import Mark, attendance_record
from tests.cohorts.factories import CohortFactory, cohort_with_members
from tests.peernetworks.factories import UserFactory

LONDON = ZoneInfo("Europe/London")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.Sequence(
        lambda n: datetime(2021, 9, 7, 9, 30, tzinfo=LONDON) + timedelta(days=14 * n)
    )
    duration_hours = Decimal("3")
    status = "planned"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = None
    status = "present"


def fortnightly_schedule(
    cohort, *, first: datetime, lengths=(3, 2, 2, 2, 2, 2, 2, 3), status="planned"
):
    """Sessions every 14 days from `first`, local time kept across clock changes."""
    naive = first.replace(tzinfo=None)
    return [
        SessionFactory(
            cohort=cohort,
            number=i + 1,
            starts_at=(naive + timedelta(days=14 * i)).replace(tzinfo=LONDON),
            duration_hours=Decimal(str(hours)),
            status=status,
        )
        for i, hours in enumerate(lengths)
    ]


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    session = factory.SubFactory(SessionFactory)
    observer = factory.LazyAttribute(lambda o: UserFactory(hub=o.session.cohort.hub))
    notice_given_at = factory.LazyAttribute(lambda o: o.session.starts_at - timedelta(days=3))


def cohort_in_session(members: int, *, sessions: int = 8, **cohort_kwargs):
    """A cohort of `members` with a fortnightly schedule starting in September 2021 (so every
    session has started), all still planned."""
    cohort, memberships = cohort_with_members(members, **cohort_kwargs)
    lengths = ((3,) + (2,) * 6 + (3,))[:sessions] if sessions <= 8 else (2,) * sessions
    schedule = fortnightly_schedule(
        cohort, first=datetime(2021, 9, 7, 9, 30, tzinfo=LONDON), lengths=lengths
    )
    return cohort, [m.participant for m in memberships], schedule


def record(session, participants, by=None, **exceptions):
    """Records the register: everyone present except `exceptions` {participant pk as
    "p<pk>": status or (status, minutes)}."""
    marks = {}
    for participant in participants:
        exception = exceptions.get(f"p{participant.pk}", "present")
        status, minutes = exception if isinstance(exception, tuple) else (exception, None)
        marks[participant.pk] = Mark(status=status, minutes=minutes)
    rows = attendance_record(session=session, marks=marks, by=by or session.cohort.lead_facilitator)
    session.refresh_from_db()
    return rows


def future_session(cohort, **kwargs):
    return SessionFactory(cohort=cohort, starts_at=timezone.now() + timedelta(days=7), **kwargs)


# Rows of the portal's models belonging to a hub, for the admin scope tests (SPEC §1).


def _attendance(hub):
    cohort, participants, schedule = cohort_in_session(1, sessions=1, hub=hub)
    return record(schedule[0], participants, **{f"p{participants[0].pk}": "absent"})[0]


def _follow_up(hub):
    return AbsenceFollowUp.objects.get(attendance=_attendance(hub))


def _note(hub):
    session = SessionFactory(cohort=CohortFactory(hub=hub))
    return SessionNote.objects.create(session=session, process_issues="Zoom dropped twice.")


def _card(hub):
    cohort, participants, schedule = cohort_in_session(1, sessions=1, hub=hub)
    return ActionCard.objects.create(
        session=schedule[0], participant=participants[0], actions="Call the bank."
    )


def _report(hub):
    cohort, participants, _ = cohort_in_session(1, sessions=1, hub=hub)
    return DisengagementReport.objects.create(
        participant=participants[0],
        cohort=cohort,
        reported_by=cohort.lead_facilitator,
        reason="Not replying.",
    )


def _referral(hub):
    cohort, participants, _ = cohort_in_session(1, sessions=1, hub=hub)
    return SupportReferral.objects.create(
        participant=participants[0],
        cohort=cohort,
        referred_by=cohort.lead_facilitator,
        reason="Needs finance help.",
    )


# For tests/peernetworks/test_admin_scope_every_model.py MAKERS.
ADMIN_MAKERS = {
    Attendance: _attendance,
    AbsenceFollowUp: _follow_up,
    SessionNote: _note,
    ActionCard: _card,
    DisengagementReport: _report,
    SupportReferral: _referral,
}
