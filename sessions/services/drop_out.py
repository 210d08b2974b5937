"""Writes for a participant's drop-out (SES-8): hub staff confirm it with its date and reason,
which resolves open disengagement reports and closes open absence follow-ups."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants.models import Participant

from ..models import AbsenceFollowUp, DisengagementOutcome, DisengagementReport
from ..signals import participant_dropped_out
from .disengagement import _day


@transaction.atomic
def participant_drop_out(
    *, participant: Participant, on: date, reason: str, by, now: datetime | None = None
) -> Participant:
    """SES-8: hub staff confirm a drop-out with its date and reason. Open disengagement reports
    are resolved and open absence follow-ups closed with the reason."""
    now = now or timezone.now()
    reason = reason.strip()
    if participant.dropped_out_on is not None:
        raise ValidationError(
            {"on": f"{participant} already dropped out on {_day(participant.dropped_out_on)}."}
        )
    if not reason:
        raise ValidationError({"reason": "Give the reason for the drop-out."})
    if on > timezone.localdate(now):
        raise ValidationError({"on": "The drop-out date cannot be in the future."})
    year = participant.programme_year
    if not year.contains(on):
        raise ValidationError(
            {"on": f"The drop-out date must fall within the programme year {year.name}."}
        )
    participant.dropped_out_on = on
    participant.drop_out_reason = reason
    participant.save(update_fields=["dropped_out_on", "drop_out_reason"])
    DisengagementReport.objects.filter(
        participant=participant, outcome=DisengagementOutcome.OPEN
    ).update(
        outcome=DisengagementOutcome.DROPPED_OUT,
        resolved_at=now,
        resolved_by=by,
        resolution_note=reason,
    )
    AbsenceFollowUp.objects.filter(
        attendance__participant=participant, closed_at__isnull=True
    ).update(closed_at=now, closed_by=by, note=f"Dropped out on {_day(on)}: {reason}")
    participant_dropped_out.send(sender=Participant, participant=participant)  # SUR-4
    return participant
