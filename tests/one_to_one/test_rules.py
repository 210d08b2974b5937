"""The OTO rules as pure functions: every calendar edge, no database."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from one_to_one import rules
from one_to_one.rules import CohortDates

YEAR = {"year_start": date(2021, 4, 1), "year_end": date(2022, 3, 31), "window_months": 1}
TODAY = date(2022, 6, 1)
DATES = CohortDates(first_delivered_on=date(2021, 9, 7), last_session_on=date(2021, 11, 30))


def timing(day: date, dates: CohortDates = DATES, **overrides) -> rules.Check:
    return rules.timing_check(day=day, dates=dates, **{**YEAR, "today": TODAY, **overrides})


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 11, 30), 1, date(2021, 12, 30)),
        (date(2022, 1, 31), 1, date(2022, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),
        (date(2021, 8, 31), 3, date(2021, 11, 30)),
        (date(2021, 3, 31), 12, date(2022, 3, 31)),
        (date(2021, 11, 30), 0, date(2021, 11, 30)),
    ],
)
def test_it_adds_calendar_months_as_the_same_day_or_the_months_last(day, months, expected):
    assert rules.add_months(day, months) == expected


def test_it_dates_a_session_by_its_start_in_london():
    # 23:30 UTC on 6 September is 00:30 on 7 September in British Summer Time.
    assert rules.london_date(datetime(2021, 9, 6, 23, 30, tzinfo=UTC)) == date(2021, 9, 7)
    assert rules.london_date(datetime(2021, 12, 6, 23, 30, tzinfo=UTC)) == date(2021, 12, 6)


def test_it_takes_the_first_delivered_and_the_final_not_cancelled_session():
    def at(day):
        return datetime(2021, day.month, day.day, 10, tzinfo=UTC)

    dates = rules.cohort_dates(
        [
            (at(date(2021, 9, 1)), "cancelled"),
            (at(date(2021, 9, 7)), "planned"),  # not held
            (at(date(2021, 9, 21)), "delivered"),
            (at(date(2021, 10, 5)), "delivered"),
            (at(date(2021, 11, 30)), "planned"),
            (at(date(2021, 12, 14)), "cancelled"),
        ]
    )
    assert dates == CohortDates(date(2021, 9, 21), date(2021, 11, 30))
    assert rules.cohort_dates([]) == CohortDates(None, None)


# --- OTO-2: not before the cohort's first group session -----------------------------------------


def test_it_allows_the_day_of_the_first_delivered_session():
    check = timing(date(2021, 9, 7))
    assert check.ok and check.warnings == []


def test_it_refuses_the_day_before_the_first_delivered_session():
    check = timing(date(2021, 9, 6))
    assert list(check.errors) == ["date"]
    assert "before the cohort's first group session on 07/09/2021" in check.errors["date"]
    assert "starts after it." in check.errors["date"]


def test_it_refuses_everything_while_no_session_has_been_delivered():
    check = timing(date(2021, 10, 1), CohortDates(None, date(2021, 11, 30)))
    assert "has not had one yet" in check.errors["date"]


def test_it_allows_an_action_plan_from_the_first_session_only():
    assert rules.after_first_session_error(date(2021, 9, 7), date(2021, 9, 7)) is None
    assert rules.after_first_session_error(date(2021, 9, 6), date(2021, 9, 7))
    assert rules.after_first_session_error(date(2021, 9, 6), None)


# --- OTO-3: warn beyond the window, refuse after the programme year -------------------------------


def test_it_allows_one_month_after_the_final_session_without_a_warning():
    check = timing(date(2021, 12, 30))
    assert check.ok and check.warnings == []


def test_it_warns_one_month_and_a_day_after_the_final_session_but_allows_it():
    check = timing(date(2021, 12, 31))
    assert check.ok
    assert len(check.warnings) == 1
    assert "final group session on 30/11/2021" in check.warnings[0]
    assert "by 30/12/2021" in check.warnings[0]


def test_it_ends_the_window_on_the_last_day_of_a_shorter_month():
    dates = CohortDates(date(2021, 10, 5), date(2022, 1, 31))
    assert timing(date(2022, 2, 28), dates).warnings == []
    assert timing(date(2022, 3, 1), dates).warnings


def test_it_reads_the_window_length_from_the_programme_year():
    assert timing(date(2022, 1, 30), window_months=2).warnings == []
    assert timing(date(2022, 1, 31), window_months=2).warnings


def test_it_allows_the_last_day_of_the_programme_year():
    check = timing(date(2022, 3, 31))
    assert check.ok  # warned as outside the window, but within the year


def test_it_refuses_the_day_after_the_programme_year_ends():
    check = timing(date(2022, 4, 1))
    assert "after the programme year ends on 31/03/2022" in check.errors["date"]
    assert check.warnings == []


def test_it_refuses_a_date_before_the_programme_year():
    dates = CohortDates(date(2021, 3, 1), date(2021, 6, 1))
    assert "before the programme year starts" in timing(date(2021, 3, 31), dates).errors["date"]


def test_it_refuses_a_date_in_the_future():
    check = timing(date(2021, 10, 2), today=date(2021, 10, 1))
    assert "in the future" in check.errors["date"]
    assert timing(date(2021, 10, 1), today=date(2021, 10, 1)).ok


# --- OTO-4 and hours ---------------------------------------------------------------------------


def details(**overrides) -> rules.Check:
    values = {
        "hours": Decimal("1.5"),
        "route": "programme",
        "has_provider": True,
        "existing_programme": "",
        "nature_of_support": "",
        "mode": "video",
    }
    return rules.details_check(**{**values, **overrides})


@pytest.mark.parametrize(
    "hours", [Decimal("0"), Decimal("-1"), None, Decimal("NaN"), Decimal("sNaN"), Decimal("Inf")]
)
def test_it_refuses_hours_that_are_not_positive(hours):
    assert "hours" in details(hours=hours).errors


def test_it_accepts_the_smallest_positive_hours():
    assert details(hours=Decimal("0.01")).ok


def test_it_needs_a_provider_and_a_mode_within_the_programme():
    assert set(details(has_provider=False, mode="").errors) == {"provider", "mode"}


def test_it_accepts_existing_provision_with_its_name_hours_and_nature():
    check = details(
        route="existing_provision",
        has_provider=False,
        mode="",
        existing_programme="Business Growth Programme",
        nature_of_support="Growth adviser sessions",
    )
    assert check.ok


@pytest.mark.parametrize(
    ("missing", "field"),
    [("existing_programme", "existing_programme"), ("nature_of_support", "nature_of_support")],
)
def test_it_refuses_existing_provision_missing_a_required_field(missing, field):
    values = {
        "route": "existing_provision",
        "has_provider": False,
        "existing_programme": "Business Growth Programme",
        "nature_of_support": "Growth adviser sessions",
        missing: "  ",
    }
    check = details(**values)
    assert list(check.errors) == [field]
    assert "the support" in check.errors[field]


def test_it_refuses_existing_provision_without_hours():
    check = details(
        route="existing_provision",
        hours=None,
        existing_programme="X",
        nature_of_support="Y",
    )
    assert list(check.errors) == ["hours"]


def test_it_refuses_an_unknown_route():
    assert "route" in details(route="private").errors


# --- OTO-1 progress ----------------------------------------------------------------------------


def progress(programme, existing="0", minimum="3.5") -> rules.Progress:
    return rules.progress(
        programme_hours=Decimal(programme),
        existing_provision_hours=Decimal(existing),
        minimum=Decimal(minimum),
    )


@pytest.mark.parametrize(
    ("hours", "met", "remaining", "percent"),
    [("3.4", False, "0.1", 97), ("3.5", True, "0", 100), ("3.6", True, "0", 100)],
)
def test_it_meets_the_minimum_at_exactly_three_and_a_half_hours(hours, met, remaining, percent):
    result = progress(hours)
    assert (result.met, result.remaining, result.percent) == (met, Decimal(remaining), percent)


def test_it_counts_both_routes_towards_the_minimum():
    assert progress("2", "1.5").met
    assert progress("0", "3.5").met
    assert not progress("2", "1.4").met
    assert progress("2", "1.4").total == Decimal("3.4")


def test_it_treats_no_hours_as_zero():
    result = rules.progress(
        programme_hours=None, existing_provision_hours=None, minimum=Decimal("3.5")
    )
    assert (result.total, result.met, result.percent) == (0, False, 0)


def test_it_reads_the_minimum_from_the_programme_year():
    assert progress("3.5", minimum="4").met is False


@pytest.mark.parametrize(
    ("hours", "refused"), [("8", False), ("8.01", True), ("999.99", True), ("0.5", False)]
)
def test_one_log_is_at_most_the_years_longest_session(hours, refused):
    check = rules.details_check(
        hours=Decimal(hours),
        route="programme",
        has_provider=True,
        existing_programme="",
        nature_of_support="",
        mode="video",
        max_hours=Decimal("8.00"),
    )
    assert ("hours" in check.errors) is refused
    if refused:
        assert check.errors["hours"].startswith("One log is one session of at most 8 hours")
