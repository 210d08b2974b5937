"""Reads of the programme structure, with the access scope applied."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from .access import scope_to_hub
from .models import Cluster, GrowthHub, HubYear, ProgrammeYear


def growth_hubs_for(user) -> QuerySet[GrowthHub]:
    return scope_to_hub(GrowthHub.objects.select_related("cluster"), user)


def growth_hubs_with_targets(user, year: ProgrammeYear | None) -> QuerySet[GrowthHub]:
    """The user's hubs, each annotated with `target`: its target for the year (PY-1), in the
    same query."""
    target = HubYear.objects.filter(hub=OuterRef("pk"), programme_year=year).values(
        "target_participants"
    )[:1]
    return growth_hubs_for(user).annotate(target=Subquery(target))


def clusters_for(user) -> QuerySet[Cluster]:
    return scope_to_hub(Cluster.objects.all(), user).distinct()


def programme_years_for(user) -> QuerySet[ProgrammeYear]:
    return scope_to_hub(ProgrammeYear.objects.all(), user)


@dataclass(frozen=True)
class RegistrationWindow:
    """PY-3: whether a hub takes registrations on a day, for which year, and if not, when the
    next window opens (None when no later year is known yet)."""

    year: ProgrammeYear | None
    next_opening: date | None = None
    closed_early: bool = False

    @property
    def is_open(self) -> bool:
        return self.year is not None


def registration_window(hub: GrowthHub, day: date) -> RegistrationWindow:
    """Two queries whatever the number of years: the years, then the hub's settings for them."""
    years = list(ProgrammeYear.objects.filter(end__gte=day).order_by("start"))
    hub_years = {
        row.programme_year_id: row
        for row in HubYear.objects.filter(hub=hub, programme_year__in=years)
    }
    closed_early = False
    for year in years:
        hub_year = hub_years.get(year.pk) or HubYear(hub=hub, programme_year=year)
        hub_year.programme_year = year
        if hub_year.registration_open_on(day):
            return RegistrationWindow(year=year)
        if year.registration_open_on(day):
            closed_early = True  # the national window is open but the hub closed its own
    later = [y.registration_opens for y in years if y.registration_opens > day]
    return RegistrationWindow(
        year=None, next_opening=min(later) if later else None, closed_early=closed_early
    )


def programme_year_named(name: str | None) -> ProgrammeYear | None:
    """A year picked by name (``?year=2025/26``), else the one staff pages show by default."""
    if name:
        year = ProgrammeYear.objects.filter(name=name).first()
        if year is not None:
            return year
    return ProgrammeYear.current()
