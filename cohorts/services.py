"""Writes for cohorts: allocation (COH-1, COH-2), moves (COH-3), facilitators (COH-5)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from peernetworks.models import Role

from .models import Cohort, CohortMembership, MoveReason


def _lock(cohort: Cohort) -> Cohort:
    # Allocations to one cohort queue behind this row lock, so two staff members can never
    # both take the last seat (COH-1).
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _free_seat(cohort: Cohort) -> int:
    maximum = cohort.programme_year.cohort_max
    taken = set(cohort.memberships.filter(left_at__isnull=True).values_list("seat", flat=True))
    for seat in range(1, maximum + 1):
        if seat not in taken:
            return seat
    raise ValidationError(
        {"cohort": f"{cohort.name} is full: a cohort has at most {maximum} participants."}
    )


def _check_ready(participant: Participant, cohort: Cohort) -> None:
    # COH-2: eligible (or approved), privacy notice acknowledged, charter signed.
    if participant.business.hub_id != cohort.hub_id:
        raise ValidationError({"participant": f"{participant} belongs to another Growth Hub."})
    if participant.programme_year_id != cohort.programme_year_id:
        raise ValidationError({"participant": f"{participant} is in another programme year."})
    if not participant.is_ready_for_cohort:
        missing = []
        if not participant.is_eligible:
            missing.append("an eligible decision")
        if participant.privacy_acknowledged_at is None:
            missing.append("the privacy notice acknowledged")
        if participant.charter_signed_at is None:
            missing.append("the Participant Charter signed")
        if participant.dropped_out_on:
            missing.append("to still be taking part")
        needs = ", ".join(missing)
        raise ValidationError(
            {"participant": f"{participant} is not ready for a cohort: needs {needs}."}
        )


def cohort_has_met(cohort: Cohort, *, now=None) -> bool:
    """Whether the cohort's first (not cancelled) session has started."""
    now = now or timezone.now()
    return cohort.sessions.exclude(status="cancelled").filter(starts_at__lte=now).exists()


@transaction.atomic
def cohort_allocate(*, cohort: Cohort, participant: Participant, by=None) -> CohortMembership:
    """Places a ready participant in a cohort with a free seat (COH-1, COH-2, COH-3)."""
    cohort = _lock(cohort)
    if cohort.cancelled_at:
        raise ValidationError({"cohort": f"{cohort.name} is cancelled."})
    _check_ready(participant, cohort)
    current = CohortMembership.objects.filter(participant=participant, left_at__isnull=True)
    existing = current.select_related("cohort").first()
    if existing:
        raise ValidationError(
            {
                "participant": f"{participant} is already in {existing.cohort.name}; move them "
                "instead."
            }
        )
    membership = CohortMembership(
        cohort=cohort,
        participant=participant,
        seat=_free_seat(cohort),
        joined_at=timezone.now(),
        allocated_by=by,
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def cohort_allocate_many(*, cohort: Cohort, participants, by=None) -> list[CohortMembership]:
    """All or none: one refusal (the 12th participant, say) allocates nobody."""
    return [cohort_allocate(cohort=cohort, participant=p, by=by) for p in participants]


@transaction.atomic
def cohort_remove(*, membership: CohortMembership, by=None) -> None:
    """Takes a participant out of a cohort that has not met (a mistaken allocation)."""
    if cohort_has_met(membership.cohort):
        raise ValidationError(
            {"participant": "The cohort has met: record a drop-out or a move instead."}
        )
    membership.delete()


@transaction.atomic
def participant_move(
    *, participant: Participant, to_cohort: Cohort, reason: str, note: str = "", by=None
) -> CohortMembership:
    """COH-3: a last resort, only into a cohort that has not met yet, with a reason."""
    if reason not in MoveReason.values:
        raise ValidationError({"reason": "Choose the reason for the move."})
    if reason == MoveReason.OTHER and not note.strip():
        raise ValidationError({"note": "Explain the reason for the move."})
    current = (
        CohortMembership.objects.select_for_update()
        .filter(participant=participant, left_at__isnull=True)
        .select_related("cohort")
        .first()
    )
    if current is None:
        raise ValidationError({"participant": f"{participant} is not in a cohort to move from."})
    if current.cohort_id == to_cohort.pk:
        raise ValidationError({"to_cohort": f"{participant} is already in {to_cohort.name}."})
    if cohort_has_met(to_cohort):
        raise ValidationError(
            {
                "to_cohort": f"{to_cohort.name} has already met: a participant can only move into "
                "a cohort whose first session has not happened."
            }
        )
    current.left_at = timezone.now()
    current.move_reason = reason
    current.move_note = note.strip()
    current.save(update_fields=["left_at", "move_reason", "move_note"])
    return cohort_allocate(cohort=to_cohort, participant=participant, by=by)


def cohort_set_facilitators(
    *, cohort: Cohort, lead, support=None, conflicts: str = "", by=None
) -> Cohort:
    """COH-5: one lead facilitator from the cohort's hub; optional support person."""
    if lead is not None and (lead.role != Role.FACILITATOR or lead.hub_id != cohort.hub_id):
        raise ValidationError({"lead_facilitator": "Choose a facilitator of this Growth Hub."})
    if support is not None and support.hub_id != cohort.hub_id:
        raise ValidationError({"support_person": "Choose someone from this Growth Hub."})
    cohort.lead_facilitator = lead
    cohort.support_person = support
    cohort.facilitator_conflicts = conflicts.strip()
    cohort.facilitator_conflicts_declared_at = timezone.now()
    cohort.full_clean()
    cohort.save()
    return cohort
