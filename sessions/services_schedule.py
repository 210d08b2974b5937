"""Writes for the schedule (SES-1 .. SES-5) and quality observations (SES-11)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from peernetworks.models import ProgrammeYear
from peernetworks.queue import enqueue_on_commit

from .models import Observation, ObservationMethod, Session, SessionStatus
from .schedule import (
    Interval,
    check_in_programme_year,
    check_session_length,
    observation_notice_ok,
    schedule_total,
    series_starts,
)


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
        cohort.scheduled_at = None  # SES-1: no longer matches, so no longer "scheduled"
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
        # stable, so their calendars update rather than duplicate it.
        from cohorts.tasks import notify_session_rescheduled

        enqueue_on_commit(notify_session_rescheduled, session.pk, moved_from.isoformat())
    return session, checked.warnings


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
        raise ValidationError({"sessions": f"Not scheduled: {total.describe()} (SES-1)"})
    if cohort.lead_facilitator_id is None:
        raise ValidationError({"lead_facilitator": "Choose the lead facilitator first (COH-5)."})
    cohort.scheduled_at = timezone.now()
    cohort.save(update_fields=["scheduled_at"])
    return cohort


@transaction.atomic
def observation_book(
    *,
    session: Session,
    observer,
    method: str = ObservationMethod.LIVE,
    notice_given_at: datetime | None = None,
) -> Observation:
    """SES-11: at least the programme year's notice (24 h) to the facilitator."""
    notice_given_at = notice_given_at or timezone.now()
    year = session.cohort.programme_year
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": "Only a planned session can be booked for observation."})
    if not observation_notice_ok(
        session.starts_at,
        notice_given_at=notice_given_at,
        notice_hours=year.observation_notice_hours,
    ):
        raise ValidationError(
            {
                "session": f"The facilitator must have at least {year.observation_notice_hours} "
                "hours' notice of an observation (SES-11)."
            }
        )
    observation = Observation(
        session=session, observer=observer, method=method, notice_given_at=notice_given_at
    )
    observation.full_clean()
    observation.save()
    from cohorts.tasks import notify_facilitator_of_observation

    enqueue_on_commit(notify_facilitator_of_observation, observation.pk)
    return observation


def observation_random_session(*, sessions, rng, now: datetime | None = None) -> Session | None:
    """SES-11: draw one planned session at random with enough notice left."""
    now = now or timezone.now()
    candidates = [
        s
        for s in sessions
        if s.status == SessionStatus.PLANNED
        and observation_notice_ok(
            s.starts_at,
            notice_given_at=now,
            notice_hours=s.cohort.programme_year.observation_notice_hours,
        )
    ]
    return rng.choice(candidates) if candidates else None


@transaction.atomic
def observation_complete(
    *,
    observation: Observation,
    score_topic: int,
    score_facilitation: int,
    score_behaviour: int,
    feedback: str,
    completed_on,
    rubric_notes: dict | None = None,
    privacy_statement_sent_at=None,
    recording_deleted_at=None,
) -> Observation:
    """SES-11: scores on the Playbook's rubric and feedback to the facilitator; for a recording,
    the privacy statement to the cohort and the recording's deletion are recorded."""
    if observation.method == ObservationMethod.RECORDING:
        if privacy_statement_sent_at is None:
            raise ValidationError(
                {
                    "privacy_statement_sent_at": "Record when the cohort was sent the privacy "
                    "statement for the recording."
                }
            )
        if recording_deleted_at is None:
            raise ValidationError(
                {"recording_deleted_at": "Record when the recording was deleted after review."}
            )
    observation.score_topic = score_topic
    observation.score_facilitation = score_facilitation
    observation.score_behaviour = score_behaviour
    observation.feedback_to_facilitator = feedback
    observation.completed_on = completed_on
    observation.rubric_notes = rubric_notes or {}
    observation.privacy_statement_sent_at = privacy_statement_sent_at
    observation.recording_deleted_at = recording_deleted_at
    observation.full_clean()
    observation.save()
    return observation
