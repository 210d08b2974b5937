"""The services that store eligibility decisions: assessment history, the hub's discretion,
viability (ELIG-10), cross-LEP agreements (ELIG-6), duplicates (ELIG-8) and COH-2 readiness."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.models import (
    Business,
    DiscretionChoice,
    DiscretionDecision,
    EligibilityAssessment,
    EligibilityOutcome,
    Participant,
)
from participants.services import (
    business_possible_duplicates,
    business_record_cross_lep_agreement,
    business_record_viability,
    participant_assess,
    participant_record_discretion,
)
from tests.participants.factories import BusinessFactory, ParticipantFactory, assessed_participant

pytestmark = pytest.mark.django_db


def out_of_area_participant(**kwargs) -> Participant:
    """Needs a hub decision on ELIG-6 only."""
    return assessed_participant(
        business=BusinessFactory(trading_address_in_hub_area=False), **kwargs
    )


def covid_business(**kwargs) -> Business:
    """ELIG-4 fails on current turnover but passes on the pre-Covid figures (ELIG-10)."""
    return BusinessFactory(
        turnover_gbp=80_000,
        pre_covid_employees_full_time=9,
        pre_covid_employees_part_time_permanent=2,
        pre_covid_turnover_gbp=200_000,
        **kwargs,
    )


def reload(participant: Participant) -> Participant:
    return Participant.objects.select_related("business").get(pk=participant.pk)


# --- Assessment history -----------------------------------------------------------------------


def test_it_keeps_every_assessment_as_history(programme_year, hub_staff):
    participant = assessed_participant(programme_year=programme_year)
    first = participant.assessments.get()
    assert first.outcome == EligibilityOutcome.ELIGIBLE
    assert first.assessed_by is None

    participant.business.turnover_gbp = 50_000
    participant.business.save()
    second = participant_assess(participant=participant, assessed_by=hub_staff, trigger="edited")

    assert participant.assessments.count() == 2
    assert participant.assessments.first() == second  # newest first
    assert participant.assessments.latest() == second
    first.refresh_from_db()
    assert first.outcome == EligibilityOutcome.ELIGIBLE  # history is not rewritten
    assert first.inputs["turnover_gbp"] == 850_000
    assert second.outcome == EligibilityOutcome.INELIGIBLE
    assert second.inputs["turnover_gbp"] == 50_000
    assert second.failed_rules == ["ELIG-4"]
    assert second.assessed_by == hub_staff
    assert second.trigger == "edited"
    assert reload(participant).eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assert reload(participant).eligibility_failed_rules == "ELIG-4"


def test_it_stores_the_lists_for_filtering(programme_year):
    participant = assessed_participant(
        programme_year=programme_year,
        business=covid_business(legal_form="charity", viable_going_forward=True),
    )
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.eligibility_discretion == "ELIG-12"
    assert participant.eligibility_flexibilities == "covid"
    assert participant.eligibility_failed_rules == ""


def test_it_refuses_to_store_a_decision_on_bad_input(programme_year):
    participant = ParticipantFactory(
        programme_year=programme_year,
        business=BusinessFactory(
            employees_full_time=300, turnover_gbp=1_000_000, balance_sheet_total_gbp=None
        ),
    )
    with pytest.raises(ValidationError) as error:
        participant_assess(participant=participant)
    assert "balance_sheet_total_gbp" in error.value.message_dict
    assert not EligibilityAssessment.objects.exists()
    assert reload(participant).eligibility_outcome == ""


# --- Discretion decisions ---------------------------------------------------------------------


def test_it_turns_an_approved_application_eligible(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant not in Participant.objects.eligible()
    assert participant not in Participant.objects.ready_for_cohort()

    record = participant_record_discretion(
        participant=participant,
        decision=DiscretionChoice.APPROVED,
        reason="  Trades across the border; agreed with the team.  ",
        decided_by=hub_staff,
    )

    assert record.reason == "Trades across the border; agreed with the team."
    assert record.decided_by == hub_staff
    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.discretion_decision == DiscretionChoice.APPROVED
    assert participant.is_eligible
    assert participant.is_ready_for_cohort
    assert participant in Participant.objects.eligible()
    assert participant in Participant.objects.ready_for_cohort()
    # The decision is audited beside a fresh assessment.
    assert participant.assessments.count() == 2
    assert participant.assessments.first().trigger == "discretion decision"


def test_it_keeps_a_refused_application_out(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    participant_record_discretion(
        participant=participant,
        decision=DiscretionChoice.REFUSED,
        reason="No agreement with the neighbouring LEP.",
        decided_by=hub_staff,
    )
    participant = reload(participant)
    assert participant.discretion_decision == DiscretionChoice.REFUSED
    assert not participant.is_eligible
    assert not participant.is_ready_for_cohort
    assert participant not in Participant.objects.eligible()
    assert participant not in Participant.objects.ready_for_cohort()


def test_it_lets_the_hub_change_its_mind(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    participant_record_discretion(
        participant=participant, decision="refused", reason="First look.", decided_by=hub_staff
    )
    participant_record_discretion(
        participant=reload(participant),
        decision="approved",
        reason="Agreement found.",
        decided_by=hub_staff,
    )
    participant = reload(participant)
    assert participant.discretion_decision == DiscretionChoice.APPROVED
    assert list(participant.discretion_decisions.values_list("decision", flat=True)) == [
        "approved",
        "refused",
    ]


@pytest.mark.parametrize("turnover", [850_000, 50_000], ids=["eligible", "ineligible"])
def test_it_refuses_a_decision_nobody_asked_for(programme_year, turnover):
    participant = assessed_participant(
        programme_year=programme_year, business=BusinessFactory(turnover_gbp=turnover)
    )
    with pytest.raises(ValidationError) as error:
        participant_record_discretion(
            participant=participant, decision="approved", reason="Looks fine."
        )
    assert "decision" in error.value.message_dict
    assert not DiscretionDecision.objects.exists()
    assert reload(participant).discretion_decision == ""


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_it_requires_a_reason(programme_year, reason):
    participant = out_of_area_participant(programme_year=programme_year)
    with pytest.raises(ValidationError) as error:
        participant_record_discretion(participant=participant, decision="approved", reason=reason)
    assert "reason" in error.value.message_dict
    assert not DiscretionDecision.objects.exists()
    assert reload(participant).discretion_decision == ""
    assert participant.assessments.count() == 1


def test_it_refuses_an_unknown_decision(programme_year):
    participant = out_of_area_participant(programme_year=programme_year)
    with pytest.raises(ValidationError) as error:
        participant_record_discretion(participant=participant, decision="maybe", reason="Hmm.")
    assert "decision" in error.value.message_dict
    assert not DiscretionDecision.objects.exists()


def test_it_clears_a_decision_when_the_items_decided_change(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    participant_record_discretion(
        participant=participant, decision="approved", reason="Agreed.", decided_by=hub_staff
    )
    business = participant.business
    business.legal_form = "charity"  # adds ELIG-12 to what the hub must decide
    business.save()

    participant_assess(participant=reload(participant), trigger="business edited")

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.eligibility_discretion == "ELIG-12,ELIG-6"
    assert participant.discretion_decision == ""
    assert not participant.is_eligible
    assert participant not in Participant.objects.eligible()
    assert DiscretionDecision.objects.count() == 1  # the earlier decision stays on record


def test_it_keeps_a_decision_while_the_items_decided_stand(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    participant_record_discretion(
        participant=participant, decision="approved", reason="Agreed.", decided_by=hub_staff
    )
    business = participant.business
    business.turnover_gbp = 900_000  # changes nothing the hub decided on
    business.save()

    participant_assess(participant=reload(participant), trigger="business edited")

    participant = reload(participant)
    assert participant.eligibility_discretion == "ELIG-6"
    assert participant.discretion_decision == DiscretionChoice.APPROVED
    assert participant.is_eligible


def test_it_drops_a_decision_once_nothing_needs_deciding(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    participant_record_discretion(
        participant=participant, decision="refused", reason="No.", decided_by=hub_staff
    )
    business_record_cross_lep_agreement(
        business=participant.business, agreed=True, note="Agreed with LCR LEP, 3 May 2021."
    )
    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert participant.discretion_decision == ""
    assert participant.is_eligible


# --- ELIG-10 viability ------------------------------------------------------------------------


def test_it_waits_for_viability_on_a_covid_case(programme_year):
    participant = assessed_participant(programme_year=programme_year, business=covid_business())
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.eligibility_discretion == "ELIG-10"


def test_it_applies_the_covid_flexibility_once_viable(programme_year, hub_staff):
    participant = assessed_participant(programme_year=programme_year, business=covid_business())

    business_record_viability(business=participant.business, viable=True, by=hub_staff)

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY
    assert participant.eligibility_flexibilities == "covid"
    assessment = participant.assessments.first()
    assert assessment.flexibilities == ["covid"]
    assert assessment.assessed_by == hub_staff
    assert assessment.trigger == "viability assessment"
    business = participant.business
    assert business.viable_going_forward is True
    assert business.viability_assessed_by == hub_staff
    assert business.viability_assessed_at is not None
    assert participant in Participant.objects.eligible()


def test_it_returns_to_needing_a_decision_when_viability_is_unassessed(programme_year, hub_staff):
    participant = assessed_participant(
        programme_year=programme_year, business=covid_business(viable_going_forward=True)
    )
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY

    business_record_viability(business=participant.business, viable=None, by=hub_staff)

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.assessments.first().discretion == ["ELIG-10"]
    assert participant.business.viable_going_forward is None
    assert participant.business.viability_assessed_by is None
    assert participant.business.viability_assessed_at is None


def test_it_refuses_a_covid_case_assessed_as_not_viable(programme_year, hub_staff):
    participant = assessed_participant(programme_year=programme_year, business=covid_business())

    business_record_viability(business=participant.business, viable=False, by=hub_staff)

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assessment = participant.assessments.first()
    assert "ELIG-10" in assessment.failed_rules
    assert "ELIG-4" in assessment.failed_rules
    assert participant.business.viable_going_forward is False
    assert participant not in Participant.objects.eligible()


# --- ELIG-6 cross-LEP agreement -----------------------------------------------------------------


def test_it_accepts_an_out_of_area_business_with_a_recorded_agreement(programme_year, hub_staff):
    participant = out_of_area_participant(programme_year=programme_year)
    assert participant.eligibility_discretion == "ELIG-6"

    business_record_cross_lep_agreement(
        business=participant.business,
        agreed=True,
        note="  Agreed with Liverpool City Region LEP by email, 3 May 2021. ",
        by=hub_staff,
    )

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert participant.eligibility_discretion == ""
    business = participant.business
    assert business.cross_lep_agreement is True
    assert business.cross_lep_agreement_note == (
        "Agreed with Liverpool City Region LEP by email, 3 May 2021."
    )
    assert participant.assessments.first().trigger == "cross-LEP agreement"


@pytest.mark.parametrize("note", ["", "  "])
def test_it_requires_a_note_of_the_agreement(programme_year, note):
    participant = out_of_area_participant(programme_year=programme_year)
    with pytest.raises(ValidationError) as error:
        business_record_cross_lep_agreement(business=participant.business, agreed=True, note=note)
    assert "cross_lep_agreement_note" in error.value.message_dict
    participant = reload(participant)
    assert participant.business.cross_lep_agreement is False
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    assert participant.assessments.count() == 1


def test_it_withdraws_an_agreement(programme_year):
    participant = out_of_area_participant(programme_year=programme_year)
    business_record_cross_lep_agreement(business=participant.business, agreed=True, note="Agreed.")
    business_record_cross_lep_agreement(business=participant.business, agreed=False)
    participant = reload(participant)
    assert participant.business.cross_lep_agreement is False
    assert participant.business.cross_lep_agreement_note == ""
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION


# --- ELIG-8 duplicates ------------------------------------------------------------------------


def test_it_finds_the_same_companies_house_number(hub):
    business = BusinessFactory(hub=hub, name="Acme Ltd", companies_house_number="01234567")
    same_company = BusinessFactory(
        hub=hub, name="ACME Trading", postcode="L1 1AA", companies_house_number="01234567"
    )
    BusinessFactory(hub=hub, name="Other Ltd", companies_house_number="07654321")
    assert list(business_possible_duplicates(business)) == [same_company]
    assert list(business_possible_duplicates(same_company)) == [business]


def test_it_finds_the_same_name_and_postcode_in_any_case(hub):
    business = BusinessFactory(hub=hub, name="Northern Widgets Ltd", postcode="M1 2AB")
    same = BusinessFactory(hub=hub, name="northern widgets ltd", postcode="m1 2ab")
    BusinessFactory(hub=hub, name="Northern Widgets Ltd", postcode="M2 9ZZ")  # a branch
    BusinessFactory(hub=hub, name="Southern Widgets Ltd", postcode="M1 2AB")  # a neighbour
    assert list(business_possible_duplicates(business)) == [same]


def test_it_does_not_match_different_businesses_with_no_number(hub):
    business = BusinessFactory(hub=hub, name="Acme Ltd", companies_house_number="")
    BusinessFactory(hub=hub, name="Zenith Ltd", companies_house_number="")
    assert not business_possible_duplicates(business).exists()


def test_it_never_lists_a_business_as_its_own_duplicate(hub):
    business = BusinessFactory(hub=hub, companies_house_number="01234567")
    assert not business_possible_duplicates(business).exists()


# --- COH-2 readiness: the property and the query agree -----------------------------------------


def test_it_keeps_is_ready_for_cohort_in_step_with_the_query(programme_year, hub_staff):
    def decided(decision: str) -> Participant:
        participant = out_of_area_participant(programme_year=programme_year)
        participant_record_discretion(
            participant=participant, decision=decision, reason="Decided.", decided_by=hub_staff
        )
        return reload(participant)

    cases = {
        "eligible": (assessed_participant(programme_year=programme_year), True),
        "with flexibility": (
            assessed_participant(
                programme_year=programme_year, business=covid_business(viable_going_forward=True)
            ),
            True,
        ),
        "ineligible": (
            assessed_participant(
                programme_year=programme_year, business=BusinessFactory(turnover_gbp=50_000)
            ),
            False,
        ),
        "awaiting a decision": (out_of_area_participant(programme_year=programme_year), False),
        "approved": (decided("approved"), True),
        "refused": (decided("refused"), False),
        "no charter": (
            assessed_participant(programme_year=programme_year, charter_signed_at=None),
            False,
        ),
        "no privacy": (
            assessed_participant(programme_year=programme_year, privacy_acknowledged_at=None),
            False,
        ),
        "dropped out": (
            assessed_participant(programme_year=programme_year, dropped_out_on=date(2021, 9, 1)),
            False,
        ),
        "not assessed": (ParticipantFactory(programme_year=programme_year), False),
    }
    ready = set(Participant.objects.ready_for_cohort().values_list("pk", flat=True))
    eligible = set(Participant.objects.eligible().values_list("pk", flat=True))
    for name, (participant, expected) in cases.items():
        participant = reload(participant)
        assert participant.is_ready_for_cohort is expected, name
        assert (participant.pk in ready) is expected, name
        assert participant.is_eligible is (participant.pk in eligible), name


# --- Database integrity and programme-year data -----------------------------------------------


def test_it_allows_one_participant_per_business_per_year(programme_year):
    first = ParticipantFactory(programme_year=programme_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(business=first.business, programme_year=programme_year)
    assert Participant.objects.count() == 1


def test_it_allows_the_same_business_again_next_year(programme_year):
    from tests.peernetworks.factories import ProgrammeYearFactory

    first = ParticipantFactory(programme_year=programme_year)
    next_year = ProgrammeYearFactory(name="2022/23", start=date(2022, 4, 1), end=date(2023, 3, 31))
    ParticipantFactory(business=first.business, programme_year=next_year)
    assert first.business.participants.count() == 2


def test_it_refuses_a_discretion_decision_without_a_reason_in_the_database(programme_year):
    participant = out_of_area_participant(programme_year=programme_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscretionDecision.objects.create(
            participant=participant, decision="approved", reason="", decided_at=timezone.now()
        )


def test_it_takes_the_thresholds_from_the_programme_year(programme_year):
    participant = assessed_participant(
        programme_year=programme_year,
        business=BusinessFactory(employees_full_time=2, employees_part_time_permanent=1),
    )
    assert participant.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assert participant.eligibility_failed_rules == "ELIG-3"

    programme_year.min_employees = 3
    programme_year.save()
    participant_assess(participant=participant, trigger="thresholds changed")

    participant = reload(participant)
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    assert participant.eligibility_failed_rules == ""


def test_it_takes_the_minimum_turnover_from_the_programme_year(programme_year):
    programme_year.min_turnover_gbp = 1_000_000
    programme_year.save()
    participant = assessed_participant(programme_year=programme_year)
    assert participant.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assert participant.assessments.get().failed_rules == ["ELIG-4"]
    assert any("£1,000,000" in reason for reason in participant.assessments.get().reasons)
