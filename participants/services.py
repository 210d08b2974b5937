"""Writes for businesses and participants. The only place eligibility decisions are stored."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .eligibility import (
    Application,
    Decision,
    Outcome,
    PreCovidFigures,
    application_as_data,
    assess,
)
from .eligibility.settings import eligibility_settings
from .models import (
    Business,
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
    Participant,
)


def application_for(
    participant: Participant, *, application_date: date | None = None
) -> Application:
    """The ELIG inputs for a participant: their answers plus their business's figures."""
    business = participant.business
    pre_covid = None
    if business.has_pre_covid_figures:
        pre_covid = PreCovidFigures(
            employees_full_time=business.pre_covid_employees_full_time,
            employees_part_time_permanent=business.pre_covid_employees_part_time_permanent,
            associates_freelancers=business.pre_covid_associates_freelancers or 0,
            turnover_gbp=business.pre_covid_turnover_gbp,
        )
    return Application(
        ref=participant.ref or f"participant-{participant.pk}",
        application_date=application_date or participant.registered_on,
        trading_start_date=business.trading_start_date,
        employees_full_time=business.employees_full_time,
        employees_part_time_permanent=business.employees_part_time_permanent,
        associates_freelancers=business.associates_freelancers,
        pays_staff_via_paye=business.pays_staff_via_paye,
        turnover_gbp=business.turnover_gbp,
        balance_sheet_total_gbp=business.balance_sheet_total_gbp,
        sic_code=business.sic_code,
        legal_form=business.legal_form,
        aspiration_to_improve=participant.aspiration_to_improve,
        is_senior_decision_maker=participant.is_senior_decision_maker,
        trading_address_in_hub_area=business.trading_address_in_hub_area,
        cross_lep_agreement=business.cross_lep_agreement,
        pre_covid=pre_covid,
        viable_going_forward=business.viable_going_forward,
        previous_participation=participant.previous_participation,
        business_already_has_participant=participant.business_already_has_participant,
    )


def application_decide(application: Application, year) -> Decision:
    """The ELIG rules with the given programme year's numbers and the creative codes
    (ELIG-1..13). PY-5: callers pass the participant's own year, also when re-assessing."""
    thresholds, creative = eligibility_settings(year)
    return assess(application, thresholds=thresholds, creative_sic_prefixes=creative)


DECISION_FIELDS = [
    "eligibility_outcome",
    "eligibility_flexibilities",
    "eligibility_discretion",
    "eligibility_failed_rules",
    "discretion_decision",
    "discretion_decided_on",
]


def _new_assessment(
    participant: Participant, *, decision: Decision | None, assessed_by, trigger: str
) -> EligibilityAssessment:
    """Decides, copies the decision onto the participant (unsaved) and returns the unsaved
    history row. A discretion decision stands while the items it decided are unchanged; when a
    re-assessment changes them, the hub must decide again."""
    application = application_for(participant)
    decision = decision or application_decide(application, participant.programme_year)
    if decision.outcome == Outcome.INVALID:
        field, message = next(iter(decision.errors.items()))
        raise ValidationError({field: message})
    previous_discretion = participant.eligibility_discretion
    participant.eligibility_outcome = decision.outcome
    participant.eligibility_flexibilities = ",".join(decision.flexibilities)
    participant.eligibility_discretion = ",".join(decision.discretion)
    participant.eligibility_failed_rules = ",".join(decision.failed_rules)
    if (
        decision.outcome != EligibilityOutcome.NEEDS_DISCRETION
        or participant.eligibility_discretion != previous_discretion
    ):
        participant.discretion_decision = ""
        participant.discretion_decided_on = None
    return EligibilityAssessment(
        participant=participant,
        application_date=application.application_date,
        inputs=application_as_data(application),
        outcome=decision.outcome,
        flexibilities=decision.flexibilities,
        failed_rules=decision.failed_rules,
        discretion=decision.discretion,
        reasons=decision.reasons,
        assessed_at=timezone.now(),
        assessed_by=assessed_by,
        trigger=trigger,
    )


@transaction.atomic
def participant_assess(
    *,
    participant: Participant,
    assessed_by=None,
    trigger: str = "",
    decision: Decision | None = None,
) -> EligibilityAssessment:
    """Assesses (or re-assesses) a participant, keeping every earlier assessment as history."""
    assessment = _new_assessment(
        participant, decision=decision, assessed_by=assessed_by, trigger=trigger
    )
    assessment.save()
    participant.save(update_fields=DECISION_FIELDS)
    return assessment


@transaction.atomic
def participants_assess_bulk(*, participants: list[Participant], trigger: str) -> None:
    """The same decisions for many saved participants in a few queries (imports, demo data).
    Each participant's business must be loaded already."""
    assessments = [
        _new_assessment(participant, decision=None, assessed_by=None, trigger=trigger)
        for participant in participants
    ]
    EligibilityAssessment.objects.bulk_create(assessments, batch_size=1000)
    Participant.objects.bulk_update(participants, DECISION_FIELDS, batch_size=1000)


@transaction.atomic
def participant_record_discretion(
    *, participant: Participant, decision: str, reason: str, decided_by=None
) -> DiscretionDecision:
    """A hub's decision on a needs-discretion application (ELIG-6, -9, -10, -12)."""
    if participant.eligibility_outcome != EligibilityOutcome.NEEDS_DISCRETION:
        raise ValidationError(
            {"decision": "Only an application needing a hub decision can be approved or refused."}
        )
    if decision not in DiscretionChoice.values:
        raise ValidationError({"decision": "Choose approve or refuse."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    record = DiscretionDecision(
        participant=participant,
        decision=decision,
        reason=reason.strip(),
        decided_at=timezone.now(),
        decided_by=decided_by,
    )
    record.full_clean()
    record.save()
    participant_assess(
        participant=participant, assessed_by=decided_by, trigger="discretion decision"
    )
    participant.discretion_decision = decision
    participant.discretion_decided_on = timezone.localdate(record.decided_at)
    participant.save(update_fields=["discretion_decision", "discretion_decided_on"])
    return record


def _reassess_business(business: Business, *, by, trigger: str) -> None:
    for participant in business.participants.select_related("business"):
        participant_assess(participant=participant, assessed_by=by, trigger=trigger)


@transaction.atomic
def business_record_viability(*, business: Business, viable: bool | None, by=None) -> None:
    """ELIG-10: the hub's view of whether the business is viable going forward."""
    business.viable_going_forward = viable
    business.viability_assessed_by = by if viable is not None else None
    business.viability_assessed_at = timezone.now() if viable is not None else None
    business.save(
        update_fields=["viable_going_forward", "viability_assessed_by", "viability_assessed_at"]
    )
    _reassess_business(business, by=by, trigger="viability assessment")


@transaction.atomic
def business_record_cross_lep_agreement(
    *, business: Business, agreed: bool, note: str = "", by=None
) -> None:
    """ELIG-6: a formal agreement of both LEPs lets an out-of-area business take part."""
    if agreed and not note.strip():
        raise ValidationError({"cross_lep_agreement_note": "Say which LEP agreed, and when."})
    business.cross_lep_agreement = agreed
    business.cross_lep_agreement_note = note.strip()
    business.save(update_fields=["cross_lep_agreement", "cross_lep_agreement_note"])
    _reassess_business(business, by=by, trigger="cross-LEP agreement")


def business_possible_duplicates(business: Business) -> QuerySet[Business]:
    """ELIG-8 warning: another record with the same Companies House number, or name + postcode."""
    match = Q(name__iexact=business.name.strip(), postcode__iexact=business.postcode.strip())
    if business.companies_house_number:
        match |= Q(companies_house_number__iexact=business.companies_house_number.strip())
    if not business.postcode:
        match = Q(name__iexact=business.name.strip()) | (
            Q(companies_house_number__iexact=business.companies_house_number.strip())
            if business.companies_house_number
            else Q(pk__in=[])
        )
    return Business.objects.filter(match).exclude(pk=business.pk)
