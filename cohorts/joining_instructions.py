"""SES-5: joining instructions reach every participant at least 48 hours before each session."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from participants.links import participant_token
from sessions.models import Session, SessionStatus
from sessions.schedule import LONDON, hours_text

from .models import CohortMembership

LEAD_HOURS = 24  # sent up to a day before the 48-hour deadline, so a missed run still makes it


@dataclass
class JoiningInstructionsRun:
    sent: list[int] = field(default_factory=list)
    emails: int = 0


def calendar_url(participant) -> str:
    """The participant's personal link to their series as an .ics file."""
    return settings.SITE_URL + reverse(
        "cohorts:participant-calendar", args=[participant_token(participant, "calendar")]
    )


def instructions_text(session: Session, participant) -> str:
    cohort = session.cohort
    hub = cohort.hub
    local = session.starts_at.astimezone(LONDON)
    calendar = calendar_url(participant)
    lines = [
        f"Dear {participant.first_name},",
        "",
        f"Your Peer Networks session {session.number} with {cohort.name} is on "
        f"{local:%A %d %B %Y at %H:%M} and lasts {hours_text(session.duration_hours)} hours.",
        "",
    ]
    if session.delivery_mode == "face_to_face":
        lines.append(f"Venue: {cohort.venue or 'your hub will confirm the venue'}")
    else:
        lines.append(f"Platform: {session.get_platform_display() or cohort.get_platform_display()}")
        lines.append(f"Joining link: {session.joining_link or cohort.joining_link or 'to follow'}")
        if cohort.dial_in:
            lines.append(f"Dial-in: {cohort.dial_in}")
    if hub.tech_support_contact:
        lines.append(f"Technology support: {hub.tech_support_contact}")
    if cohort.backup_plan:
        lines.append(f"If the technology fails: {cohort.backup_plan}")
    lines += ["", f"Add every session to your calendar: {calendar}", "", hub.name]
    return "\n".join(lines)


def due_sessions(now: datetime, notice_hours: int | None = None) -> list[Session]:
    """Planned sessions without instructions, starting within the notice period plus a day.
    Each session is judged by its own cohort's programme year's notice (PY-1), so a year that
    changes the notice changes it for its own sessions only."""
    from peernetworks.models import ProgrammeYear

    widest = notice_hours
    if widest is None:
        widest = (
            ProgrammeYear.objects.aggregate(hours=Max("joining_instructions_notice_hours"))["hours"]
            or 48
        )
    candidates = Session.objects.filter(
        status=SessionStatus.PLANNED,
        joining_instructions_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=widest + LEAD_HOURS),
    ).select_related("cohort__hub", "cohort__programme_year")
    return [
        session
        for session in candidates
        if session.starts_at
        <= now
        + timedelta(
            hours=(
                notice_hours
                if notice_hours is not None
                else session.cohort.programme_year.joining_instructions_notice_hours
            )
            + LEAD_HOURS
        )
    ]


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
        messages = [
            EmailMessage(
                subject=f"Joining instructions: Peer Networks session {session.number}, "
                f"{session.starts_at.astimezone(LONDON):%d %B}",
                body=instructions_text(session, m.participant),
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


def late_instructions(sessions: QuerySet[Session], *, now: datetime | None = None, notice_hours=48):
    """SES-5 flag: planned sessions closer than the notice period with instructions unsent."""
    now = now or timezone.now()
    return sessions.filter(
        status=SessionStatus.PLANNED,
        joining_instructions_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lt=now + timedelta(hours=notice_hours),
    )
