"""Reads for joining instructions (SES-5): the sessions due them and those running late."""

from datetime import datetime, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from peernetworks.models import ProgrammeYear

from ..models import Session, SessionStatus

LEAD_HOURS = 24  # sent up to a day before the 48-hour deadline, so a missed run still makes it


def due_sessions(now: datetime, notice_hours: int | None = None) -> list[Session]:
    """Planned sessions without instructions, starting within the notice period plus a day.
    Each session is judged by its own cohort's programme year's notice (PY-1), so a year that
    changes the notice changes it for its own sessions only."""
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


def late_instructions(sessions: QuerySet[Session], *, now: datetime | None = None, notice_hours=48):
    """SES-5 flag: planned sessions closer than the notice period with instructions unsent."""
    now = now or timezone.now()
    return sessions.filter(
        status=SessionStatus.PLANNED,
        joining_instructions_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lt=now + timedelta(hours=notice_hours),
    )
