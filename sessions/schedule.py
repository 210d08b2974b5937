"""The schedule rules (SES-1 .. SES-4) as pure functions: plain values in, plain values out."""

import calendar
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from peernetworks.units import LONDON, hours_phrase, hours_text


def _elapsed(earlier: datetime, later: datetime) -> timedelta:
    # Real elapsed time: two London times subtract as wall-clock times in Python, which is
    # an hour out across a clock change, so compare in UTC.
    return later.astimezone(UTC) - earlier.astimezone(UTC)


class Interval(StrEnum):  # SES-3
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    THREE_WEEKLY = "three_weekly"
    MONTHLY = "monthly"


INTERVAL_LABELS = {
    Interval.WEEKLY: "Weekly",
    Interval.FORTNIGHTLY: "Fortnightly",
    Interval.THREE_WEEKLY: "Every three weeks",
    Interval.MONTHLY: "Monthly",
}
INTERVAL_DAYS = {Interval.WEEKLY: 7, Interval.FORTNIGHTLY: 14, Interval.THREE_WEEKLY: 21}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def series_starts(first: datetime, interval: Interval, count: int) -> list[datetime]:
    """SES-3: start times keep the same London wall-clock time across clock changes."""
    local = first.astimezone(LONDON).replace(tzinfo=None)
    starts = []
    for i in range(count):
        if interval == Interval.MONTHLY:
            day = add_months(local.date(), i)
            naive = datetime.combine(day, local.time())
        else:
            naive = local + timedelta(days=INTERVAL_DAYS[interval] * i)
        starts.append(naive.replace(tzinfo=LONDON))
    return starts


def length_pattern(
    *, required_hours: Decimal, first_hours: Decimal, last_hours: Decimal, other_hours: Decimal
) -> list[Decimal]:
    """SES-3's "first and last 3 h, others 2 h": the lengths that reach the required hours.

    The middle sessions are as many as needed; when they cannot divide the remainder evenly the
    final middle session is shortened, so the series totals exactly the required hours (SES-1).
    """
    if min(first_hours, last_hours, other_hours) <= 0:
        raise ValueError("Every session length must be more than zero hours.")
    if first_hours >= required_hours:
        return [required_hours]
    if first_hours + last_hours >= required_hours:
        return [first_hours, required_hours - first_hours]
    remainder = required_hours - first_hours - last_hours
    count = math.ceil(remainder / other_hours)
    middle = [other_hours] * count
    middle[-1] = remainder - other_hours * (count - 1)
    return [first_hours, *middle, last_hours]


@dataclass(frozen=True)
class ScheduleTotal:
    """SES-1: the running total against the required hours."""

    planned_hours: Decimal
    required_hours: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(self.required_hours - self.planned_hours, Decimal(0))

    @property
    def excess(self) -> Decimal:
        return max(self.planned_hours - self.required_hours, Decimal(0))

    @property
    def matches(self) -> bool:
        return self.planned_hours == self.required_hours

    def describe(self) -> str:
        planned, required = hours_text(self.planned_hours), hours_text(self.required_hours)
        if self.matches:
            return f"{planned} of {required} hours planned."
        if self.shortfall:
            return f"{planned} of {required} hours planned: {hours_phrase(self.shortfall)} short."
        excess = hours_phrase(self.excess)
        return f"{planned} hours planned: {excess} more than the {required} required."


def schedule_total(lengths, required_hours: Decimal) -> ScheduleTotal:
    return ScheduleTotal(
        planned_hours=sum((Decimal(h) for h in lengths), Decimal(0)),
        required_hours=Decimal(required_hours),
    )


@dataclass(frozen=True)
class LengthCheck:
    refused: str | None = None
    warning: str | None = None


def check_session_length(
    hours: Decimal,
    *,
    recommended_min: Decimal,
    recommended_max: Decimal,
    absolute_max: Decimal,
    absolute_min: Decimal = Decimal(0),
) -> LengthCheck:
    """SES-2: refuse zero, negative, under the year's floor or over the absolute maximum;
    warn outside the recommended range."""
    if hours <= 0:
        return LengthCheck(refused="A session must last more than zero hours.")
    if hours < absolute_min:
        return LengthCheck(
            refused=f"A session must last at least {hours_text(absolute_min)} hours."
        )
    if hours > absolute_max:
        return LengthCheck(
            refused=f"A session cannot last more than {hours_text(absolute_max)} hours."
        )
    if hours < recommended_min or hours > recommended_max:
        low, high = hours_text(recommended_min), hours_text(recommended_max)
        return LengthCheck(
            warning=f"{hours_text(hours)} hours is outside the recommended {low}–{high} hours."
        )
    return LengthCheck()


def session_date(starts_at: datetime) -> date:
    """A session's date is its start's calendar date in Europe/London (KPI-2)."""
    return starts_at.astimezone(LONDON).date()


def check_in_programme_year(starts_at: datetime, *, start: date, end: date) -> str | None:
    """SES-4: every session falls inside the programme year."""
    day = session_date(starts_at)
    if day < start or day > end:
        return f"{day:%d %B %Y} is outside the programme year ({start:%d %B %Y} to {end:%d %B %Y})."
    return None


def joining_instructions_due(
    starts_at: datetime, *, now: datetime, notice_hours: int, lead_hours: int = 24
) -> bool:
    """SES-5: send once the session is within notice + lead hours, so they arrive in time."""
    ahead = _elapsed(now, starts_at)
    return timedelta(0) < ahead <= timedelta(hours=notice_hours + lead_hours)


def joining_instructions_late(starts_at: datetime, *, now: datetime, notice_hours: int) -> bool:
    """SES-5: a session closer than the notice period whose instructions are unsent is flagged."""
    return _elapsed(now, starts_at) < timedelta(hours=notice_hours)


def observation_notice_ok(
    session_starts_at: datetime, *, notice_given_at: datetime, notice_hours: int
) -> bool:
    """SES-11: at least `notice_hours` between telling the facilitator and the session."""
    return _elapsed(notice_given_at, session_starts_at) >= timedelta(hours=notice_hours)
