"""Builders for quality management and life after the programme."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from feedback.models import SessionFeedback
from quality.models import (
    AlumniConsent,
    ContinuingSession,
    FacilitatorPeerGroup,
    PeerGroupMeeting,
    PractitionerProfile,
    QualityItem,
)
from quality.services import (
    alumni_opt_in,
    peer_group_create,
    quality_item_create,
)
from sessions.models import Attendance
from tests.cohorts.factories import cohort_with_members
from tests.feedback.factories import LONDON, SESSION_START
from tests.peernetworks.factories import FacilitatorFactory, UserFactory
from tests.sessions.factories import SessionFactory


def quality_item(hub, *, raised_on=date(2021, 9, 10), due_on=None, kind="complaint", **kw):
    """An item recorded by the hub's staff."""
    staff = kw.pop("created_by", None) or UserFactory(hub=hub)
    fields = {
        "kind": kind,
        "raised_by_type": "participant",
        "raised_by_name": "Priya Shah",
        "channel": "email",
        "raised_on": raised_on,
        "about": "Session timing",
        "summary": "The session overran by half an hour.",
        "due_on": due_on,
    }
    fields.update(kw)
    return quality_item_create(hub=hub, created_by=staff, **fields)


def ended_cohort(*, hub, members: int = 3, **cohort_kw):
    """A cohort whose six delivered 3-hour sessions (7-12 Sep 2021) reach the 18 required hours:
    completed on 12 Sep 2021. Every member attended every session."""
    cohort, memberships = cohort_with_members(members, hub=hub, **cohort_kw)
    sessions = [
        SessionFactory(
            cohort=cohort,
            number=n + 1,
            starts_at=datetime(2021, 9, 7 + n, 9, 30, tzinfo=LONDON),
            duration_hours=Decimal("3"),
            status="delivered",
        )
        for n in range(6)
    ]
    participants = [m.participant for m in memberships]
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, participant=p, status="present")
            for s in sessions
            for p in participants
        ]
    )
    return cohort, participants, sessions


def low_feedback(session, participant, *, satisfaction=1, **kw):
    return SessionFeedback.objects.create(
        session=session,
        participant=participant,
        satisfaction=satisfaction,
        relevance=kw.pop("relevance", 2),
        facilitation=kw.pop("facilitation", 2),
        what_to_improve=kw.pop("what_to_improve", "Less lecturing, more listening."),
        submitted_on=kw.pop("submitted_on", date(2021, 9, 8)),
        **kw,
    )


def delivered_with_attendance(hub, members=2, **cohort_kw):
    cohort, memberships = cohort_with_members(members, hub=hub, **cohort_kw)
    session = SessionFactory(cohort=cohort, number=1, starts_at=SESSION_START, status="delivered")
    participants = [m.participant for m in memberships]
    Attendance.objects.bulk_create(
        [Attendance(session=session, participant=p, status="present") for p in participants]
    )
    return session, participants


# Rows of each hub-scoped quality model belonging to a hub, for the admin scope tests.


def _item(hub):
    return quality_item(hub)


def _profile(hub):
    return PractitionerProfile.objects.create(user=FacilitatorFactory(hub=hub))


def _group(hub):
    organiser = UserFactory(hub=hub)
    return peer_group_create(
        cluster=hub.cluster, name=f"{hub.name} facilitators", organiser=organiser, members=[]
    )


def _meeting(hub):
    group = _group(hub)
    staff = group.organiser
    group.members.add(staff)
    meeting = PeerGroupMeeting.objects.create(
        group=group, held_on=date(2021, 10, 1), themes="Keeping cameras on"
    )
    meeting.attendees.add(staff)
    return meeting


def _consent(hub):
    cohort, participants, _ = ended_cohort(hub=hub, members=1)
    return alumni_opt_in(cohort=cohort, participant=participants[0])


def _continuing(hub):
    cohort, participants, _ = ended_cohort(hub=hub, members=1)
    return ContinuingSession.objects.create(
        cohort=cohort, held_on=date(2021, 11, 1), topics="Hiring", attendee_count=1
    )


# For tests/peernetworks/test_admin_scope_every_model.py: MAKERS.update(QUALITY_ADMIN_MAKERS).
ADMIN_MAKERS = {
    QualityItem: _item,
    PractitionerProfile: _profile,
    FacilitatorPeerGroup: _group,
    PeerGroupMeeting: _meeting,
    AlumniConsent: _consent,
    ContinuingSession: _continuing,
}


def now_in_2021():
    return timezone.make_aware(datetime(2021, 10, 1, 12, 0))
