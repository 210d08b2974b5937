"""Registration (ONB-1..5): one transaction creates the business, the participant, their
equality data and the first eligibility assessment; hub staff are told once it has committed."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peernetworks.models import GrowthHub, ProgrammeYear
from peernetworks.queue import enqueue_on_commit
from peernetworks.selectors import registration_window

from .models import Business, EqualityData, Participant
from .services import participant_assess


@dataclass(frozen=True)
class PrivacyAcknowledgement:
    """ONB-1: which notice the applicant saw and when, carried from the first step."""

    url: str
    version: str
    at: datetime


@transaction.atomic
def registration_submit(
    *,
    hub: GrowthHub,
    year: ProgrammeYear,
    data: dict,
    in_hub_area: bool,
    privacy: PrivacyAcknowledgement,
) -> Participant:
    """Saves a registration completely or not at all, and only while the hub's registration
    for the year is open (PY-3)."""
    now = timezone.now()
    if registration_window(hub, timezone.localdate(now)).year != year:
        raise ValidationError(
            {None: "Registration has closed for this programme year; nothing was saved."}
        )
    business = Business(
        hub=hub,
        name=data["business_name"].strip(),
        companies_house_number=data.get("companies_house_number", ""),
        trading_address=data["trading_address"].strip(),
        postcode=data["postcode"],
        local_authority=(data.get("local_authority") or "") if in_hub_area else "",
        sic_code=data["sic_code"],
        legal_form=data["legal_form"],
        trading_start_date=data["trading_start_date"],
        employees_full_time=data["employees_full_time"],
        employees_part_time_permanent=data["employees_part_time_permanent"],
        associates_freelancers=data.get("associates_freelancers") or 0,
        pays_staff_via_paye=data["pays_staff_via_paye"],
        turnover_gbp=data["turnover_gbp"],
        balance_sheet_total_gbp=data.get("balance_sheet_total_gbp"),
        trading_address_in_hub_area=in_hub_area,
        pre_covid_employees_full_time=data.get("pre_covid_employees_full_time"),
        pre_covid_employees_part_time_permanent=data.get("pre_covid_employees_part_time_permanent"),
        pre_covid_associates_freelancers=data.get("pre_covid_associates_freelancers"),
        pre_covid_turnover_gbp=data.get("pre_covid_turnover_gbp"),
        potential_to_scale=data.get("potential_to_scale", False),
        exports_or_could=data.get("exports_or_could", False),
    )
    business.full_clean()
    business.save()
    participant = Participant(
        business=business,
        programme_year=year,
        first_name=data["first_name"].strip(),
        last_name=data["last_name"].strip(),
        email=data["email"],
        phone=data.get("phone", ""),
        job_title=data["job_title"].strip(),
        is_senior_decision_maker=data["is_senior_decision_maker"],
        aspiration_to_improve=data["aspiration_to_improve"],
        previous_participation=data["previous_participation"],
        business_already_has_participant=data["business_already_has_participant"],
        referral_source=data["referral_source"],
        referral_source_other=data.get("referral_source_other", ""),
        registered_on=timezone.localdate(now),
        privacy_acknowledged_at=privacy.at,
        privacy_notice_url=privacy.url,
        privacy_notice_version=privacy.version,
        evaluation_consent=data.get("evaluation_consent", False),
        charter_signed_at=now if data.get("charter_signed") else None,
    )
    participant.full_clean()
    participant.save()
    equality = {key: data.get(key, "") for key in ("gender", "age_band", "ethnicity", "disability")}
    if any(equality.values()):
        EqualityData.objects.create(participant=participant, **equality)
    participant_assess(participant=participant, trigger="registration")

    from .tasks import notify_hub_of_registration

    enqueue_on_commit(notify_hub_of_registration, participant.pk)
    return participant
