"""A participant's own page (SPEC §1): only their own records."""

from dataclasses import dataclass
from datetime import datetime

from cohorts.models import Cohort, CohortMembership
from participants.links import link_lifetime
from participants.models import Participant
from sessions.models import ATTENDED_STATUSES, ActionCard, Attendance, Session, SessionStatus

from ..models import (
    FeedbackInvitation,
    SessionFeedback,
    SurveyResponse,
)
from ..rules import feedback_period_open
from .cohorts import current_cohort


@dataclass
class SessionLine:
    session: Session
    attendance: str  # the status's label, "" when not recorded
    attended: bool
    feedback_given: bool
    feedback_open: bool


@dataclass
class ParticipantPage:
    cohort: Cohort | None
    sessions: list[SessionLine]
    action_cards: list
    surveys: dict[str, SurveyResponse]


def participant_page(participant: Participant, *, now: datetime) -> ParticipantPage:
    """The participant's cohort, its sessions with their attendance and feedback, their action
    cards and survey responses: a fixed handful of queries."""
    cohort = current_cohort(participant)
    lines: list[SessionLine] = []
    if cohort is None:
        last = (
            CohortMembership.objects.filter(participant=participant)
            .select_related("cohort__programme_year", "cohort__lead_facilitator")
            .order_by("-joined_at")
            .first()
        )
        cohort = last.cohort if last else None
    if cohort is not None:
        sessions = list(
            cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
        )
        attendance = {
            a.session_id: a
            for a in Attendance.objects.filter(participant=participant, session__cohort=cohort)
        }
        given = set(
            SessionFeedback.objects.filter(
                participant=participant, session__cohort=cohort
            ).values_list("session_id", flat=True)
        )
        invitations = {
            i.session_id: i
            for i in FeedbackInvitation.objects.filter(
                participant=participant, session__cohort=cohort
            )
        }
        lifetime = link_lifetime(participant)
        for session in sessions:
            row = attendance.get(session.pk)
            attended = row is not None and row.status in ATTENDED_STATUSES
            invitation = invitations.get(session.pk)
            lines.append(
                SessionLine(
                    session=session,
                    attendance=row.get_status_display() if row else "",
                    attended=attended,
                    feedback_given=session.pk in given,
                    feedback_open=attended
                    and session.status == SessionStatus.DELIVERED
                    and session.pk not in given
                    and invitation is not None
                    and feedback_period_open(
                        sent_at=invitation.sent_at, now=now, lifetime=lifetime
                    ),
                )
            )
    cards = list(
        ActionCard.objects.filter(participant=participant)
        .select_related("session")
        .order_by("session__starts_at")
    )
    surveys = {r.kind: r for r in SurveyResponse.objects.filter(participant=participant)}
    return ParticipantPage(cohort=cohort, sessions=lines, action_cards=cards, surveys=surveys)
