"""The one-to-one rules (SPEC §7 OTO) as pure functions: plain values in, plain values out.

Services, forms, the admin and the demo all call these; nothing here touches the database.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from peernetworks.units import LONDON

PROGRAMME = "programme"
EXISTING_PROVISION = "existing_provision"
CANCELLED = "cancelled"
DELIVERED = "delivered"


def london_date(moment: datetime) -> date:
    """KPI-2: a session's date is the calendar date of its start in Europe/London."""
    return moment.astimezone(LONDON).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter
    (2021-11-30 + 1 = 2021-12-30; 2022-01-31 + 1 = 2022-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CohortDates:
    """What the timing rules need from a cohort's schedule."""

    first_delivered_on: date | None  # OTO-2, OTO-6
    last_session_on: date | None  # OTO-3: the final (not cancelled) group session


def cohort_dates(sessions: Iterable[tuple[datetime, str]]) -> CohortDates:
    """From (starts_at, status) pairs of one cohort's sessions."""
    delivered, scheduled = [], []
    for starts_at, status in sessions:
        if status == CANCELLED:
            continue
        scheduled.append(london_date(starts_at))
        if status == DELIVERED:
            delivered.append(london_date(starts_at))
    return CohortDates(
        first_delivered_on=min(delivered, default=None),
        last_session_on=max(scheduled, default=None),
    )


@dataclass
class Check:
    """Refusals by field name (nothing is saved) and warnings (saved, but worth saying)."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, message)


def after_first_session_error(
    day: date, first_delivered_on: date | None, *, what: str = "one-to-one support"
) -> str | None:
    """OTO-2 / OTO-6: nothing before the participant's cohort has had its first group session.
    The day of that session itself is allowed."""
    if first_delivered_on is None:
        return (
            f"{what[0].upper()}{what[1:]} starts after the cohort's first group session, and "
            "this participant's cohort has not had one yet."
        )
    if day < first_delivered_on:
        return (
            f"{day:%d/%m/%Y} is before the cohort's first group session on "
            f"{first_delivered_on:%d/%m/%Y}: {what} starts after it."
        )
    return None


def timing_check(
    *,
    day: date,
    dates: CohortDates,
    year_start: date,
    year_end: date,
    window_months: int,
    today: date,
) -> Check:
    """When a one-to-one may be dated (OTO-2, OTO-3, SES-4)."""
    check = Check()
    if day > year_end:
        check.refuse(
            "date",
            f"{day:%d/%m/%Y} is after the programme year ends on {year_end:%d/%m/%Y}: "
            "one-to-one support must be completed by then.",
        )
    if day < year_start:
        check.refuse(
            "date",
            f"{day:%d/%m/%Y} is before the programme year starts on {year_start:%d/%m/%Y}.",
        )
    if day > today:
        check.refuse("date", f"{day:%d/%m/%Y} is in the future: log support once it has happened.")
    error = after_first_session_error(day, dates.first_delivered_on)
    if error:
        check.refuse("date", error)
    if check.ok and dates.last_session_on is not None:
        window_end = add_months(dates.last_session_on, window_months)
        if day > window_end:
            check.warnings.append(
                f"{day:%d/%m/%Y} is more than {window_months} month"
                f"{'s' if window_months != 1 else ''} after the cohort's final group session on "
                f"{dates.last_session_on:%d/%m/%Y} (support should be within it, by "
                f"{window_end:%d/%m/%Y}). Logged anyway."
            )
    return check


def details_check(
    *,
    hours: Decimal | None,
    route: str,
    has_provider: bool,
    existing_programme: str,
    nature_of_support: str,
    mode: str,
    max_hours: Decimal | None = None,
) -> Check:
    """What a one-to-one log must say (OTO-4, OTO-5), that its hours are positive and, when
    `max_hours` is given (the programme year's longest session), that one log is one session."""
    check = Check()
    if hours is None:
        check.refuse("hours", "Enter the hours of support.")
    elif not hours.is_finite():
        check.refuse("hours", "Enter the hours as a number, e.g. 1.5.")
    elif hours <= 0:
        check.refuse("hours", "Hours must be more than zero.")
    elif max_hours is not None and hours > max_hours:
        check.refuse(
            "hours",
            f"One log is one session of at most {max_hours.normalize():f} hours: log longer "
            "support as several sessions.",
        )
    if route == PROGRAMME:
        if not has_provider:
            check.refuse("provider", "Support within the programme names its provider.")
        if not mode:
            check.refuse("mode", "Say how the session took place: video, phone or face to face.")
    elif route == EXISTING_PROVISION:
        if not existing_programme.strip():
            check.refuse(
                "existing_programme",
                "Name the existing local programme that gave the support.",
            )
        if not nature_of_support.strip():
            check.refuse("nature_of_support", "Describe the nature of the support given.")
    else:
        check.refuse("route", "Choose within the programme or an existing local programme.")
    return check


@dataclass(frozen=True)
class Progress:
    """Hours towards the one-to-one minimum (OTO-1). Both routes count and are reported
    separately (OTO-4); the minimum is met when together they reach it (KPI-2)."""

    programme_hours: Decimal
    existing_provision_hours: Decimal
    minimum: Decimal

    @property
    def total(self) -> Decimal:
        return self.programme_hours + self.existing_provision_hours

    @property
    def met(self) -> bool:
        return self.total >= self.minimum

    @property
    def remaining(self) -> Decimal:
        return max(self.minimum - self.total, Decimal(0))

    @property
    def percent(self) -> int:
        """Of the minimum, for a progress bar; more than the minimum is allowed (OTO-9)."""
        if self.minimum <= 0:
            return 100
        return min(100, int(self.total * 100 / self.minimum))


def progress(
    *, programme_hours: Decimal | None, existing_provision_hours: Decimal | None, minimum: Decimal
) -> Progress:
    return Progress(
        programme_hours=Decimal(programme_hours or 0),
        existing_provision_hours=Decimal(existing_provision_hours or 0),
        minimum=Decimal(minimum),
    )
