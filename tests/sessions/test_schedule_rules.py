"""The pure schedule rules (SES-1..5, SES-11): plain values in and out, no database."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peernetworks.units import hours_text
from sessions.schedule import (
    Interval,
    ScheduleTotal,
    add_months,
    check_in_programme_year,
    check_session_length,
    joining_instructions_due,
    joining_instructions_late,
    length_pattern,
    observation_notice_ok,
    schedule_total,
    series_starts,
)

LONDON = ZoneInfo("Europe/London")
D = Decimal
YEAR = {"start": date(2021, 4, 1), "end": date(2022, 3, 31)}
LENGTH_LIMITS = {"recommended_min": D(2), "recommended_max": D(3), "absolute_max": D(8)}


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def wall_clock(moments) -> list[tuple[date, int, int]]:
    return [(m.astimezone(LONDON).date(), m.hour, m.minute) for m in moments]


# SES-3: the generator's dates.


def test_it_keeps_0930_london_across_the_october_clock_change():
    starts = series_starts(london(2021, 10, 21, 9, 30), Interval.FORTNIGHTLY, 3)

    assert [s.astimezone(LONDON).strftime("%d %b %H:%M") for s in starts] == [
        "21 Oct 09:30",
        "04 Nov 09:30",
        "18 Nov 09:30",
    ]
    # BST before 31 October 2021, GMT after: the UTC time moves, the wall clock does not.
    assert [s.astimezone(UTC).strftime("%H:%M") for s in starts] == ["08:30", "09:30", "09:30"]


def test_it_keeps_the_wall_clock_across_the_march_clock_change():
    starts = series_starts(london(2022, 3, 20, 18, 0), Interval.WEEKLY, 2)

    assert [s.astimezone(UTC).strftime("%d %H:%M") for s in starts] == ["20 18:00", "27 17:00"]
    assert [s.astimezone(LONDON).hour for s in starts] == [18, 18]


def test_it_reads_a_utc_first_start_as_london_wall_clock():
    # 08:30 UTC on 21 October 2021 is 09:30 in London (BST).
    first = datetime(2021, 10, 21, 8, 30, tzinfo=UTC)

    starts = series_starts(first, Interval.WEEKLY, 3)

    assert [(s.astimezone(LONDON).hour, s.astimezone(LONDON).minute) for s in starts] == [
        (9, 30)
    ] * 3


@pytest.mark.parametrize(
    "interval, days",
    [(Interval.WEEKLY, 7), (Interval.FORTNIGHTLY, 14), (Interval.THREE_WEEKLY, 21)],
)
def test_it_spaces_sessions_by_the_interval(interval, days):
    first = london(2021, 9, 7, 9, 30)

    starts = series_starts(first, interval, 4)

    assert [s.date() for s in starts] == [date(2021, 9, 7) + timedelta(days * i) for i in range(4)]
    assert all((s.hour, s.minute) == (9, 30) for s in starts)


def test_it_schedules_monthly_on_the_same_day_or_the_months_last():
    starts = series_starts(london(2022, 1, 31, 14, 0), Interval.MONTHLY, 3)

    assert [s.date() for s in starts] == [date(2022, 1, 31), date(2022, 2, 28), date(2022, 3, 31)]
    assert all(s.hour == 14 for s in starts)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2022, 1, 31), 1, date(2022, 2, 28)),
        (date(2022, 1, 31), 2, date(2022, 3, 31)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 11, 30), 3, date(2022, 2, 28)),
        (date(2021, 9, 7), 0, date(2021, 9, 7)),
    ],
)
def test_it_adds_months(day, months, expected):
    assert add_months(day, months) == expected


def test_it_returns_no_starts_for_an_empty_series():
    assert series_starts(london(2021, 9, 7, 9, 30), Interval.FORTNIGHTLY, 0) == []


# SES-3 / SES-1: the length pattern reaches the required hours exactly.


def test_it_builds_first_and_last_three_hours_others_two_for_eighteen():
    lengths = length_pattern(
        required_hours=D(18), first_hours=D(3), last_hours=D(3), other_hours=D(2)
    )

    assert lengths == [D(3), D(2), D(2), D(2), D(2), D(2), D(2), D(3)]
    assert sum(lengths) == D(18)


def test_it_shortens_the_last_middle_session_when_the_remainder_is_uneven():
    lengths = length_pattern(
        required_hours=D(18), first_hours=D(3), last_hours=D(3), other_hours=D("2.5")
    )

    assert lengths == [D(3), D("2.5"), D("2.5"), D("2.5"), D("2.5"), D(2), D(3)]
    assert sum(lengths) == D(18)


def test_it_handles_first_and_last_covering_the_hours():
    assert length_pattern(
        required_hours=D(5), first_hours=D(3), last_hours=D(3), other_hours=D(2)
    ) == [D(3), D(2)]
    assert length_pattern(
        required_hours=D(3), first_hours=D(3), last_hours=D(3), other_hours=D(2)
    ) == [D(3)]


@pytest.mark.parametrize("zero", ["first_hours", "last_hours", "other_hours"])
def test_it_refuses_a_pattern_with_a_zero_or_negative_length(zero):
    values = {"first_hours": D(3), "last_hours": D(3), "other_hours": D(2)}
    values[zero] = D(0)
    with pytest.raises(ValueError):
        length_pattern(required_hours=D(18), **values)
    values[zero] = D(-1)
    with pytest.raises(ValueError):
        length_pattern(required_hours=D(18), **values)


halves = st.integers(min_value=1, max_value=16).map(lambda n: D(n) / 2)


@settings(max_examples=300, deadline=None)
@given(
    required=st.integers(min_value=2, max_value=80).map(lambda n: D(n) / 2),
    first=halves,
    last=halves,
    other=halves,
)
def test_it_always_totals_the_required_hours(required, first, last, other):
    lengths = length_pattern(
        required_hours=required, first_hours=first, last_hours=last, other_hours=other
    )

    assert sum(lengths) == required
    assert all(length > 0 for length in lengths)
    if len(lengths) > 2:
        assert lengths[0] == first and lengths[-1] == last
        # Every middle session is the "other" length except a shorter final one.
        assert all(length == other for length in lengths[1:-2])
        assert 0 < lengths[-2] <= other


# SES-1: the running total.


def test_it_describes_a_schedule_one_hour_short():
    total = schedule_total([3, 2, 2, 2, 2, 2, 2, 2], D(18))

    assert total.planned_hours == D(17)
    assert total.shortfall == D(1) and total.excess == 0
    assert not total.matches
    assert total.describe().startswith("17 of 18 hours planned: 1 hour")
    assert "short" in total.describe()


def test_it_describes_a_matching_schedule():
    total = schedule_total([3, 2, 2, 2, 2, 2, 2, 3], D(18))

    assert total.matches
    assert total.shortfall == 0 and total.excess == 0
    assert total.describe() == "18 of 18 hours planned."


def test_it_describes_a_schedule_one_hour_over():
    total = schedule_total([3, 2, 2, 2, 2, 2, 3, 3], D(18))

    assert total.excess == D(1) and total.shortfall == 0
    assert not total.matches
    assert total.describe().startswith("19 hours planned: 1 hour")
    assert "more than the 18 required" in total.describe()


@pytest.mark.parametrize(
    "planned, expected",
    [
        ("17.5", "17.5 of 18 hours planned: 0.5 hours short."),
        ("18.5", "18.5 hours planned: 0.5 hours more than the 18 required."),
        ("0", "0 of 18 hours planned: 18 hours short."),
    ],
)
def test_it_describes_half_hours(planned, expected):
    assert ScheduleTotal(planned_hours=D(planned), required_hours=D(18)).describe() == expected


def test_it_totals_an_empty_schedule_as_all_short():
    total = schedule_total([], D(18))

    assert total.planned_hours == 0 and total.shortfall == D(18)


def test_it_writes_one_hour_in_the_singular():
    assert schedule_total([17], D(18)).describe() == "17 of 18 hours planned: 1 hour short."
    assert (
        schedule_total([19], D(18)).describe()
        == "19 hours planned: 1 hour more than the 18 required."
    )


@pytest.mark.parametrize(
    "value, text", [(D("18.00"), "18"), (D("3.50"), "3.5"), (D("0.25"), "0.25"), (20, "20")]
)
def test_it_writes_hours_as_people_do(value, text):
    assert hours_text(value) == text


# SES-2: session length.


@pytest.mark.parametrize("hours", ["0", "-1", "0.00", "8.01", "24"])
def test_it_refuses_zero_negative_and_over_eight_hours(hours):
    check = check_session_length(D(hours), **LENGTH_LIMITS)

    assert check.refused
    assert check.warning is None


@pytest.mark.parametrize("hours", ["1.99", "3.01", "0.5", "8"])
def test_it_warns_outside_two_to_three_hours(hours):
    check = check_session_length(D(hours), **LENGTH_LIMITS)

    assert check.refused is None
    assert "outside the recommended 2–3 hours" in check.warning


@pytest.mark.parametrize("hours", ["2", "2.5", "3"])
def test_it_accepts_two_to_three_hours_quietly(hours):
    check = check_session_length(D(hours), **LENGTH_LIMITS)

    assert check.refused is None and check.warning is None


def test_it_names_the_limit_in_the_refusal():
    assert check_session_length(D("8.01"), **LENGTH_LIMITS).refused == (
        "A session cannot last more than 8 hours."
    )
    assert "more than zero" in check_session_length(D(0), **LENGTH_LIMITS).refused


# SES-4: inside the programme year, by the London calendar date.


@pytest.mark.parametrize(
    "starts_at",
    [
        london(2021, 4, 1, 0, 0),
        london(2021, 4, 1, 9, 30),
        london(2022, 3, 31, 9, 30),
        london(2022, 3, 31, 23, 30),  # 22:30 UTC, BST: still 31 March in London
        datetime(2021, 3, 31, 23, 30, tzinfo=UTC),  # 00:30 BST on 1 April 2021
    ],
)
def test_it_accepts_the_programme_years_first_and_last_days(starts_at):
    assert check_in_programme_year(starts_at, **YEAR) is None


@pytest.mark.parametrize(
    "starts_at",
    [
        london(2021, 3, 31, 9, 30),
        london(2021, 3, 31, 23, 59),
        london(2022, 4, 1, 0, 0),
        london(2022, 4, 1, 9, 30),
        datetime(2022, 3, 31, 23, 30, tzinfo=UTC),  # 00:30 BST on 1 April 2022
    ],
)
def test_it_refuses_the_day_before_and_after(starts_at):
    message = check_in_programme_year(starts_at, **YEAR)

    assert message is not None
    assert "outside the programme year (01 April 2021 to 31 March 2022)" in message


def test_it_names_the_london_date_in_the_refusal():
    message = check_in_programme_year(datetime(2022, 3, 31, 23, 30, tzinfo=UTC), **YEAR)

    assert message.startswith("01 April 2022 is outside")


# SES-5: joining instructions 48 hours ahead, sent up to a day earlier.

SESSION = london(2021, 9, 7, 9, 30)


def test_it_flags_instructions_late_under_48_hours():
    assert joining_instructions_late(
        SESSION, now=SESSION - timedelta(hours=47, minutes=59), notice_hours=48
    )
    assert not joining_instructions_late(
        SESSION, now=SESSION - timedelta(hours=48), notice_hours=48
    )
    assert not joining_instructions_late(SESSION, now=SESSION - timedelta(days=10), notice_hours=48)


def test_it_makes_instructions_due_72_hours_ahead():
    due = {"notice_hours": 48, "lead_hours": 24}

    assert not joining_instructions_due(
        SESSION, now=SESSION - timedelta(hours=72, seconds=1), **due
    )
    assert joining_instructions_due(SESSION, now=SESSION - timedelta(hours=72), **due)
    assert joining_instructions_due(SESSION, now=SESSION - timedelta(hours=71), **due)
    assert joining_instructions_due(SESSION, now=SESSION - timedelta(minutes=1), **due)
    assert not joining_instructions_due(SESSION, now=SESSION, **due)


# SES-11: observation notice.


def test_it_needs_24_hours_observation_notice():
    assert observation_notice_ok(
        SESSION, notice_given_at=SESSION - timedelta(hours=24), notice_hours=24
    )
    assert not observation_notice_ok(
        SESSION, notice_given_at=SESSION - timedelta(hours=23, minutes=59), notice_hours=24
    )
    assert not observation_notice_ok(
        SESSION, notice_given_at=SESSION - timedelta(hours=23), notice_hours=24
    )
    assert observation_notice_ok(
        SESSION, notice_given_at=SESSION - timedelta(days=7), notice_hours=24
    )


def test_it_counts_notice_in_real_hours_across_the_clock_change_as_the_app_passes_it():
    # 31 October 2021 has 25 hours in London. The services pass database values (UTC) and
    # timezone.now() (UTC): 10:00 BST on the 30th to 09:30 GMT on the 31st is 24.5 real hours.
    session = london(2021, 10, 31, 9, 30).astimezone(UTC)
    notice = london(2021, 10, 30, 10, 0).astimezone(UTC)

    assert observation_notice_ok(session, notice_given_at=notice, notice_hours=24)
    assert not joining_instructions_late(
        london(2021, 11, 1, 9, 30).astimezone(UTC), now=notice, notice_hours=48
    )


def test_it_counts_notice_in_real_hours_for_london_datetimes():
    session = london(2021, 10, 31, 9, 30)
    notice = london(2021, 10, 30, 10, 0)

    assert observation_notice_ok(session, notice_given_at=notice, notice_hours=24)
    assert not joining_instructions_late(london(2021, 11, 1, 9, 30), now=notice, notice_hours=48)
