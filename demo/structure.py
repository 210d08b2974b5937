"""The demo programme's structure, logins and calendar (seed_demo).

Every date derives from the day it runs: the programme year covering today is running,
mid-flight, and the years before it are closed. Deterministic for a given date: the plans below
are pure functions of the year, the hub and today, and every builder seeds its own random
generator from the year and the hub.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from peernetworks.models import GrowthHub, HubYear, ProgrammeYear, Role, User
from peernetworks.services import (
    growth_hubs_load_england,
    programme_year_create,
    programme_year_start,
    user_create,
)
from peernetworks.units import LONDON
from sessions.schedule import Interval, length_pattern, series_starts

DEMO_PASSWORD = "peer-networks-demo"  # demo data only; never used outside `make run`

# (username, role, hub slug, first name, last name)
DEMO_USERS = [
    ("national", Role.NATIONAL_COORDINATOR, None, "Nadia", "Okafor"),
    ("gm-staff", Role.HUB_STAFF, "greater-manchester", "Sam", "Lee"),
    ("gm-facilitator", Role.FACILITATOR, "greater-manchester", "Ola", "Ade"),
    ("gm-provider", Role.PROVIDER, "greater-manchester", "Kit", "Moss"),
    ("lcr-staff", Role.HUB_STAFF, "liverpool-city-region", "Priya", "Shah"),
    ("lcr-facilitator", Role.FACILITATOR, "liverpool-city-region", "Tom", "Hughes"),
]
DEMO_HUBS = ["greater-manchester", "liverpool-city-region"]

# The programme runs April to March (SPEC §2: 2021-04-01 to 2022-03-31).
YEAR_START_MONTH = 4


def rng_for(purpose: str, year: ProgrammeYear, hub: GrowthHub | None = None) -> random.Random:
    """A generator seeded from what it builds, so each year and hub is the same on every run
    whatever else is built (a string seed does not depend on PYTHONHASHSEED)."""
    return random.Random(f"{purpose}:{year.start.isoformat()}:{hub.slug if hub else ''}")


def aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A London wall-clock time on `day` (the demo's events happen in office hours)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


# The programme years -------------------------------------------------------------------------


def year_start_covering(day: date) -> date:
    """The first day of the April-to-March year that covers `day`."""
    start_year = day.year if day.month >= YEAR_START_MONTH else day.year - 1
    return date(start_year, YEAR_START_MONTH, 1)


def year_name(start: date) -> str:
    return f"{start.year}/{(start.year + 1) % 100:02d}"


def demo_programme_years(*, today: date, count: int = 2) -> list[ProgrammeYear]:
    """`count` years ending with the one covering today, oldest first. A year already covering
    a demo year's dates is kept as it is, so running the demo again creates nothing. Each later
    year is started from the one before (PY-4), as hub staff would: numbers, charter and hub
    targets copied."""
    running_start = year_start_covering(today)
    years: list[ProgrammeYear] = []
    for back in range(count - 1, -1, -1):
        start = running_start.replace(year=running_start.year - back)
        end = start.replace(year=start.year + 1) - timedelta(days=1)
        year = ProgrammeYear.covering(start)
        if year is None and years:
            year = programme_year_start(
                from_year=years[-1], name=year_name(start), start=start, end=end
            )
        elif year is None:
            year = programme_year_create(name=year_name(start), start=start, end=end)
        growth_hubs_load_england(year=year)  # each hub's target where the year has none yet
        years.append(year)
    return years


def demo_structure(
    *, today: date | None = None, years: int = 2
) -> tuple[list[ProgrammeYear], list[GrowthHub]]:
    """The programme years (oldest first, the running one last) and England's hubs, with
    their privacy notices and contacts filled in."""
    today = today or timezone.localdate()
    programme_years = demo_programme_years(today=today, count=years)
    hubs = growth_hubs_load_england()
    for index, hub in enumerate(hubs):
        if not hub.privacy_policy_url:
            hub.privacy_policy_url = f"https://{hub.slug}.growthhub.example/privacy"
            hub.tech_support_contact = f"Technology support: 0161 000 {index:04d}"
            hub.contact_email = f"peernetworks@{hub.slug}.growthhub.example"
            hub.save(update_fields=["privacy_policy_url", "tech_support_contact", "contact_email"])
    return programme_years, hubs


def demo_hubs(hubs: list[GrowthHub], scale: str) -> list[GrowthHub]:
    """The hubs that get a programme: two at small scale, all 38 nationally."""
    if scale == "national":
        return list(hubs)
    return [hub for hub in hubs if hub.slug in DEMO_HUBS]


# Logins ---------------------------------------------------------------------------------------


def demo_users() -> list[tuple[str, str, str]]:
    """Creates the demo logins if missing; returns (username, password, description) rows."""
    rows = []
    for username, role, hub_slug, first, last in DEMO_USERS:
        hub = GrowthHub.objects.get(slug=hub_slug) if hub_slug else None
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                role=role,
                hub=hub,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.example",
                password=DEMO_PASSWORD,
            )
        rows.append(
            (username, DEMO_PASSWORD, f"{Role(role).label}" + (f", {hub.name}" if hub else ""))
        )
    return rows


def demo_hub_teams(hubs: list[GrowthHub]) -> None:
    """National scale: a staff member, facilitator and provider for every hub without a team
    (no password: they exist for the data, not to sign in)."""
    staffed = set(User.objects.exclude(hub=None).values_list("hub_id", flat=True))
    users = []
    for hub in hubs:
        if hub.pk in staffed:
            continue
        for role, suffix in (
            (Role.HUB_STAFF, "staff"),
            (Role.FACILITATOR, "facilitator"),
            (Role.PROVIDER, "provider"),
        ):
            user = User(
                username=f"{hub.slug}-{suffix}",
                email=f"{suffix}@{hub.slug}.demo.example",
                first_name=suffix.title(),
                last_name=hub.name.removesuffix(" Growth Hub"),
                role=role,
                hub=hub,
                is_staff=role == Role.HUB_STAFF,
            )
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users)


# The calendar of cohorts ----------------------------------------------------------------------

# SES-3's "first and last 3 h, others 2 h".
FIRST_HOURS, LAST_HOURS, OTHER_HOURS = Decimal(3), Decimal(3), Decimal(2)
# Intervals the hubs' cohorts use in turn; one that would run past the year's end falls back
# to a shorter one (SES-4).
INTERVALS = [Interval.FORTNIGHTLY, Interval.FORTNIGHTLY, Interval.WEEKLY, Interval.THREE_WEEKLY]
FALLBACK = [Interval.FORTNIGHTLY, Interval.WEEKLY]
FIRST_COHORT_AFTER_DAYS = 35  # recruiting the first cohort takes about five weeks
LAST_SESSION_MARGIN_DAYS = 10  # the last series ends a little before the year does
SCHEDULED_AHEAD_DAYS = 10  # a cohort's schedule is confirmed about ten days before it starts
UPCOMING_FROM_DAYS = 4  # the upcoming cohort's first instructions (48 h + a day) are not due yet
RECRUITING_DAYS = 63  # members register in the nine weeks before their cohort starts...
CLOSES_DAYS_BEFORE = 7  # ...and at least a week before it
COHORTS_PER_YEAR_SMALL = {"greater-manchester": 6, "liverpool-city-region": 5}


def session_lengths(year: ProgrammeYear) -> list[Decimal]:
    """The demo's series for the year's required group hours (SES-1, SES-3)."""
    return length_pattern(
        required_hours=year.group_hours_required,
        first_hours=FIRST_HOURS,
        last_hours=LAST_HOURS,
        other_hours=OTHER_HOURS,
    )


@dataclass(frozen=True)
class Slot:
    """A cohort the hub runs in the year: when its series starts, how often it meets, how many
    places it fills and by when its members registered."""

    number: int
    first_day: date
    interval: Interval
    afternoon: bool
    size: int
    recruiting_from: date
    recruiting_to: date
    formed: bool  # False: not yet scheduled today; its members so far are waiting for it

    def starts(self, sessions: int) -> list[datetime]:
        first = aware(self.first_day, 13, 30) if self.afternoon else aware(self.first_day, 9, 30)
        return series_starts(first, self.interval, sessions)


def _series_fits(first_day: date, interval: Interval, sessions: int, year: ProgrammeYear) -> bool:
    """SES-4: the whole series inside the year, ending a little before it does."""
    last = series_starts(aware(first_day), interval, sessions)[-1].date()
    return last <= year.end - timedelta(days=LAST_SESSION_MARGIN_DAYS)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def cohort_plan(
    year: ProgrammeYear, hub: GrowthHub, hub_index: int, cohorts: int, today: date
) -> list[Slot]:
    """The hub's cohorts for the year, spread from about five weeks in to the last start whose
    series still ends inside the year. In the running year only cohorts starting within the
    next ten days are formed (the later ones are still recruiting), and one whose series still
    fits is brought forward to start in four to ten days, so there is always a cohort about to
    begin whose joining instructions are not yet sent."""
    sessions = len(session_lengths(year))
    earliest = year.start + timedelta(days=FIRST_COHORT_AFTER_DAYS + (hub_index * 5) % 21)
    latest = earliest
    while _series_fits(latest + timedelta(days=1), FALLBACK[0], sessions, year):
        latest += timedelta(days=1)
    span = max((latest - earliest).days - 6, 0)  # room for the weekday shift below
    weekdays = [1 + (hub_index + k) % 3 for k in range(cohorts)]  # Tuesday to Thursday
    first_days = [
        _weekday_on_or_after(
            earliest + timedelta(days=round(k * span / max(cohorts - 1, 1))), weekdays[k]
        )
        for k in range(cohorts)
    ]
    running = year.start <= today <= year.end
    if running:
        soon = today + timedelta(days=UPCOMING_FROM_DAYS)
        later = [k for k, day in enumerate(first_days) if day >= soon]
        if later and first_days[later[0]] > today + timedelta(days=SCHEDULED_AHEAD_DAYS):
            first_days[later[0]] = _weekday_on_or_after(soon, weekdays[later[0]])
    rng = rng_for("plan", year, hub)
    slots = []
    for k, first_day in enumerate(first_days):
        size = 10 if rng.random() < 0.15 else year.cohort_max  # COH-1: never above the maximum
        choices = [INTERVALS[(hub_index + k) % len(INTERVALS)], *FALLBACK]
        interval = next((i for i in choices if _series_fits(first_day, i, sessions, year)), None)
        if interval is None:
            continue  # too late in the year for any series (SES-4)
        formed = not running or first_day <= today + timedelta(days=SCHEDULED_AHEAD_DAYS)
        recruiting_to = max(year.start, first_day - timedelta(days=CLOSES_DAYS_BEFORE))
        if running and formed:
            # Its members are all registered already (a later cohort's are still coming in).
            recruiting_to = min(recruiting_to, today)
        slots.append(
            Slot(
                number=k + 1,
                first_day=first_day,
                interval=interval,
                afternoon=(hub_index + k) % 2 == 1,
                size=min(size, year.cohort_max),
                recruiting_from=min(
                    recruiting_to,
                    max(year.start, first_day - timedelta(days=RECRUITING_DAYS)),
                ),
                recruiting_to=recruiting_to,
                formed=formed,
            )
        )
    return slots


def cohorts_per_year(hub: GrowthHub, target: int, scale: str) -> int:
    """Small: a few cohorts in each demo hub; national: enough full cohorts for the target."""
    if scale == "national":
        return max(1, round(target / 11))
    return COHORTS_PER_YEAR_SMALL.get(hub.slug, 3)


def hub_plans(
    year: ProgrammeYear, hubs: list[GrowthHub], scale: str, today: date
) -> dict[int, list[Slot]]:
    """Every demo hub's cohort plan for the year, by hub id."""
    targets = dict(
        HubYear.objects.filter(programme_year=year).values_list("hub_id", "target_participants")
    )
    return {
        hub.pk: cohort_plan(
            year, hub, index, cohorts_per_year(hub, targets.get(hub.pk, 0), scale), today
        )
        for index, hub in enumerate(demo_hubs(hubs, scale))
    }
