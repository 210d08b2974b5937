"""Writes for the register (SES-7): a whole session's attendance recorded or corrected, the
session marked delivered, and the absences' follow-ups opened or closed to match (SES-8).

The facilitator portal and the admin call these; nothing important happens in signals or
`save()`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.models import CohortMembership
from participants.models import Participant

from .. import attendance as rules
from ..models import Attendance, AttendanceChange, AttendanceStatus, Session, SessionStatus
from ..signals import session_delivered
from .follow_ups import _follow_up_absences


@dataclass(frozen=True)
class Mark:
    """One line of the register: a status and, for part of a session, the minutes attended."""

    status: str
    minutes: int | None = None


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y \\a\\t H:i")


def _check_recordable(session: Session, now: datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was cancelled: it has no attendance."})
    if session.starts_at > now:
        raise ValidationError(
            {
                "session": f"This session starts on {_local(session.starts_at)}. A session in "
                "the future cannot be marked delivered: record attendance once it has started."
            }
        )


def _roll(session: Session) -> dict[int, Participant]:
    """Current members, plus anyone already recorded for the session (for edits)."""
    recorded = Attendance.objects.filter(session=session).values("participant")
    memberships = CohortMembership.objects.filter(cohort_id=session.cohort_id).filter(
        Q(left_at__isnull=True) | Q(participant__in=recorded)
    )
    return {m.participant_id: m.participant for m in memberships.select_related("participant")}


@transaction.atomic
def attendance_record(
    *, session: Session, marks: dict[int, Mark], by, now: datetime | None = None
) -> list[Attendance]:
    """SES-7: records a whole session's register in one transaction and marks the session
    delivered. `marks` maps participant id to Mark. Every new or changed row is written to the
    history (AttendanceChange); absences open follow-ups and a corrected absence closes its
    open one (SES-8). A constant number of queries however many members."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    _check_recordable(session, now)
    roll = _roll(session)
    strangers = set(marks) - set(roll)
    if strangers:
        raise ValidationError({"participant": "Only the cohort's members can be recorded."})
    existing = {
        a.participant_id: a for a in Attendance.objects.select_for_update().filter(session=session)
    }
    day = timezone.localdate(session.starts_at)
    missing = [
        participant.full_name
        for pid, participant in roll.items()
        if pid not in marks
        and pid not in existing
        and (participant.dropped_out_on is None or participant.dropped_out_on > day)
    ]
    if missing:
        raise ValidationError(
            {"participant": f"Record attendance for everyone: none for {', '.join(missing)}."}
        )
    errors: list[str] = []
    for pid, mark in marks.items():
        if mark.status not in AttendanceStatus.values:
            errors.append(
                f"{roll[pid].full_name}: choose present, late, left early, apologies or absent."
            )
            continue
        check = rules.check_minutes_attended(
            status=mark.status, minutes=mark.minutes, duration_hours=session.duration_hours
        )
        if not check.ok:
            errors.append(f"{roll[pid].full_name}: {check.message}")
    if errors:
        raise ValidationError({"status": errors})

    created: list[Attendance] = []
    changed: list[tuple[Attendance, str, int | None]] = []
    for pid, mark in marks.items():
        row = existing.get(pid)
        if row is None:
            created.append(
                Attendance(
                    session=session,
                    participant_id=pid,
                    status=mark.status,
                    minutes_attended=mark.minutes,
                    recorded_by=by,
                )
            )
        elif (row.status, row.minutes_attended) != (mark.status, mark.minutes):
            changed.append((row, row.status, row.minutes_attended))
            row.status, row.minutes_attended = mark.status, mark.minutes
            row.recorded_by, row.recorded_at = by, now
    Attendance.objects.bulk_create(created)
    if changed:
        Attendance.objects.bulk_update(
            [row for row, _, _ in changed],
            ["status", "minutes_attended", "recorded_by", "recorded_at"],
        )
    AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                attendance=row,
                changed_by=by,
                new_status=row.status,
                new_minutes=row.minutes_attended,
            )
            for row in created
        ]
        + [
            AttendanceChange(
                attendance=row,
                changed_by=by,
                old_status=old_status,
                old_minutes=old_minutes,
                new_status=row.status,
                new_minutes=row.minutes_attended,
            )
            for row, old_status, old_minutes in changed
        ]
    )
    _follow_up_absences(
        created=created,
        changed=[(row, old) for row, old, _ in changed],
        by=by,
        now=now,
    )
    if session.status != SessionStatus.DELIVERED:
        session.status = SessionStatus.DELIVERED
        session.save(update_fields=["status"])
    # SUR-1: every attendee gets their feedback link once (sent on commit; a correction to
    # "attended" later gets theirs then).
    session_delivered.send(sender=Session, session=session)
    return created + [row for row, _, _ in changed]
