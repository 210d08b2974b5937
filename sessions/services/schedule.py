"""Writes for the schedule (SES-1 .. SES-5): a generated series, one session added, moved or
cancelled, the cohort marked scheduled, and members told of a moved session."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, CohortMembership
from peernetworks.emails import email_message
from peernetworks.models import ProgrammeYear
from peernetworks.queue import enqueue_on_commit
from peernetworks.units import LONDON

from ..models import Session, SessionStatus
from ..schedule import (
    Interval,
    check_in_programme_year,
    check_session_length,
    schedule_total,
    series_starts,
)
from .joining_instructions import calendar_url


@dataclass
class PlannedSession:
    starts_at: datetime
    duration_hours: Decimal
    warnings: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def _check(year: ProgrammeYear, starts_at: datetime, hours: Decimal) -> PlannedSession:
    planned = PlannedSession(starts_at=starts_at, duration_hours=hours)
    length = check_session_length(
        hours,
        recommended_min=year.session_hours_recommended_min,
        recommended_max=year.session_hours_recommended_max,
        absolute_max=year.session_hours_absolute_max,
        absolute_min=year.session_hours_absolute_min,
    )
    if length.refused:
        planned.refusals.append(length.refused)
    if length.warning:
        planned.warnings.append(length.warning)
    outside = check_in_programme_year(starts_at, start=year.start, end=year.end)
    if outside:
        planned.refusals.append(outside)
    return planned


def schedule_preview(
    *, cohort: Cohort, first_start: datetime, interval: str, lengths: list[Decimal]
) -> list[PlannedSession]:
    """SES-3: the whole series from a first date/time, an interval and the lengths."""
    starts = series_starts(first_start, Interval(interval), len(lengths))
    return [_check(cohort.programme_year, s, h) for s, h in zip(starts, lengths, strict=True)]


def _renumber(cohort: Cohort) -> None:
    sessions = list(cohort.sessions.order_by("starts_at", "pk"))
    for number, session in enumerate(sessions, start=1):
        session.number = number
    Session.objects.bulk_update(sessions, ["number"])


@transaction.atomic
def schedule_save(*, cohort: Cohort, planned: list[PlannedSession]) -> list[Session]:
    """Saves a generated series, replacing any planned sessions; all or nothing."""
    refusals = [
        f"Session {i}: {message}"
        for i, session in enumerate(planned, start=1)
        for message in session.refusals
    ]
    if refusals:
        raise ValidationError({"sessions": refusals})
    if cohort.sessions.exclude(status=SessionStatus.PLANNED).exists():
        raise ValidationError(
            {"sessions": "This cohort has delivered or cancelled sessions: edit them one by one."}
        )
    cohort.sessions.all().delete()
    sessions = Session.objects.bulk_create(
        [
            Session(
                cohort=cohort,
                number=number,
                starts_at=p.starts_at,
                duration_hours=p.duration_hours,
                delivery_mode=cohort.delivery_mode,
                platform=cohort.platform,
            )
            for number, p in enumerate(planned, start=1)
        ]
    )
    if (
        cohort.scheduled_at
        and not schedule_total(
            [p.duration_hours for p in planned], cohort.programme_year.group_hours_required
        ).matches
    ):
        cohort.scheduled_at = None  # SES-1: it does not match, so it is not "scheduled"
        cohort.save(update_fields=["scheduled_at"])
    return sessions


@transaction.atomic
def session_save(
    *, cohort: Cohort, starts_at: datetime, duration_hours: Decimal, session: Session | None = None
) -> tuple[Session, list[str]]:
    """Adds or edits one session (SES-2, SES-4); returns it with any warnings."""
    checked = _check(cohort.programme_year, starts_at, duration_hours)
    if checked.refusals:
        field_name = "duration_hours" if "hour" in checked.refusals[0] else "starts_at"
        raise ValidationError({field_name: checked.refusals})
    if session is not None and session.status == SessionStatus.DELIVERED:
        raise ValidationError({"starts_at": "A delivered session cannot be moved."})
    session = session or Session(
        cohort=cohort, delivery_mode=cohort.delivery_mode, platform=cohort.platform
    )
    moved_from = session.starts_at if session.pk and session.starts_at != starts_at else None
    if moved_from is not None:
        session.joining_instructions_sent_at = None  # a new time needs new instructions
    session.starts_at = starts_at
    session.duration_hours = duration_hours
    session.full_clean()
    session.save()
    _renumber(cohort)
    _unconfirm_if_changed(cohort)
    if moved_from is not None:
        # SES-5: members hear of a rescheduled session at once; the calendar event's UID is
        # stable, so their calendars update rather than duplicate it. The tasks module sends
        # through these services, so it is imported when needed.
        from ..tasks import notify_session_rescheduled

        enqueue_on_commit(notify_session_rescheduled, session.pk, moved_from.isoformat())
    return session, checked.warnings


def session_rescheduled_notify(session_id: int, moved_from: str) -> int:
    """SES-5: tells every current member that a session has moved (`moved_from`: its old start
    in ISO 8601). Returns the number of emails sent."""
    session = Session.objects.select_related("cohort__hub").filter(pk=session_id).first()
    if session is None:
        return 0
    before = datetime.fromisoformat(moved_from).astimezone(LONDON)
    after = session.starts_at.astimezone(LONDON)
    context = {
        "session": session,
        "before": f"{before:%A %d %B at %H:%M}",
        "after": f"{after:%A %d %B %Y at %H:%M}",
    }
    members = CohortMembership.objects.filter(
        cohort=session.cohort_id, left_at__isnull=True, participant__dropped_out_on__isnull=True
    ).select_related("participant")
    messages = [
        email_message(
            "session_rescheduled",
            {**context, "participant": m.participant, "calendar_url": calendar_url(m.participant)},
            subject=f"Session {session.number} of {session.cohort.name} has moved",
            to=[m.participant.email],
        )
        for m in members
    ]
    return get_connection().send_messages(messages) or 0


@transaction.atomic
def session_cancel(*, session: Session) -> None:
    if session.status == SessionStatus.DELIVERED:
        raise ValidationError({"status": "A delivered session cannot be cancelled."})
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    _unconfirm_if_changed(session.cohort)


def cohort_schedule_total(cohort: Cohort):
    lengths = cohort.sessions.exclude(status=SessionStatus.CANCELLED).values_list(
        "duration_hours", flat=True
    )
    return schedule_total(lengths, cohort.programme_year.group_hours_required)


def _unconfirm_if_changed(cohort: Cohort) -> None:
    if cohort.scheduled_at and not cohort_schedule_total(cohort).matches:
        cohort.scheduled_at = None
        cohort.save(update_fields=["scheduled_at"])


@transaction.atomic
def cohort_mark_scheduled(*, cohort: Cohort) -> Cohort:
    """SES-1: a cohort is scheduled only when its sessions total exactly the required hours."""
    total = cohort_schedule_total(cohort)
    if not total.matches:
        raise ValidationError({"sessions": f"Not scheduled: {total.describe()}"})
    if cohort.lead_facilitator_id is None:
        raise ValidationError({"lead_facilitator": "Choose the lead facilitator first."})
    cohort.scheduled_at = timezone.now()
    cohort.save(update_fields=["scheduled_at"])
    return cohort
