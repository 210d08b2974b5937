"""SUR-5, the daily job: feedback links not yet sent, survey invitations due, and bounded
reminders. Every email is claimed with an optimistic update() before it goes and released if
sending fails, so a re-run or an overlapping run never sends twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.mail import get_connection
from django.utils import timezone

from participants.links import link_lifetime

from .. import selectors
from ..models import (
    FeedbackInvitation,
    SurveyKind,
    SurveyResponse,
)
from ..rules import (
    feedback_period_open,
    loosest_reminder_limits,
    reminder_due,
    reminder_limits,
)
from .emails import (
    SURVEY_SUBJECTS,
    feedback_email_context,
    send_participant_email,
    survey_email_context,
)
from .feedback import session_feedback_links_send
from .surveys import survey_invitation_send


@dataclass
class ReminderRun:
    feedback_links: int = 0
    survey_invitations: int = 0
    feedback_reminders: int = 0
    survey_reminders: int = 0

    def __str__(self) -> str:
        return (
            f"{self.feedback_links} feedback link(s), {self.survey_invitations} survey "
            f"invitation(s), {self.feedback_reminders} feedback reminder(s), "
            f"{self.survey_reminders} survey reminder(s) sent."
        )


def _claim_reminder(model, obj, now: datetime) -> bool:
    """Counts a reminder only if no other run has sent one since this row was read."""
    return bool(
        model.objects.filter(
            pk=obj.pk, reminders_sent=obj.reminders_sent, last_reminded_at=obj.last_reminded_at
        ).update(reminders_sent=obj.reminders_sent + 1, last_reminded_at=now)
    )


def _unclaim_reminder(model, obj, now: datetime) -> None:
    model.objects.filter(pk=obj.pk, last_reminded_at=now).update(
        reminders_sent=obj.reminders_sent, last_reminded_at=obj.last_reminded_at
    )


def reminders_send_due(*, now: datetime | None = None) -> ReminderRun:
    """SUR-1, SUR-5, run daily by beat and by `send_survey_reminders`. Catches up any feedback
    link not yet sent, invites participants to the surveys now due, and reminds them of
    unanswered feedback and unfinished surveys: at most the participant's programme year's
    `survey_reminders_max` each, `survey_reminder_gap_days` apart, never feedback reminders to
    a participant who has dropped out. Re-running it the same day sends nothing more."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun()

    for session in selectors.sessions_missing_feedback_links(now=now):
        run.feedback_links += session_feedback_links_send(session_id=session.pk, now=now)

    for kind in SurveyKind.values:
        for participant in selectors.participants_due_survey(kind, today=today):
            run.survey_invitations += survey_invitation_send(
                participant_id=participant.pk, kind=kind, now=now
            )

    connection = get_connection()
    loosest = loosest_reminder_limits()
    for invitation in selectors.feedback_invitations_to_remind(
        now=now, max_reminders=loosest.max_reminders, gap=loosest.gap
    ):
        participant = invitation.participant
        limits = reminder_limits(participant.programme_year)
        if not feedback_period_open(
            sent_at=invitation.sent_at, now=now, lifetime=link_lifetime(participant)
        ) or not reminder_due(
            first_sent_at=invitation.sent_at,
            last_reminded_at=invitation.last_reminded_at,
            reminders_sent=invitation.reminders_sent,
            now=now,
            max_reminders=limits.max_reminders,
            gap=limits.gap,
        ):
            continue
        if not _claim_reminder(FeedbackInvitation, invitation, now):
            continue
        session = invitation.session
        try:
            run.feedback_reminders += send_participant_email(
                participant,
                f"Reminder: your feedback on Peer Networks session {session.number}",
                "session_feedback",
                feedback_email_context(session, participant, reminder=True),
                connection,
            )
        except Exception:
            _unclaim_reminder(FeedbackInvitation, invitation, now)
            raise

    for response in selectors.survey_responses_to_remind(
        now=now, today=today, max_reminders=loosest.max_reminders, gap=loosest.gap
    ):
        limits = reminder_limits(response.participant.programme_year)
        if not reminder_due(
            first_sent_at=response.invited_at,
            last_reminded_at=response.last_reminded_at,
            reminders_sent=response.reminders_sent,
            now=now,
            max_reminders=limits.max_reminders,
            gap=limits.gap,
        ) or not _claim_reminder(SurveyResponse, response, now):
            continue
        participant = response.participant
        try:
            run.survey_reminders += send_participant_email(
                participant,
                f"Reminder: {SURVEY_SUBJECTS[response.kind]}",
                "survey",
                survey_email_context(participant, response.kind, reminder=True),
                connection,
            )
        except Exception:
            _unclaim_reminder(SurveyResponse, response, now)
            raise
    return run
