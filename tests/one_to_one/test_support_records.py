"""Provider assignment, the GROW(TH) action plan (OTO-6), referrals (OTO-8), providers'
declarations and declined support (OTO-9)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from one_to_one.models import ActionPlan, ProviderAssignment, ProviderDeclaration, SupportDeclined
from one_to_one.services import (
    action_plan_save,
    provider_assign,
    provider_declare,
    referral_record,
    support_decline,
)
from tests.one_to_one.factories import FIRST_DAY, cohort_with_schedule
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(programme_year, hub):
    return cohort_with_schedule(hub)[1][0]


@pytest.fixture
def provider(hub):
    return ProviderFactory(hub=hub)


def message(error: pytest.ExceptionInfo, field: str) -> str:
    return error.value.message_dict[field][0]


# --- Assignment --------------------------------------------------------------------------------


def test_it_assigns_a_provider_and_keeps_the_history(participant, provider, hub, hub_staff):
    first = provider_assign(participant=participant, provider=provider, by=hub_staff)
    assert provider_assign(participant=participant, provider=provider) == first  # no change
    second = provider_assign(participant=participant, provider=ProviderFactory(hub=hub))
    first.refresh_from_db()
    assert first.ended_at is not None and second.ended_at is None
    assert ProviderAssignment.objects.filter(participant=participant).count() == 2


def test_it_refuses_a_provider_of_another_hub_or_role(participant, other_hub, hub):
    with pytest.raises(ValidationError) as error:
        provider_assign(participant=participant, provider=ProviderFactory(hub=other_hub))
    assert "another Growth Hub" in message(error, "provider")
    with pytest.raises(ValidationError):
        provider_assign(participant=participant, provider=FacilitatorFactory(hub=hub))


def test_the_database_keeps_one_current_assignment(participant, provider, hub):
    provider_assign(participant=participant, provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderAssignment.objects.create(
            participant=participant, provider=ProviderFactory(hub=hub), assigned_at=timezone.now()
        )


# --- Action plan -------------------------------------------------------------------------------


def plan(participant, day, **fields):
    return action_plan_save(participant=participant, date=day, **{"goal": "Grow 20%", **fields})


def test_it_refuses_an_action_plan_before_the_first_group_session(participant):
    with pytest.raises(ValidationError) as error:
        plan(participant, date(2021, 9, 6))
    assert "the action plan starts after it." in message(error, "date")
    assert not ActionPlan.objects.exists()


def test_it_agrees_a_plan_at_the_first_session_and_records_reviews(participant):
    agreed = plan(participant, FIRST_DAY, reality="Owner-led", habits="Weekly review")
    assert (agreed.agreed_on, agreed.review_dates, agreed.habits) == (
        FIRST_DAY,
        [],
        "Weekly review",
    )
    plan(participant, date(2021, 10, 5), tactics="Delegate")
    reviewed = plan(participant, date(2021, 11, 2), tactics="Delegate more")
    assert reviewed.review_dates == ["2021-10-05", "2021-11-02"]
    assert reviewed.tactics == "Delegate more"
    assert ActionPlan.objects.count() == 1


def test_it_needs_a_goal(participant):
    with pytest.raises(ValidationError) as error:
        plan(participant, FIRST_DAY, goal=" ")
    assert "goal" in error.value.message_dict


# --- Referrals, declarations, declining -----------------------------------------------------------


def test_it_records_a_referral_and_needs_a_note_for_other(participant):
    referral = referral_record(
        participant=participant, destination="help_to_grow_digital", referred_on=date(2021, 10, 1)
    )
    assert referral.get_destination_display() == "Help to Grow: Digital"
    with pytest.raises(ValidationError) as error:
        referral_record(participant=participant, destination="other", referred_on=FIRST_DAY)
    assert "note" in error.value.message_dict


def test_it_records_a_declaration_and_replaces_it(participant, provider):
    provider_declare(
        provider=provider,
        participant=participant,
        has_conflict=True,
        conflict_details="Former employer",
        continuing_commercial_work=False,
    )
    latest = provider_declare(
        provider=provider,
        participant=participant,
        has_conflict=False,
        conflict_details="ignored",
        continuing_commercial_work=True,
        commercial_work_details="Payroll services",
    )
    assert ProviderDeclaration.objects.count() == 1
    assert (latest.has_conflict, latest.conflict_details) == (False, "")
    assert latest.commercial_work_details == "Payroll services"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"has_conflict": True, "continuing_commercial_work": False}, "conflict_details"),
        ({"has_conflict": False, "continuing_commercial_work": True}, "commercial_work_details"),
    ],
)
def test_it_needs_the_details_of_what_is_declared(participant, provider, values, field):
    with pytest.raises(ValidationError) as error:
        provider_declare(provider=provider, participant=participant, **values)
    assert field in error.value.message_dict


def test_it_records_that_a_participant_declined_once(participant):
    support_decline(participant=participant, declined_on=date(2021, 9, 20), note="Too busy")
    support_decline(participant=participant, declined_on=date(2021, 9, 21))
    assert SupportDeclined.objects.get().declined_on == date(2021, 9, 21)
