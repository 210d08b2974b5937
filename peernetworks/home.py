"""What the staff home page shows: the programme year, the hub's target and live counts."""

from dataclasses import dataclass, field

from django.utils import timezone

from participants.selectors import participant_counts_by_hub
from quality.selectors import quality_items_overdue
from reporting.selectors import returns_due_and_overdue
from sessions.models import Session
from sessions.selectors import late_instructions

from .access import scope_to_hub
from .models import ProgrammeYear
from .selectors import growth_hubs_with_targets


@dataclass
class HubLine:
    name: str
    slug: str
    target: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class HomeSummary:
    programme_year: ProgrammeYear | None
    hubs: list[HubLine]
    national_target: int | None
    late_instructions: list = field(default_factory=list)
    quality_overdue: list = field(default_factory=list)
    returns_due: list = field(default_factory=list)
    returns_overdue: list = field(default_factory=list)

    @property
    def total_target(self) -> int:
        return sum(hub.target for hub in self.hubs)


def staff_home_summary(user, year: ProgrammeYear | None = None) -> HomeSummary:
    """One query for the hubs with the year's targets; the apps add their live counts via
    `hub_counts`."""
    year = year or ProgrammeYear.current()
    hub_rows = list(growth_hubs_with_targets(user, year))
    hubs = [HubLine(name=hub.name, slug=hub.slug, target=hub.target or 0) for hub in hub_rows]
    # The page header names the user's own hub, just read with the others: reuse it rather
    # than read it again, which pays for the KPI returns' query below.
    own_hub = next((hub for hub in hub_rows if hub.pk == user.hub_id), None)
    if own_hub is not None:
        user.hub = own_hub
    counts = hub_counts(user, year)
    for hub in hubs:
        hub.counts = counts.get(hub.slug, {})
    returns_due, returns_overdue = kpi_returns_open(user)
    return HomeSummary(
        programme_year=year,
        hubs=hubs,
        national_target=year.target_participants if year else None,
        late_instructions=late_joining_instructions(user, year),
        quality_overdue=quality_items_overdue_on_home(user),
        returns_due=returns_due,
        returns_overdue=returns_overdue,
    )


def late_joining_instructions(user, year: ProgrammeYear | None) -> list:
    """SES-5's flag: sessions under the notice period away whose instructions are unsent."""
    if year is None:
        return []
    sessions = scope_to_hub(Session.objects.select_related("cohort"), user)
    return list(
        late_instructions(sessions, notice_hours=year.joining_instructions_notice_hours).order_by(
            "starts_at"
        )[:20]
    )


def hub_counts(user, year: ProgrammeYear | None) -> dict[str, dict[str, int]]:
    """Live counts per hub slug, from the apps that record them."""
    if year is None:
        return {}
    return participant_counts_by_hub(user, year)


def kpi_returns_open(user) -> tuple[list, list]:
    """KPI-1: the returns still to submit, due and overdue, in one query."""
    return returns_due_and_overdue(user, timezone.localdate())


def quality_items_overdue_on_home(user) -> list:
    """Quality items past their resolve-by date or with a late action."""
    return list(quality_items_overdue(user)[:20])
