"""Writes for absence follow-ups (SES-8): an absence opens one for the facilitator, a
correction to attended closes it, and the facilitator closes it with what they found."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import attendance as rules
from ..models import AbsenceFollowUp, Attendance


def _follow_up_absences(
    *, created: list[Attendance], changed: list[tuple[Attendance, str]], by, now: datetime
) -> None:
    """SES-8: an absence opens a follow-up; an absence corrected to attended closes its open
    follow-up with a note saying so; an attended row corrected to an absence reopens one."""
    became_absent = [row for row in created if rules.opens_follow_up(row.status)] + [
        row
        for row, old in changed
        if rules.opens_follow_up(row.status) and not rules.opens_follow_up(old)
    ]
    became_attended = [
        row
        for row, old in changed
        if not rules.opens_follow_up(row.status) and rules.opens_follow_up(old)
    ]
    if not (became_absent or became_attended):
        return
    touched = {row.pk for row in became_absent + became_attended}
    follow_ups = {
        f.attendance_id: f for f in AbsenceFollowUp.objects.filter(attendance__in=touched)
    }
    AbsenceFollowUp.objects.bulk_create(
        [AbsenceFollowUp(attendance=row) for row in became_absent if row.pk not in follow_ups]
    )
    reopened = [
        follow_ups[row.pk]
        for row in became_absent
        if row.pk in follow_ups and follow_ups[row.pk].closed_at is not None
    ]
    AbsenceFollowUp.objects.filter(pk__in=[f.pk for f in reopened]).update(
        opened_at=now, closed_at=None, closed_by=None, note=""
    )
    closing = []
    for row in became_attended:
        follow_up = follow_ups.get(row.pk)
        if follow_up is not None and follow_up.closed_at is None:
            follow_up.closed_at, follow_up.closed_by = now, by
            follow_up.note = f"Attendance corrected to {row.get_status_display()}."
            closing.append(follow_up)
    if closing:
        AbsenceFollowUp.objects.bulk_update(closing, ["closed_at", "closed_by", "note"])


def absence_follow_up_close(
    *, follow_up: AbsenceFollowUp, note: str, by, now: datetime | None = None
) -> AbsenceFollowUp:
    """SES-8: the facilitator closes a follow-up, saying what it found."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what the follow-up found."})
    if follow_up.closed_at is not None:
        raise ValidationError({"note": "This follow-up is already closed."})
    follow_up.closed_at = now or timezone.now()
    follow_up.closed_by = by
    follow_up.note = note
    follow_up.full_clean()
    follow_up.save(update_fields=["closed_at", "closed_by", "note"])
    return follow_up
