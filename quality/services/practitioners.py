"""Writes for facilitator and provider records (Annex 1, QM-4): the profile and the Annex 1
checklist, a characteristic met only on evidence."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peernetworks.models import Role

from ..models import ANNEX_1_BY_CODE, PractitionerProfile, ProfileCheck
from ..rules import characteristics_for

PRACTITIONER_ROLES = (Role.FACILITATOR, Role.PROVIDER)
PROFILE_FIELDS = (
    "supplier_name",
    "is_subcontractor",
    "contract_reference",
    "contract_start",
    "contract_end",
    "contract_notes",
    "orientation_completed_on",
    "orientation_notes",
    "conflicts_of_interest",
    "conflicts_declared_on",
)


def practitioner_profile_for(practitioner) -> PractitionerProfile:
    """The facilitator's or provider's profile, made empty on first use."""
    if practitioner.role not in PRACTITIONER_ROLES:
        raise ValidationError({"user": f"{practitioner} is not a facilitator or provider."})
    profile, _ = PractitionerProfile.objects.get_or_create(user=practitioner)
    return profile


def practitioner_profile_save(*, profile: PractitionerProfile, **fields) -> PractitionerProfile:
    """Contract and supplier details, orientation, conflicts of interest."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"Unknown profile fields: {', '.join(sorted(unknown))}"})
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.conflicts_of_interest.strip() and profile.conflicts_declared_on is None:
        profile.conflicts_declared_on = timezone.localdate()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_checklist_save(
    *,
    profile: PractitionerProfile,
    entries: dict[str, tuple[bool, str]],
    by,
    today: date | None = None,
) -> int:
    """Annex 1: records each characteristic as met or not, with its evidence ({code: (met,
    evidence)}). A characteristic is met only on evidence. Returns how many rows changed."""
    today = today or timezone.localdate()
    allowed = {c.code for c in characteristics_for(profile.user.role)}
    errors = {}
    for code, (met, evidence) in entries.items():
        if code not in allowed:
            errors[code] = "Not an Annex 1 characteristic for this role."
        elif met and not evidence.strip():
            errors[code] = f"Give the evidence that '{ANNEX_1_BY_CODE[code].text}' is met."
    if errors:
        raise ValidationError(errors)
    existing = {check.code: check for check in profile.checks.select_for_update()}
    changed, new = [], []
    for code, (met, evidence) in entries.items():
        evidence = evidence.strip()
        check = existing.get(code)
        if check is None:
            if met or evidence:
                new.append(
                    ProfileCheck(
                        profile=profile,
                        code=code,
                        met=met,
                        evidence=evidence,
                        checked_on=today,
                        checked_by=by,
                    )
                )
        elif (check.met, check.evidence) != (met, evidence):
            check.met, check.evidence, check.checked_on, check.checked_by = met, evidence, today, by
            changed.append(check)
    ProfileCheck.objects.bulk_create(new)
    ProfileCheck.objects.bulk_update(changed, ["met", "evidence", "checked_on", "checked_by"])
    return len(new) + len(changed)
