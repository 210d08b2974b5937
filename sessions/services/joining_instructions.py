"""SES-5: joining instructions reach every participant at least 48 hours before each session."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortMembership
from participants.links import participant_token
from peernetworks.emails import email_message, site_url
from peernetworks.units import LONDON, hours_text

from ..models import Session
from ..selectors.joining_instructions import due_sessions


@dataclass
class JoiningInstructionsRun:
    sent: list[int] = field(default_factory=list)
    emails: int = 0


def calendar_url(participant) -> str:
    """The participant's personal link to their series as an .ics file."""
    return site_url(
        reverse("cohorts:participant-calendar", args=[participant_token(participant, "calendar")])
    )


def instructions_context(session: Session, participant) -> dict:
    """What templates/emails/joining_instructions.txt and .html need."""
    cohort = session.cohort
    return {
        "participant": participant,
        "session": session,
        "cohort": cohort,
        "hub": cohort.hub,
        "when": f"{session.starts_at.astimezone(LONDON):%A %d %B %Y at %H:%M}",
        "hours": hours_text(session.duration_hours),
        "face_to_face": session.delivery_mode == "face_to_face",
        "platform": session.get_platform_display() or cohort.get_platform_display(),
        "joining_link": session.joining_link or cohort.joining_link,
        "calendar_url": calendar_url(participant),
    }


def joining_instructions_send_due(*, now: datetime | None = None) -> JoiningInstructionsRun:
    """The scheduled job. Idempotent: each session is claimed with an optimistic update before
    sending, so overlapping runs never email twice; a failed send un-claims it for next time."""
    now = now or timezone.now()
    run = JoiningInstructionsRun()
    for session in due_sessions(now):
        claimed = Session.objects.filter(
            pk=session.pk, joining_instructions_sent_at__isnull=True
        ).update(joining_instructions_sent_at=now)
        if not claimed:
            continue
        members = CohortMembership.objects.filter(
            cohort=session.cohort_id, left_at__isnull=True, participant__dropped_out_on__isnull=True
        ).select_related("participant")
        subject = (
            f"Joining instructions: Peer Networks session {session.number}, "
            f"{session.starts_at.astimezone(LONDON):%d %B}"
        )
        messages = [
            email_message(
                "joining_instructions",
                instructions_context(session, m.participant),
                subject=subject,
                to=[m.participant.email],
            )
            for m in members
        ]
        try:
            run.emails += get_connection().send_messages(messages) or 0
        except Exception:
            Session.objects.filter(pk=session.pk).update(joining_instructions_sent_at=None)
            raise
        run.sent.append(session.pk)
    return run
