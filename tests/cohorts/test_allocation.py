"""Allocation to cohorts through the services: COH-1 (at most 11), COH-2 (ready participants
only), COH-3 (one cohort; moves only before the first session, with a reason, kept in history),
COH-5 (facilitators of the cohort's hub)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import CohortMembership, MoveReason
from cohorts.selectors import current_cohort_of, current_members
from cohorts.services import (
    cohort_allocate,
    cohort_allocate_many,
    cohort_has_met,
    cohort_remove,
    cohort_set_facilitators,
    participant_move,
)
from participants.models import DiscretionChoice, EligibilityOutcome, Participant
from tests.cohorts.factories import CohortFactory, cohort_with_members, ready_participant
from tests.participants.factories import BusinessFactory, ParticipantFactory
from tests.peernetworks.factories import FacilitatorFactory, ProgrammeYearFactory, UserFactory
from tests.sessions.factories import SessionFactory, fortnightly_schedule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2021, 8, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    """Early August 2021: the cohorts below start meeting in September."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cohort(programme_year, hub):
    return CohortFactory(hub=hub, programme_year=programme_year, name="Manchester Makers")


@pytest.fixture
def other_cohort(programme_year, hub):
    return CohortFactory(hub=hub, programme_year=programme_year, name="Salford Starters")


def error_text(excinfo) -> str:
    return " ".join(m for messages in excinfo.value.message_dict.values() for m in messages)


def members_of(cohort) -> set[int]:
    return set(current_members(cohort).values_list("participant", flat=True))


# COH-1: at most 11.


def test_it_allocates_eleven_and_refuses_the_twelfth(cohort, hub):
    eleven = [ready_participant(hub) for _ in range(11)]
    for participant in eleven:
        cohort_allocate(cohort=cohort, participant=participant)
    twelfth = ready_participant(hub)

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=cohort, participant=twelfth)

    message = error_text(excinfo)
    assert "Manchester Makers is full" in message
    assert "at most 11 participants" in message
    assert "a cohort has at most 11 participants." in message
    assert members_of(cohort) == {p.pk for p in eleven}
    assert not CohortMembership.objects.filter(participant=twelfth).exists()
    assert sorted(current_members(cohort).values_list("seat", flat=True)) == list(range(1, 12))


def test_it_takes_the_maximum_from_the_programme_year(cohort, hub, programme_year):
    programme_year.cohort_max = 2
    programme_year.save()
    cohort.refresh_from_db()
    for _ in range(2):
        cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    with pytest.raises(ValidationError, match="at most 2 participants"):
        cohort_allocate(cohort=cohort, participant=ready_participant(hub))


def test_it_allocates_all_or_nobody(cohort, hub):
    twelve = [ready_participant(hub) for _ in range(12)]

    with pytest.raises(ValidationError, match="is full"):
        cohort_allocate_many(cohort=cohort, participants=twelve)

    assert not CohortMembership.objects.exists()


def test_it_allocates_many_at_once(cohort, hub):
    some = [ready_participant(hub) for _ in range(5)]

    memberships = cohort_allocate_many(cohort=cohort, participants=some)

    assert [m.seat for m in memberships] == [1, 2, 3, 4, 5]
    assert members_of(cohort) == {p.pk for p in some}


def test_it_records_who_allocated_and_when(cohort, hub, hub_staff):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub), by=hub_staff)

    assert membership.allocated_by == hub_staff
    assert membership.joined_at == timezone.now()
    assert membership.left_at is None


def test_it_refuses_a_cancelled_cohort(cohort, hub):
    cohort.cancelled_at = timezone.now()
    cohort.save()

    with pytest.raises(ValidationError, match="Manchester Makers is cancelled"):
        cohort_allocate(cohort=cohort, participant=ready_participant(hub))


# COH-2: only ready participants.


def unready(hub, **kwargs) -> Participant:
    defaults = {"eligibility_outcome": EligibilityOutcome.ELIGIBLE}
    return ParticipantFactory(business=BusinessFactory(hub=hub), **{**defaults, **kwargs})


@pytest.mark.parametrize(
    "kwargs, needs",
    [
        ({"eligibility_outcome": EligibilityOutcome.INELIGIBLE}, "needs an eligible decision"),
        ({"eligibility_outcome": ""}, "needs an eligible decision"),
        (
            {"eligibility_outcome": EligibilityOutcome.NEEDS_DISCRETION},
            "needs an eligible decision",
        ),
        (
            {
                "eligibility_outcome": EligibilityOutcome.NEEDS_DISCRETION,
                "discretion_decision": DiscretionChoice.REFUSED,
            },
            "needs an eligible decision",
        ),
        ({"charter_signed_at": None}, "needs the Participant Charter signed"),
        ({"privacy_acknowledged_at": None}, "needs the privacy notice acknowledged"),
        ({"dropped_out_on": date(2021, 7, 1)}, "needs to still be taking part"),
    ],
    ids=[
        "ineligible",
        "not-assessed",
        "needs-discretion",
        "discretion-refused",
        "no-charter",
        "no-privacy",
        "dropped-out",
    ],
)
def test_it_refuses_a_participant_who_is_not_ready(cohort, hub, kwargs, needs):
    participant = unready(hub, first_name="Nadia", last_name="Notready", **kwargs)

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=cohort, participant=participant)

    assert list(excinfo.value.message_dict) == ["participant"]
    message = error_text(excinfo)
    assert message.startswith("Nadia Notready is not ready for a cohort:")
    assert needs in message
    assert "is not ready for a cohort" in message
    assert not CohortMembership.objects.exists()


def test_it_names_everything_missing_at_once(cohort, hub):
    participant = unready(
        hub, eligibility_outcome=EligibilityOutcome.INELIGIBLE, charter_signed_at=None
    )

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=cohort, participant=participant)

    assert "needs an eligible decision, the Participant Charter signed" in error_text(excinfo)


def test_it_allocates_a_participant_approved_by_discretion(cohort, hub):
    participant = unready(
        hub,
        eligibility_outcome=EligibilityOutcome.NEEDS_DISCRETION,
        discretion_decision=DiscretionChoice.APPROVED,
    )

    assert cohort_allocate(cohort=cohort, participant=participant).cohort == cohort


def test_it_allocates_a_participant_eligible_with_flexibility(cohort, hub):
    participant = unready(hub, eligibility_outcome=EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY)

    assert cohort_allocate(cohort=cohort, participant=participant).cohort == cohort


def test_it_refuses_another_hubs_participant(cohort, other_hub):
    participant = ready_participant(other_hub, first_name="Liv", last_name="Pool")

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=cohort, participant=participant)

    assert error_text(excinfo) == "Liv Pool belongs to another Growth Hub."
    assert not CohortMembership.objects.exists()


def test_it_refuses_another_programme_years_participant(cohort, hub):
    next_year = ProgrammeYearFactory(name="2022/23", start=date(2022, 4, 1), end=date(2023, 3, 31))
    participant = ready_participant(
        hub, programme_year=next_year, first_name="Nora", last_name="Nextyear"
    )

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=cohort, participant=participant)

    assert error_text(excinfo) == "Nora Nextyear is in another programme year."


# COH-3: one cohort; moves only before the first session.


def test_it_refuses_a_participant_already_in_a_cohort(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(ValidationError) as excinfo:
        cohort_allocate(cohort=other_cohort, participant=participant)

    message = error_text(excinfo)
    assert "already in Manchester Makers" in message and "move them instead." in message
    assert current_cohort_of(participant) == cohort
    assert CohortMembership.objects.filter(participant=participant).count() == 1


def test_it_refuses_the_same_cohort_twice(cohort, hub):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(ValidationError, match="already in Manchester Makers"):
        cohort_allocate(cohort=cohort, participant=participant)


def test_it_moves_a_participant_keeping_the_history(cohort, other_cohort, hub, hub_staff):
    participant = ready_participant(hub)
    old = cohort_allocate(cohort=cohort, participant=participant)
    fortnightly_schedule(other_cohort, first=datetime(2021, 9, 14, 9, 30, tzinfo=LONDON))

    new = participant_move(
        participant=participant,
        to_cohort=other_cohort,
        reason=MoveReason.PERSONALITY_CONFLICT,
        by=hub_staff,
    )

    old.refresh_from_db()
    assert old.left_at == timezone.now()
    assert old.move_reason == MoveReason.PERSONALITY_CONFLICT
    assert new.cohort == other_cohort and new.left_at is None
    assert new.allocated_by == hub_staff
    assert current_cohort_of(participant) == other_cohort
    assert list(
        CohortMembership.objects.filter(participant=participant)
        .order_by("pk")
        .values_list("cohort__name", "left_at")
    ) == [("Manchester Makers", timezone.now()), ("Salford Starters", None)]


def test_it_moves_for_another_reason_with_a_note(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    old = cohort_allocate(cohort=cohort, participant=participant)

    participant_move(
        participant=participant,
        to_cohort=other_cohort,
        reason=MoveReason.OTHER,
        note="  Shift work clashes with Tuesdays.  ",
    )

    old.refresh_from_db()
    assert old.move_reason == MoveReason.OTHER
    assert old.move_note == "Shift work clashes with Tuesdays."


@pytest.mark.parametrize("reason", ["", "boredom", None])
def test_it_requires_a_reason_to_move(cohort, other_cohort, hub, reason):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(ValidationError) as excinfo:
        participant_move(participant=participant, to_cohort=other_cohort, reason=reason)

    assert "reason" in excinfo.value.message_dict
    assert current_cohort_of(participant) == cohort


@pytest.mark.parametrize("note", ["", "   "])
def test_it_requires_a_note_for_other(cohort, other_cohort, hub, note):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(ValidationError) as excinfo:
        participant_move(
            participant=participant, to_cohort=other_cohort, reason=MoveReason.OTHER, note=note
        )

    assert excinfo.value.message_dict == {"note": ["Explain the reason for the move."]}
    assert current_cohort_of(participant) == cohort


def test_it_refuses_a_move_into_a_cohort_that_has_met(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)
    SessionFactory(cohort=other_cohort, starts_at=NOW - timedelta(days=1))
    SessionFactory(cohort=other_cohort, starts_at=NOW + timedelta(days=13))

    with pytest.raises(ValidationError) as excinfo:
        participant_move(
            participant=participant,
            to_cohort=other_cohort,
            reason=MoveReason.EMERGING_COMPETITION,
        )

    message = error_text(excinfo)
    assert (
        "Salford Starters has already met" in message
        and "first session has not happened" in message
    )
    assert current_cohort_of(participant) == cohort
    assert not CohortMembership.objects.filter(left_at__isnull=False).exists()


def test_it_refuses_a_move_once_the_first_session_has_started(cohort, other_cohort, hub, frozen):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)
    first = SessionFactory(cohort=other_cohort, starts_at=NOW + timedelta(hours=1))
    frozen.move_to(first.starts_at)

    with pytest.raises(ValidationError, match="has already met"):
        participant_move(
            participant=participant, to_cohort=other_cohort, reason=MoveReason.OTHER, note="x"
        )


def test_it_ignores_a_cancelled_past_session_when_deciding_a_cohort_has_met(
    cohort, other_cohort, hub
):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)
    SessionFactory(cohort=other_cohort, starts_at=NOW - timedelta(days=1), status="cancelled")
    SessionFactory(cohort=other_cohort, starts_at=NOW + timedelta(days=6))
    assert not cohort_has_met(other_cohort)

    participant_move(
        participant=participant,
        to_cohort=other_cohort,
        reason=MoveReason.PERSONALITY_CONFLICT,
    )

    assert current_cohort_of(participant) == other_cohort


def test_it_allows_a_move_out_of_a_cohort_that_has_met(cohort, other_cohort, hub):
    """COH-3 restricts the destination only: leaving a cohort that has met is the last resort."""
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)
    SessionFactory(cohort=cohort, starts_at=NOW - timedelta(days=1))

    participant_move(
        participant=participant, to_cohort=other_cohort, reason=MoveReason.EMERGING_COMPETITION
    )

    assert current_cohort_of(participant) == other_cohort


def test_it_refuses_a_move_into_the_same_cohort(cohort, hub):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(ValidationError, match="already in Manchester Makers"):
        participant_move(
            participant=participant, to_cohort=cohort, reason=MoveReason.PERSONALITY_CONFLICT
        )


def test_it_refuses_to_move_someone_not_in_a_cohort(other_cohort, hub):
    with pytest.raises(ValidationError, match="not in a cohort to move from"):
        participant_move(
            participant=ready_participant(hub),
            to_cohort=other_cohort,
            reason=MoveReason.PERSONALITY_CONFLICT,
        )


def test_it_refuses_a_move_into_a_full_cohort_and_keeps_the_old_place(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    old = cohort_allocate(cohort=cohort, participant=participant)
    for _ in range(11):
        cohort_allocate(cohort=other_cohort, participant=ready_participant(hub))

    with pytest.raises(ValidationError, match="Salford Starters is full"):
        participant_move(
            participant=participant, to_cohort=other_cohort, reason=MoveReason.PERSONALITY_CONFLICT
        )

    old.refresh_from_db()
    assert old.left_at is None and old.move_reason == ""
    assert current_cohort_of(participant) == cohort


def test_it_reuses_a_seat_freed_by_a_move(cohort, other_cohort, hub):
    memberships = [
        cohort_allocate(cohort=cohort, participant=ready_participant(hub)) for _ in range(11)
    ]
    leaving = memberships[4]

    participant_move(
        participant=leaving.participant,
        to_cohort=other_cohort,
        reason=MoveReason.PERSONALITY_CONFLICT,
    )
    newcomer = cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    assert newcomer.seat == leaving.seat == 5
    assert current_members(cohort).count() == 11
    assert cohort.memberships.count() == 12  # the moved-out row stays as history


def test_it_lets_a_moved_participant_move_again(cohort, other_cohort, programme_year, hub):
    third = CohortFactory(hub=hub, programme_year=programme_year, name="Trafford Traders")
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)
    participant_move(participant=participant, to_cohort=other_cohort, reason="personality_conflict")

    participant_move(participant=participant, to_cohort=third, reason="emerging_competition")

    assert current_cohort_of(participant) == third
    assert CohortMembership.objects.filter(participant=participant).count() == 3


# Removing a mistaken allocation.


def test_it_removes_a_member_before_the_cohort_meets(cohort, hub):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))
    fortnightly_schedule(cohort, first=datetime(2021, 9, 7, 9, 30, tzinfo=LONDON))

    cohort_remove(membership=membership)

    assert not CohortMembership.objects.exists()


def test_it_refuses_to_remove_a_member_once_the_cohort_has_met(cohort, hub, frozen):
    membership = cohort_allocate(cohort=cohort, participant=ready_participant(hub))
    sessions = fortnightly_schedule(cohort, first=datetime(2021, 9, 7, 9, 30, tzinfo=LONDON))
    frozen.move_to(sessions[0].starts_at + timedelta(minutes=1))

    with pytest.raises(ValidationError, match="The cohort has met"):
        cohort_remove(membership=membership)

    assert CohortMembership.objects.filter(pk=membership.pk, left_at__isnull=True).exists()


# The database backs the service up.


def test_the_database_refuses_two_current_cohorts_for_one_participant(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    cohort_allocate(cohort=cohort, participant=participant)

    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMembership.objects.create(
            cohort=other_cohort, participant=participant, seat=1, joined_at=timezone.now()
        )


def test_the_database_allows_past_memberships_alongside_the_current_one(cohort, other_cohort, hub):
    participant = ready_participant(hub)
    CohortMembership.objects.create(
        cohort=cohort,
        participant=participant,
        seat=1,
        joined_at=timezone.now(),
        left_at=timezone.now(),
        move_reason=MoveReason.OTHER,
    )

    CohortMembership.objects.create(
        cohort=other_cohort, participant=participant, seat=1, joined_at=timezone.now()
    )

    assert CohortMembership.objects.filter(participant=participant).count() == 2


def test_the_database_refuses_two_current_members_in_one_seat(cohort, hub):
    cohort_allocate(cohort=cohort, participant=ready_participant(hub))

    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMembership.objects.create(
            cohort=cohort, participant=ready_participant(hub), seat=1, joined_at=timezone.now()
        )


def test_the_database_refuses_seat_zero(cohort, hub):
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMembership.objects.create(
            cohort=cohort, participant=ready_participant(hub), seat=0, joined_at=timezone.now()
        )


# COH-5: facilitators.


def test_it_sets_the_lead_facilitator_support_and_conflicts(cohort, hub, hub_staff):
    lead = FacilitatorFactory(hub=hub)

    cohort_set_facilitators(
        cohort=cohort, lead=lead, support=hub_staff, conflicts="  Knows Business 3 Ltd.  "
    )

    cohort.refresh_from_db()
    assert cohort.lead_facilitator == lead
    assert cohort.support_person == hub_staff
    assert cohort.facilitator_conflicts == "Knows Business 3 Ltd."
    assert cohort.facilitator_conflicts_declared_at == timezone.now()


def test_it_refuses_a_lead_who_is_not_a_facilitator(cohort, hub_staff):
    previous = cohort.lead_facilitator

    with pytest.raises(ValidationError) as excinfo:
        cohort_set_facilitators(cohort=cohort, lead=hub_staff)

    assert excinfo.value.message_dict == {
        "lead_facilitator": ["Choose a facilitator of this Growth Hub."]
    }
    cohort.refresh_from_db()
    assert cohort.lead_facilitator == previous


def test_it_refuses_another_hubs_facilitator(cohort, other_hub):
    with pytest.raises(ValidationError) as excinfo:
        cohort_set_facilitators(cohort=cohort, lead=FacilitatorFactory(hub=other_hub))

    assert "lead_facilitator" in excinfo.value.message_dict


def test_it_refuses_a_support_person_from_another_hub(cohort, hub, other_hub):
    with pytest.raises(ValidationError) as excinfo:
        cohort_set_facilitators(
            cohort=cohort,
            lead=FacilitatorFactory(hub=hub),
            support=UserFactory(hub=other_hub),
        )

    assert excinfo.value.message_dict == {
        "support_person": ["Choose someone from this Growth Hub."]
    }


def test_the_cohort_with_members_factory_uses_the_service(programme_year, hub):
    cohort, memberships = cohort_with_members(3, hub=hub, programme_year=programme_year)

    assert [m.seat for m in memberships] == [1, 2, 3]
    assert current_members(cohort).count() == 3
