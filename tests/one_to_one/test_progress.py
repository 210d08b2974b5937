"""OTO-1 progress: hours by route against the minimum per participant and cohort, and who is
short of it after their cohort ended. Sums come from the database."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from one_to_one.selectors import (
    cohort_progress,
    cohorts_progress,
    participants_for_provider,
    progress_rows,
    short_of_minimum_after_cohort_end,
)
from one_to_one.services import support_decline
from participants.models import Participant
from tests.one_to_one.factories import (
    OneToOneSessionFactory,
    assigned,
    cohort_with_schedule,
    existing_provision,
)
from tests.sessions.factories import LONDON

pytestmark = pytest.mark.django_db


def hours(participant, *amounts, route="programme"):
    for amount in amounts:
        if route == "programme":
            OneToOneSessionFactory(participant=participant, hours=Decimal(str(amount)))
        else:
            existing_provision(participant, amount)


def progress_of(participant):
    (row,) = progress_rows(Participant.objects.filter(pk=participant.pk))
    return row.progress


@pytest.fixture
def cohort_and_members(programme_year, hub):
    cohort, members, _ = cohort_with_schedule(hub, members=4)
    return cohort, members


@pytest.mark.parametrize(
    ("logged", "met"), [(("1.7", "1.7"), False), (("2", "1.5"), True), (("3.6",), True)]
)
def test_it_meets_the_minimum_from_three_and_a_half_hours(cohort_and_members, logged, met):
    _cohort, (participant, *_) = cohort_and_members
    hours(participant, *logged)
    assert progress_of(participant).met is met


def test_it_sums_hours_by_route_and_combines_them(cohort_and_members):
    _cohort, (participant, *_) = cohort_and_members
    hours(participant, "1", "0.5")
    hours(participant, "2", route="existing")
    progress = progress_of(participant)
    assert progress.programme_hours == Decimal("1.5")
    assert progress.existing_provision_hours == Decimal("2")
    assert progress.total == Decimal("3.5") and progress.met


def test_it_shows_no_hours_as_zero(cohort_and_members):
    _cohort, (participant, *_) = cohort_and_members
    progress = progress_of(participant)
    assert (progress.programme_hours, progress.existing_provision_hours) == (0, 0)
    assert not progress.met


def test_it_summarises_a_cohort(cohort_and_members, hub_staff):
    cohort, (a, b, c, d) = cohort_and_members
    hours(a, "3.5")
    hours(b, "1", "1")
    hours(b, "1.5", route="existing")
    hours(c, "3.4")
    summary = cohort_progress(cohort, hub_staff)
    assert summary.members == 4 and summary.met == 2 and summary.short == 2
    assert summary.programme_hours == Decimal("8.9")
    assert summary.existing_provision_hours == Decimal("1.5")
    assert {row.participant.cohort_name for row in summary.rows} == {cohort.name}
    assert d in [row.participant for row in summary.rows]


def test_it_summarises_every_cohort_of_the_hub(programme_year, hub, other_hub, hub_staff):
    from cohorts.models import Cohort

    first, (a,), _ = cohort_with_schedule(hub)
    second, (b, c), _ = cohort_with_schedule(hub, members=2)
    cohort_with_schedule(other_hub)
    hours(b, "4")
    summaries = cohorts_progress(Cohort.objects.filter(hub=hub).order_by("pk"), hub_staff)
    assert [(s.cohort, s.members, s.met) for s in summaries] == [(first, 1, 0), (second, 2, 1)]


def test_it_shows_the_current_provider(cohort_and_members, hub):
    _cohort, (participant, *_) = cohort_and_members
    provider = assigned(participant)
    (row,) = progress_rows(Participant.objects.filter(pk=participant.pk))
    assert row.provider_name == provider.get_full_name()


# --- Short of the minimum after the cohort ended -----------------------------------------------


def test_it_lists_those_short_of_the_minimum_after_their_cohort_ended(
    cohort_and_members, hub_staff
):
    _cohort, (short, met, declined, dropped) = cohort_and_members
    hours(short, "3.4")
    hours(met, "2")
    hours(met, "1.5", route="existing")
    support_decline(participant=declined, declined_on=date(2021, 9, 20))
    dropped.dropped_out_on = date(2021, 10, 1)
    dropped.save()
    rows = short_of_minimum_after_cohort_end(hub_staff)
    assert {row.participant for row in rows} == {short, declined}
    assert [row.participant.declined for row in rows if row.participant == declined] == [True]


def test_it_waits_until_the_final_session_is_past(programme_year, hub, hub_staff):
    _cohort, (participant,), sessions = cohort_with_schedule(hub)
    last = sessions[-1].starts_at
    assert short_of_minimum_after_cohort_end(hub_staff, now=last - timedelta(minutes=1)) == []
    rows = short_of_minimum_after_cohort_end(hub_staff, now=last + timedelta(minutes=1))
    assert [row.participant for row in rows] == [participant]


def test_it_ignores_cancelled_sessions_when_deciding_a_cohort_ended(programme_year, hub, hub_staff):
    _cohort, (participant,), sessions = cohort_with_schedule(hub)
    later = sessions[-1]
    later.pk = None
    later.number = 8
    later.starts_at = datetime(2099, 1, 5, 10, tzinfo=LONDON)
    later.save()
    assert short_of_minimum_after_cohort_end(hub_staff) == []
    later.status = "cancelled"
    later.save()
    assert [row.participant for row in short_of_minimum_after_cohort_end(hub_staff)] == [
        participant
    ]


def test_it_lists_only_the_users_hub(
    programme_year, hub, other_hub, hub_staff, national_coordinator
):
    cohort_with_schedule(other_hub)
    _cohort, (own,), _ = cohort_with_schedule(hub)
    assert [row.participant for row in short_of_minimum_after_cohort_end(hub_staff)] == [own]
    assert short_of_minimum_after_cohort_end(national_coordinator) == []


# --- What each role may see ----------------------------------------------------------------------


def test_a_provider_sees_only_their_current_participants(programme_year, hub, other_hub):
    _cohort, (mine, theirs, former), _ = cohort_with_schedule(hub, members=3)
    provider = assigned(mine)
    assigned(theirs)
    assigned(former, provider)
    assigned(former)  # reassigned to someone else
    assert list(participants_for_provider(provider)) == [mine]


def test_the_national_coordinator_sees_no_participants(cohort_and_members, national_coordinator):
    assert not participants_for_provider(national_coordinator).exists()


def test_hub_staff_see_their_hubs_participants(programme_year, hub, other_hub, hub_staff):
    _cohort, own, _ = cohort_with_schedule(hub, members=2)
    cohort_with_schedule(other_hub)
    assert set(participants_for_provider(hub_staff)) == set(own)


def test_it_compares_with_the_current_time_by_default(cohort_and_members, hub_staff):
    assert len(short_of_minimum_after_cohort_end(hub_staff)) == 4  # a cohort of 2021


def test_it_summarises_a_cohort_without_a_user_for_internal_callers(cohort_and_members):
    cohort, members = cohort_and_members
    hours(members[0], "3.5")
    summary = cohort_progress(cohort)
    assert (summary.members, summary.met) == (4, 1)


def test_it_names_a_provider_without_a_full_name_by_username(cohort_and_members, hub):
    from tests.peernetworks.factories import ProviderFactory

    _cohort, (participant, *_) = cohort_and_members
    assigned(participant, ProviderFactory(hub=hub, username="coach7", first_name="", last_name=""))
    (row,) = progress_rows(Participant.objects.filter(pk=participant.pk))
    assert row.provider_name == "coach7"
