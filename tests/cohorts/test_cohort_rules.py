"""The pure cohort rules (COH-4, COH-6): plain values in and out, no database."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cohorts.composition import Member, composition_advice
from cohorts.models import CohortStatus
from cohorts.status import cohort_status, is_completed, status_of

D = Decimal


# COH-6: status derived from the facts.


def status(**facts):
    defaults = {
        "cancelled": False,
        "schedule_confirmed": False,
        "delivered_hours": D(0),
        "required_hours": D(18),
        "delivered_sessions": 0,
    }
    return cohort_status(**{**defaults, **facts})


def test_it_derives_each_cohort_status():
    assert status() == CohortStatus.FORMING
    assert status(schedule_confirmed=True) == CohortStatus.SCHEDULED
    assert status(schedule_confirmed=True, delivered_sessions=1, delivered_hours=D(3)) == (
        CohortStatus.RUNNING
    )
    assert status(delivered_sessions=7, delivered_hours=D(17)) == CohortStatus.RUNNING
    assert status(delivered_sessions=8, delivered_hours=D(18)) == CohortStatus.COMPLETED
    assert status(delivered_sessions=9, delivered_hours=D(19)) == CohortStatus.COMPLETED


def test_it_puts_cancelled_above_every_other_status():
    assert status(cancelled=True) == CohortStatus.CANCELLED
    assert status(cancelled=True, schedule_confirmed=True) == CohortStatus.CANCELLED
    assert status(cancelled=True, delivered_sessions=8, delivered_hours=D(18)) == (
        CohortStatus.CANCELLED
    )


def test_it_is_not_completed_without_delivered_sessions():
    assert status(delivered_hours=D(18), delivered_sessions=0) == CohortStatus.FORMING


def test_it_reads_the_status_of_a_cohort_with_its_schedule_totals():
    cohort = SimpleNamespace(
        cancelled_at=None,
        scheduled_at=date(2021, 9, 1),
        delivered_hours=D("17.5"),
        delivered_count=7,
        programme_year=SimpleNamespace(group_hours_required=D(18)),
    )
    assert status_of(cohort) == CohortStatus.RUNNING and not is_completed(cohort)
    cohort.delivered_hours, cohort.delivered_count = D(18), 8
    assert status_of(cohort) == CohortStatus.COMPLETED and is_completed(cohort)
    cohort.cancelled_at = date(2021, 12, 1)
    assert status_of(cohort) == CohortStatus.CANCELLED and not is_completed(cohort)


# COH-4: composition advice, never blocking.

ON = date(2021, 9, 1)


def member(n: int, **overrides) -> Member:
    """A balanced default: sizes 10-24, varied sectors, 4-10 years trading, no gender said."""
    sics = ["62012", "25620", "47110", "56101", "70229", "86900", "43210", "10710", "74100"]
    values = {
        "name": f"Person {n}",
        "business_name": f"Business {n} Ltd",
        "employees": 10 + 2 * n,
        "sic_code": sics[n % len(sics)],
        "trading_start_date": date(2017 - n % 7, 5, 1),
    }
    return Member(**{**values, **overrides})


def cohort_of(count: int, **overrides_by_index) -> list[Member]:
    return [member(i, **overrides_by_index.get(f"m{i}", {})) for i in range(count)]


def test_it_has_nothing_to_say_about_a_balanced_cohort():
    genders = ["female", "male"] * 6
    members = [member(i, gender=genders[i]) for i in range(11)]

    assert composition_advice(members, on=ON) == []


@pytest.mark.parametrize("count", [0, 1])
def test_it_never_raises_for_an_empty_or_single_member_cohort(count):
    lonely = [member(0, employees=0, sic_code="", declared_competitors=("Business 0 Ltd",))]

    assert composition_advice(lonely[:count], on=ON) == []


def test_it_never_raises_for_odd_data():
    odd = [
        member(0, employees=0, sic_code="", trading_start_date=ON),
        member(1, employees=0, sic_code="", trading_start_date=ON, gender="prefer_not_to_say"),
    ]

    assert isinstance(composition_advice(odd, on=ON), list)


def test_it_points_out_declared_competitors_declared_by_one_side():
    members = cohort_of(3)
    members[0] = member(0, declared_competitors=("Business 2 Ltd",))

    advice = composition_advice(members, on=ON)

    assert advice == ["Declared competitors together: Business 0 Ltd and Business 2 Ltd."]


def test_it_reports_a_pair_of_competitors_once_when_both_declare():
    members = [
        member(0, declared_competitors=("Business 1 Ltd",)),
        member(1, declared_competitors=("Business 0 Ltd",)),
        member(2),
    ]

    advice = composition_advice(members, on=ON)

    assert advice == ["Declared competitors together: Business 0 Ltd and Business 1 Ltd."]


@pytest.mark.parametrize(
    "declared", ["business 1", "BUSINESS 1 LTD", "Business 1 Limited", "  Business   1  ltd "]
)
def test_it_matches_competitors_ignoring_case_and_ltd(declared):
    members = [member(0, declared_competitors=(declared,)), member(1), member(2)]

    advice = composition_advice(members, on=ON)

    assert "Declared competitors together: Business 0 Ltd and Business 1 Ltd." in advice


def test_it_ignores_competitors_outside_the_cohort_and_self_declaration():
    members = [
        member(0, declared_competitors=("Someone Else Ltd", "Business 0 Ltd")),
        member(1),
        member(2),
    ]

    assert composition_advice(members, on=ON) == []


def test_it_points_out_a_gender_imbalance_among_four_who_said():
    members = [member(i, gender="female") for i in range(4)] + [member(4), member(5)]

    advice = composition_advice(members, on=ON)

    assert advice == ["Gender balance: 4 of the 4 members who said are female."]


def test_it_says_nothing_about_gender_with_fewer_than_four_known():
    members = [member(i, gender="male") for i in range(3)] + [
        member(i, gender="prefer_not_to_say") for i in range(3, 8)
    ]

    assert composition_advice(members, on=ON) == []


def test_it_says_nothing_about_a_three_to_one_split():
    members = [member(i, gender="male") for i in range(3)] + [member(3, gender="female")]

    assert composition_advice(members, on=ON) == []


def test_it_points_out_a_wide_spread_of_business_size():
    members = [member(0, employees=5), member(1, employees=12), member(2, employees=80)]

    assert composition_advice(members, on=ON) == [
        "Wide spread of business size: from 5 to 80 employees."
    ]


def test_it_accepts_a_spread_that_is_wide_in_ratio_but_small_in_number():
    members = [member(0, employees=1), member(1, employees=30)]

    assert composition_advice(members, on=ON) == []


def test_it_points_out_a_shared_sector_division():
    members = [member(i) for i in range(6)]
    for i in (0, 2, 4):
        members[i] = member(i, sic_code=f"6201{i}")

    advice = composition_advice(members, on=ON)

    assert advice == ["Sector diversity: 3 of 6 businesses share SIC division 62."]


def test_it_points_out_a_wide_range_of_years_trading():
    members = [
        member(0, trading_start_date=date(2020, 6, 1)),
        member(1, trading_start_date=date(1990, 6, 1)),
    ]

    assert composition_advice(members, on=ON) == [
        "Stage of growth varies widely: from 1 to 31 years trading."
    ]


def test_it_points_out_businesses_all_of_one_age():
    members = [member(i, trading_start_date=date(2018, 1, 1)) for i in range(4)]

    assert composition_advice(members, on=ON) == [
        "Stage of growth: every business has traded for about the same time."
    ]
