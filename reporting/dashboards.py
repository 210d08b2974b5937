"""KPI-3 and KPI-6 dashboards: one hub (hub staff), a cluster or the nation (the national
coordinator): recruitment against target, group hours, participants who reached the group hours
and the one-to-one minimum, the satisfaction trend, and returns due and overdue.

Every figure is a KPI-2 figure. A month before the current one reads the stored returns when
every hub in view has one (one query for the whole year); otherwise, and always for the current
month, `kpi_figures` computes it live (a constant dozen queries, whatever the data's size).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from peernetworks.models import Cluster, GrowthHub, ProgrammeYear, Role
from peernetworks.selectors import growth_hubs_with_targets

from .kpi import COUNT_FIELDS, HOUR_FIELDS, TWO_PLACES, round_hours
from .models import KpiReturn, ReturnStatus
from .selectors import kpi_returns_for, with_shown_status
from .services import kpi_figures

LIVE = "Live"
RETURNS = "Returns"
NOT_COMPILED = "not_compiled"
STATUS_ORDER = [
    (ReturnStatus.SUBMITTED_ON_TIME, "Submitted on time", "#198754"),
    (ReturnStatus.SUBMITTED_LATE, "Submitted late", "#b35900"),
    (ReturnStatus.DRAFT, "Draft", "#6c757d"),
    (ReturnStatus.OVERDUE, "Overdue", "#dc3545"),
    (NOT_COMPILED, "Not compiled", "#adb5bd"),
]


class UnknownCluster(LookupError):
    pass


def combine_figures(items: list[dict]) -> dict:
    """Hub figures added together; the mean satisfaction weighted by each hub's responses."""
    total: dict = {name: sum(item[name] for item in items) for name in COUNT_FIELDS}
    for name in HOUR_FIELDS:
        total[name] = round_hours(sum(Decimal(str(item[name])) for item in items))
    weighted = sum(
        Decimal(str(item["mean_satisfaction"])) * item["feedback_responses"]
        for item in items
        if item["mean_satisfaction"] is not None
    )
    responses = total["feedback_responses"]
    total["mean_satisfaction"] = (
        float((Decimal(weighted) / responses).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
        if responses
        else None
    )
    return total


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Unit:
    """A row of the dashboard: a hub, a cluster, or the whole view's total."""

    name: str
    target: int
    figures: dict

    @property
    def registered_percent(self) -> int | None:
        return _percent(self.figures["participants_registered"], self.target)

    # Shares of the participants registered: one-to-one support may come before, or without,
    # a first group session, so "started" would not bound it.
    @property
    def group_hours_percent(self) -> int | None:
        return _percent(
            self.figures["participants_completed_group_hours"],
            self.figures["participants_registered"],
        )

    @property
    def one_to_one_percent(self) -> int | None:
        return _percent(
            self.figures["participants_met_one_to_one_minimum"],
            self.figures["participants_registered"],
        )


@dataclass
class MonthPoint:
    month: date
    figures: dict
    source: str

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"


@dataclass
class ReturnsMonth:
    month: date
    counts: dict[str, int]

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status, _, _ in STATUS_ORDER]


@dataclass
class Dashboard:
    year: ProgrammeYear | None
    kind: str  # hub, cluster or national
    title: str
    clusters: list[Cluster] = field(default_factory=list)
    cluster: Cluster | None = None
    units: list[Unit] = field(default_factory=list)
    total: Unit | None = None
    months: list[MonthPoint] = field(default_factory=list)
    returns_by_month: list[ReturnsMonth] = field(default_factory=list)
    open_returns: list[KpiReturn] = field(default_factory=list)

    @property
    def unit_heading(self) -> str:
        return "Cluster" if self.kind == "national" else "Growth Hub"

    @property
    def as_of(self) -> MonthPoint | None:
        return self.months[-1] if self.months else None

    @property
    def group_hours(self) -> str:
        """The year's required group hours as people write them: 18, not 18.00."""
        return _hours(self.year.group_hours_required) if self.year else ""

    @property
    def one_to_one_minimum(self) -> str:
        return _hours(self.year.one_to_one_minimum_hours) if self.year else ""

    @property
    def status_headings(self) -> list[str]:
        return [label for _, label, _ in STATUS_ORDER]

    def charts(self) -> dict:
        """Chart.js data for each chart; the page shows the same numbers as tables."""
        if self.year is None or self.total is None:
            return {}
        hours, minimum = self.group_hours, self.one_to_one_minimum
        units = [unit.name for unit in self.units]
        months = [point.label for point in self.months]

        def series(name: str) -> list:
            return [unit.figures[name] for unit in self.units]

        def trend(name: str) -> list:
            return [point.figures[name] for point in self.months]

        return {
            "recruitment": {
                "type": "bar",
                "labels": units,
                "datasets": [
                    _dataset("Registered", series("participants_registered"), "#0d6efd"),
                    _dataset("Eligible", series("participants_eligible"), "#6610f2"),
                    _dataset("Target", [unit.target for unit in self.units], "#adb5bd"),
                ],
                "y": "Participants",
            },
            "group-hours": {
                "type": "line",
                "labels": months,
                "datasets": [
                    _dataset("Group hours delivered", trend("group_hours_delivered"), "#0d6efd")
                ],
                "y": "Hours, programme year to date",
            },
            "progress": {
                "type": "bar",
                "labels": units,
                "datasets": [
                    _dataset("Started", series("participants_started"), "#adb5bd"),
                    _dataset(
                        f"Attended {hours} group hours",
                        series("participants_completed_group_hours"),
                        "#198754",
                    ),
                    _dataset(
                        f"Had {minimum} h one-to-one",
                        series("participants_met_one_to_one_minimum"),
                        "#6610f2",
                    ),
                ],
                "y": "Participants",
            },
            "satisfaction": {
                "type": "line",
                "labels": months,
                "datasets": [_dataset("Mean satisfaction", trend("mean_satisfaction"), "#0d6efd")],
                "y": "Mean satisfaction (1 to 5)",
                "min": 1,
                "max": 5,
            },
            "returns": {
                "type": "bar",
                "stacked": True,
                "labels": [row.label for row in self.returns_by_month],
                "datasets": [
                    _dataset(
                        label, [row.counts.get(status, 0) for row in self.returns_by_month], colour
                    )
                    for status, label, colour in STATUS_ORDER
                ],
                "y": "Returns",
            },
        }


def _dataset(label: str, data: list, colour: str) -> dict:
    return {"label": label, "data": data, "backgroundColor": colour, "borderColor": colour}


def programme_months(year: ProgrammeYear, today: date) -> list[date]:
    """The first days of the year's months up to the current one (or the year's last)."""
    last = min(today, year.end).replace(day=1)
    months, month = [], year.start.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _target(hub: GrowthHub) -> int:
    """The hub's target for the dashboard's year, read with the hub (0 when none is set)."""
    return hub.target or 0


def dashboard_for(
    user, *, cluster_slug: str = "", today: date, year: ProgrammeYear | None
) -> Dashboard:
    """The dashboard of one programme year (PY-1): its months, its returns, and each hub's
    target for that year (read with the hubs, one query)."""
    hubs = list(growth_hubs_with_targets(user, year).order_by("name"))
    national = user.is_superuser or user.role == Role.NATIONAL_COORDINATOR
    clusters = sorted({hub.cluster for hub in hubs}, key=lambda c: c.name) if national else []
    cluster = None
    if national and cluster_slug:
        cluster = next((c for c in clusters if c.slug == cluster_slug), None)
        if cluster is None:
            raise UnknownCluster(cluster_slug)
        hubs = [hub for hub in hubs if hub.cluster_id == cluster.pk]
    if not national:
        kind, title = "hub", hubs[0].name if hubs else "Your Growth Hub"
    elif cluster is not None:
        kind, title = "cluster", f"{cluster.name} cluster"
    else:
        kind, title = "national", "National"
    board = Dashboard(year=year, kind=kind, title=title, clusters=clusters, cluster=cluster)
    if year is None or not hubs:
        return board

    months = programme_months(year, today)
    hub_ids = {hub.pk for hub in hubs}
    stored = with_shown_status(
        kpi_returns_for(user).filter(programme_year=year, hub__in=hub_ids).order_by("month"),
        today,
    )
    by_month: dict[date, dict[int, KpiReturn]] = {}
    for kpi_return in stored:
        by_month.setdefault(kpi_return.month, {})[kpi_return.hub_id] = kpi_return

    current = today.replace(day=1)
    for month in months:
        figures = _month_figures(month, hubs, by_month.get(month, {}), current)
        if kind == "hub":
            total = figures.by_hub[hubs[0].pk]
        elif figures.source == LIVE:
            total = figures.national if kind == "national" else figures.by_cluster[cluster.pk]
        else:
            total = combine_figures(list(figures.by_hub.values()))
        board.months.append(MonthPoint(month=month, figures=total, source=figures.source))
        if month == months[-1]:
            board.units = _units(kind, hubs, figures)
            board.total = Unit(name=title, target=sum(_target(h) for h in hubs), figures=total)

    for month in months:
        returns = by_month.get(month, {})
        counts: dict[str, int] = {}
        for kpi_return in returns.values():
            counts[kpi_return.shown_status] = counts.get(kpi_return.shown_status, 0) + 1
        if month < current:
            counts[NOT_COMPILED] = len(hubs) - len(returns)
        if any(counts.values()):
            board.returns_by_month.append(ReturnsMonth(month=month, counts=counts))
    board.open_returns = [
        r for r in stored if r.shown_status in (ReturnStatus.DRAFT, ReturnStatus.OVERDUE)
    ]
    board.open_returns.sort(key=lambda r: (r.due_date, r.hub.name))
    return board


@dataclass
class MonthFigures:
    source: str
    by_hub: dict[int, dict]
    by_cluster: dict[int, dict] = field(default_factory=dict)  # exact, when live
    national: dict | None = None  # exact, when live


def _month_figures(month: date, hubs, returns: dict[int, KpiReturn], current: date):
    """The month's figures from the stored returns when every hub in view has one (not for the
    current month, still in progress), else computed live, with exact cluster and national
    aggregates (means over all responses)."""
    if month < current and all(hub.pk in returns for hub in hubs):
        return MonthFigures(RETURNS, {hub.pk: returns[hub.pk].figures() for hub in hubs})
    compiled = kpi_figures(month=month)
    return MonthFigures(
        LIVE,
        by_hub={hub.pk: figures for hub, figures in compiled.hubs},
        by_cluster={cluster.pk: figures for cluster, figures in compiled.clusters},
        national=compiled.national,
    )


def _units(kind: str, hubs: list[GrowthHub], figures: MonthFigures) -> list[Unit]:
    if kind != "national":
        return [Unit(h.name, _target(h), figures.by_hub[h.pk]) for h in hubs]
    by_cluster: dict[Cluster, list[GrowthHub]] = {}
    for hub in hubs:
        by_cluster.setdefault(hub.cluster, []).append(hub)
    return [
        Unit(
            name=cluster.name,
            target=sum(_target(h) for h in members),
            figures=figures.by_cluster.get(cluster.pk)
            or combine_figures([figures.by_hub[h.pk] for h in members]),
        )
        for cluster, members in sorted(by_cluster.items(), key=lambda item: item[0].name)
    ]
