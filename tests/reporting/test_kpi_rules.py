"""KPI-1 and KPI-2 arithmetic without the database."""

from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from reporting.kpi import (
    KPI_FIELDS,
    Facts,
    Period,
    combine,
    due_date,
    month_end,
    parse_month,
    rank_topics,
    round_hours,
)

LONDON = ZoneInfo("Europe/London")


def test_it_makes_october_2021_due_on_7_november():
    assert due_date(date(2021, 10, 1), 7) == date(2021, 11, 7)


def test_it_handles_month_ends_and_leap_years():
    assert month_end(date(2022, 2, 1)) == date(2022, 2, 28)
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert due_date(date(2021, 12, 1), 7) == date(2022, 1, 7)


@pytest.mark.parametrize("text", ["2021-13", "21-10", "2021/10", "October", "2021-1", ""])
def test_it_refuses_a_month_that_is_not_yyyy_mm(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


def test_it_covers_london_dates_across_the_clock_change():
    period = Period(
        month_start=date(2021, 10, 1), month_end=date(2021, 10, 31), year_start=date(2021, 4, 1)
    )
    lo, hi = period.to_date
    assert lo == datetime(2021, 4, 1, tzinfo=LONDON)
    # A session at 23:30 on 31 October (GMT) is in October; 00:00 on 1 November is not.
    assert datetime(2021, 10, 31, 23, 30, tzinfo=LONDON) < hi
    assert datetime(2021, 11, 1, 0, 0, tzinfo=LONDON) >= hi
    # 23:30 BST on 30 September is 22:30 UTC, still September in London.
    month_lo, _ = period.in_month
    assert datetime(2021, 9, 30, 23, 30, tzinfo=LONDON) < month_lo


def test_it_ranks_hot_topics_by_sessions_then_alphabetically():
    counts = Counter({"HR": 3, "Finance": 3, "Net zero": 5, "Digital": 1, "Sales": 2, "Data": 1})
    assert rank_topics(counts) == ["Net zero", "Finance", "HR", "Sales", "Data"]


def test_it_rounds_hours_half_up_to_two_places():
    assert round_hours(Decimal("2.345")) == 2.35
    assert round_hours(Decimal("2.344")) == 2.34
    assert round_hours(None) == 0.0


def test_it_means_satisfaction_over_all_responses_not_hub_means():
    a, b = Facts(), Facts()
    a.counts["feedback_responses"], a.satisfaction_sum = 1, 5  # one hub: mean 5
    b.counts["feedback_responses"], b.satisfaction_sum = 3, 6  # another: mean 2
    national = combine([a, b]).figures()
    assert national["mean_satisfaction"] == 2.75  # 11 / 4, not (5 + 2) / 2
    assert national["feedback_responses"] == 4


def test_it_gives_null_satisfaction_without_responses():
    figures = Facts().figures()
    assert figures["mean_satisfaction"] is None
    assert list(figures) == KPI_FIELDS
    assert figures["hot_topics"] == []
    assert figures["group_hours_delivered"] == 0.0


def test_it_rounds_the_mean_to_two_places():
    facts = Facts()
    facts.counts["feedback_responses"], facts.satisfaction_sum = 3, 13  # 4.333…
    assert facts.figures()["mean_satisfaction"] == 4.33
    facts.counts["feedback_responses"], facts.satisfaction_sum = 8, 37  # 4.625
    assert facts.figures()["mean_satisfaction"] == 4.63
