"""KPI-1 / KPI-2 arithmetic as pure functions: periods, due dates, rounding and aggregation.

Per-hub figures are additive facts (counts, sums, satisfaction sum and count, topic counts), so
cluster and national figures are computed over all their records by adding hub facts together —
a mean of all responses, never a mean of hub means (INTERCHANGE.md).
"""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from peernetworks.units import LONDON

TWO_PLACES = Decimal("0.01")

COUNT_FIELDS = [
    "participants_registered",
    "participants_eligible",
    "participants_started",
    "participants_dropped_out",
    "cohorts_started",
    "cohorts_completed",
    "sessions_delivered",
    "sessions_delivered_in_month",
    "participants_completed_group_hours",
    "participants_met_one_to_one_minimum",
    "feedback_responses",
    "observations_completed",
    "baseline_surveys_completed",
    "exit_surveys_completed",
    "participants_completed",
    "participants_one_to_one_programme",
    "participants_one_to_one_existing_provision",
    "drop_out_surveys_completed",
]
HOUR_FIELDS = [
    "group_hours_delivered",
    "one_to_one_hours_programme",
    "one_to_one_hours_existing_provision",
]
KPI_FIELDS = [
    "participants_registered",
    "participants_eligible",
    "participants_started",
    "participants_dropped_out",
    "cohorts_started",
    "cohorts_completed",
    "sessions_delivered",
    "sessions_delivered_in_month",
    "group_hours_delivered",
    "participants_completed_group_hours",
    "one_to_one_hours_programme",
    "one_to_one_hours_existing_provision",
    "participants_met_one_to_one_minimum",
    "feedback_responses",
    "mean_satisfaction",
    "observations_completed",
    "baseline_surveys_completed",
    "exit_surveys_completed",
    "hot_topics",
    # Added with programme years: appended, so earlier columns keep their places.
    "participants_completed",
    "participants_one_to_one_programme",
    "participants_one_to_one_existing_provision",
    "drop_out_surveys_completed",
]
HOT_TOPICS = 5


@dataclass(frozen=True)
class Period:
    """Month M of a programme year: "to date" runs from the year's start to E, M's last day."""

    month_start: date
    month_end: date  # E
    year_start: date

    @property
    def label(self) -> str:
        return f"{self.month_start:%Y-%m}"

    def bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """Aware datetimes [lo, hi) covering London calendar dates first..last inclusive."""
        return (
            datetime.combine(first, time.min, tzinfo=LONDON),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=LONDON),
        )

    @property
    def to_date(self) -> tuple[datetime, datetime]:
        return self.bounds(self.year_start, self.month_end)

    @property
    def in_month(self) -> tuple[datetime, datetime]:
        return self.bounds(max(self.month_start, self.year_start), self.month_end)


def parse_month(text: str) -> date:
    """'2021-10' -> 2021-10-01; anything else is bad input."""
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError as error:
        raise ValueError(f"--month must be YYYY-MM, e.g. 2021-10 (got {text!r}).") from error


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def due_date(first: date, due_day: int) -> date:
    """KPI-1: the `due_day`th day after month end (October 2021 -> 2021-11-07)."""
    return month_end(first) + timedelta(days=due_day)


def round_hours(value) -> float:
    return float(Decimal(value or 0).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


def rank_topics(counts: Counter) -> list[str]:
    """The topics on most delivered sessions, ties in alphabetical order, at most five."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, count in ranked[:HOT_TOPICS] if count > 0]


@dataclass
class Facts:
    """Additive facts behind one hub's (or cluster's, or the nation's) figures."""

    counts: Counter = field(default_factory=Counter)
    hours: dict[str, Decimal] = field(default_factory=dict)
    satisfaction_sum: int = 0
    topics: Counter = field(default_factory=Counter)

    def add(self, other: "Facts") -> None:
        self.counts.update(other.counts)
        for name, value in other.hours.items():
            self.hours[name] = self.hours.get(name, Decimal(0)) + Decimal(value)
        self.satisfaction_sum += other.satisfaction_sum
        self.topics.update(other.topics)

    def figures(self) -> dict:
        responses = self.counts["feedback_responses"]
        mean = None
        if responses:
            mean = float(
                (Decimal(self.satisfaction_sum) / Decimal(responses)).quantize(
                    TWO_PLACES, rounding=ROUND_HALF_UP
                )
            )
        values = {name: int(self.counts[name]) for name in COUNT_FIELDS}
        values.update({name: round_hours(self.hours.get(name)) for name in HOUR_FIELDS})
        values["mean_satisfaction"] = mean
        values["hot_topics"] = rank_topics(self.topics)
        return {name: values[name] for name in KPI_FIELDS}


def combine(facts: list[Facts]) -> Facts:
    total = Facts()
    for item in facts:
        total.add(item)
    return total
