"""Writes for one-to-one support. Every write applies the OTO rules (one_to_one.rules) and
refuses with a ValidationError naming the field; nothing is saved half-way."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from peernetworks.models import Role

from . import rules
from .models import (
    ActionPlan,
    Mode,
    OneToOnePlatform,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    ReferralDestination,
    Route,
    SupportDeclined,
    SupportService,
    Theme,
)
from .selectors import current_cohort_dates


class LogResult(NamedTuple):
    session: OneToOneSession
    warnings: list[str]


def _hours(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"hours": "Enter the hours as a number, e.g. 1.5."}) from None


def _check_provider(provider, participant: Participant, field: str = "provider") -> None:
    if provider is None:
        return
    if provider.role != Role.PROVIDER or not provider.is_active:
        raise ValidationError({field: f"{provider} is not an active one-to-one provider."})
    if provider.hub_id != participant.business.hub_id:
        raise ValidationError({field: f"{provider} is a provider of another Growth Hub."})


def one_to_one_check(
    *,
    participant: Participant,
    date: date,
    hours,
    route: str,
    provider=None,
    existing_programme: str = "",
    nature_of_support: str = "",
    mode: str = "",
    platform: str = "",
    themes: Iterable[str] = (),
    today: date | None = None,
) -> list[str]:
    """The OTO rules for a log (OTO-2, -3, -4, -5, -7, hours > 0): raises a ValidationError
    naming every refused field, or returns the warnings. Shared by the service and the admin."""
    year = participant.programme_year
    details = rules.details_check(
        hours=_hours(hours),
        route=route,
        has_provider=provider is not None,
        existing_programme=existing_programme,
        nature_of_support=nature_of_support,
        mode=mode,
        max_hours=year.session_hours_absolute_max,
    )
    errors = dict(details.errors)
    if mode and mode not in Mode.values:
        errors.setdefault("mode", "Choose video, phone or face to face.")
    if platform and platform not in OneToOnePlatform.values:
        errors.setdefault("platform", "Choose one of the video platforms listed.")
    unknown = [theme for theme in themes if theme not in Theme.values]
    if unknown:
        errors.setdefault("themes", f"Unknown theme: {', '.join(unknown)}.")
    try:
        _check_provider(provider, participant)
    except ValidationError as error:
        errors.setdefault("provider", error.message_dict["provider"][0])
    timing = rules.Check()
    if date is None:
        errors.setdefault("date", "Enter the date of the support.")
    else:
        _cohort, dates = current_cohort_dates(participant)
        timing = rules.timing_check(
            day=date,
            dates=dates,
            year_start=year.start,
            year_end=year.end,
            window_months=year.one_to_one_window_months,
            today=today or timezone.localdate(),
        )
        for field, message in timing.errors.items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    warnings = list(timing.warnings)
    declined = SupportDeclined.objects.filter(participant=participant).first()
    if declined:
        warnings.append(
            f"{participant} declined one-to-one support on {declined.declined_on:%d/%m/%Y}; "
            "logged anyway."
        )
    return warnings


@transaction.atomic
def one_to_one_log(
    *,
    participant: Participant,
    date: date,
    hours,
    route: str,
    provider=None,
    existing_programme: str = "",
    nature_of_support: str = "",
    mode: str = "",
    platform: str = "",
    themes: Iterable[str] = (),
    notes: str = "",
    recorded_by=None,
    today: date | None = None,
) -> LogResult:
    """Logs hours of one-to-one support; returns the session and any warnings (OTO-3)."""
    themes = list(dict.fromkeys(themes))
    if route == Route.EXISTING_PROVISION:
        provider = None  # the other programme delivered it, not one of ours
    warnings = one_to_one_check(
        participant=participant,
        date=date,
        hours=hours,
        route=route,
        provider=provider,
        existing_programme=existing_programme,
        nature_of_support=nature_of_support,
        mode=mode,
        platform=platform,
        themes=themes,
        today=today,
    )
    session = OneToOneSession(
        participant=participant,
        date=date,
        hours=_hours(hours),
        route=route,
        provider=provider,
        existing_programme=existing_programme.strip() if route != Route.PROGRAMME else "",
        nature_of_support=nature_of_support.strip() if route != Route.PROGRAMME else "",
        mode=mode,
        platform=platform if mode == Mode.VIDEO else "",  # OTO-5: a platform is for video
        themes=themes,
        notes=notes.strip(),
        recorded_by=recorded_by,
    )
    session.full_clean()
    session.save()
    return LogResult(session, warnings)


@transaction.atomic
def provider_assign(*, participant: Participant, provider, by=None) -> ProviderAssignment:
    """Makes `provider` the participant's one-to-one provider, ending any other assignment."""
    if provider is None:
        raise ValidationError({"provider": "Choose a provider."})
    _check_provider(provider, participant)
    Participant.objects.select_for_update().filter(pk=participant.pk).first()  # one at a time
    current = ProviderAssignment.objects.filter(participant=participant, ended_at__isnull=True)
    existing = current.first()
    if existing and existing.provider_id == provider.pk:
        return existing
    now = timezone.now()
    current.update(ended_at=now)
    assignment = ProviderAssignment(
        participant=participant, provider=provider, assigned_at=now, assigned_by=by
    )
    assignment.full_clean()
    assignment.save()
    return assignment


GROWTH_FIELDS = ("goal", "reality", "obstacles_options", "way_forward", "tactics", "habits")


@transaction.atomic
def action_plan_save(
    *,
    participant: Participant,
    date: date,
    goal: str = "",
    reality: str = "",
    obstacles_options: str = "",
    way_forward: str = "",
    tactics: str = "",
    habits: str = "",
    by=None,
) -> ActionPlan:
    """Agrees or reviews the participant's GROW(TH) action plan (OTO-6): only after the
    cohort's first group session. A later save records the date as a review."""
    values = {
        "goal": goal,
        "reality": reality,
        "obstacles_options": obstacles_options,
        "way_forward": way_forward,
        "tactics": tactics,
        "habits": habits,
    }
    values = {key: value.strip() for key, value in values.items()}  # the GROWTH_FIELDS
    if date is None:
        raise ValidationError({"date": "Enter the date the plan was agreed or reviewed."})
    if date > timezone.localdate():
        raise ValidationError({"date": f"{date:%d/%m/%Y} is in the future."})
    _cohort, dates = current_cohort_dates(participant)
    error = rules.after_first_session_error(date, dates.first_delivered_on, what="the action plan")
    if error:
        raise ValidationError({"date": error})
    if not values["goal"]:
        raise ValidationError({"goal": "Agree the goal first (GROW(TH))."})
    plan = ActionPlan.objects.select_for_update().filter(participant=participant).first()
    if plan is None:
        plan = ActionPlan(participant=participant, agreed_on=date)
    elif date < plan.agreed_on:
        raise ValidationError(
            {"date": f"The plan was agreed on {plan.agreed_on:%d/%m/%Y}; review it on or after."}
        )
    elif date.isoformat() not in plan.review_dates and date != plan.agreed_on:
        plan.review_dates = sorted([*plan.review_dates, date.isoformat()])
    for key, value in values.items():
        setattr(plan, key, value)
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    return plan


def referral_service_check(*, participant: Participant, service: SupportService) -> None:
    """OTO-8: a directory entry may be chosen for a participant when it is active and national
    or their own hub's (the same as `selectors.support_services_offered`). Shared by the
    provider portal, the facilitator portal and the admin."""
    if service.hub_id is not None and service.hub_id != participant.business.hub_id:
        raise ValidationError({"service": f"{service} is a service of another Growth Hub."})
    if not service.is_active:
        raise ValidationError({"service": f"{service} is no longer offered: choose another."})


def referral_record(
    *,
    participant: Participant,
    referred_on: date,
    service: SupportService | None = None,
    destination: str = "",
    note: str = "",
    by=None,
) -> Referral:
    """Signposting or a referral to other support (OTO-8): to a directory entry, whose category
    is the destination, or elsewhere ("other", named in the note)."""
    if service is not None:
        referral_service_check(participant=participant, service=service)
        destination = service.category
    if destination not in ReferralDestination.values:
        raise ValidationError({"service": "Choose where the participant was referred."})
    if destination == ReferralDestination.OTHER and not note.strip():
        raise ValidationError({"note": "Say where the participant was referred."})
    if referred_on is None:
        raise ValidationError({"referred_on": "Enter the date of the referral."})
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": f"{referred_on:%d/%m/%Y} is in the future."})
    referral = Referral(
        participant=participant,
        destination=destination,
        service=service,
        referred_on=referred_on,
        note=note.strip(),
        recorded_by=by,
    )
    referral.full_clean()
    referral.save()
    return referral


def provider_declare(
    *,
    provider,
    participant: Participant,
    has_conflict: bool,
    conflict_details: str = "",
    continuing_commercial_work: bool,
    commercial_work_details: str = "",
) -> ProviderDeclaration:
    """OTO-9: the provider's declaration for this participant; a new one replaces the last."""
    _check_provider(provider, participant)
    if has_conflict and not conflict_details.strip():
        raise ValidationError({"conflict_details": "Describe the conflict of interest."})
    if continuing_commercial_work and not commercial_work_details.strip():
        raise ValidationError(
            {"commercial_work_details": "Describe the continuing private commercial work."}
        )
    declaration, _ = ProviderDeclaration.objects.update_or_create(
        provider=provider,
        participant=participant,
        defaults={
            "has_conflict": has_conflict,
            "conflict_details": conflict_details.strip() if has_conflict else "",
            "continuing_commercial_work": continuing_commercial_work,
            "commercial_work_details": (
                commercial_work_details.strip() if continuing_commercial_work else ""
            ),
            "declared_at": timezone.now(),
        },
    )
    return declaration


def support_decline(
    *, participant: Participant, declined_on: date, note: str = "", by=None
) -> SupportDeclined:
    """OTO-9: the participant declined one-to-one support (recorded once; a correction
    updates the record)."""
    if declined_on is None:
        raise ValidationError({"declined_on": "Enter the date the participant declined."})
    if declined_on > timezone.localdate():
        raise ValidationError({"declined_on": f"{declined_on:%d/%m/%Y} is in the future."})
    record, _ = SupportDeclined.objects.update_or_create(
        participant=participant,
        defaults={"declined_on": declined_on, "note": note.strip(), "recorded_by": by},
    )
    return record
