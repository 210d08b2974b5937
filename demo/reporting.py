"""Demo monthly KPI returns (seed_demo): every month that has ended, in every demo year,
compiled as the scheduled job does on the 1st (KPI-1), with the hub's narrative, and submitted
through the service around its due date; the latest month's returns are still drafts, and one
hub has not submitted the month before, so it is overdue. Dates are set to when each step would
have happened rather than today.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from demo.structure import DEMO_HUBS, aware, demo_hubs, rng_for
from peernetworks.models import Role, User
from reporting.kpi import month_end
from reporting.models import KpiReturn, KpiReturnRevision, ReturnAction
from reporting.services import (
    kpi_return_submit,
    kpi_return_write_narrative,
    kpi_returns_compile,
    kpi_returns_mark_overdue,
    submission_status,
)

NARRATIVES = [
    "Recruitment is on track; two cohorts started this month and feedback is strong.",
    "A slower month for registrations over the holidays; a mailing to accountants goes out "
    "next week.",
    "One participant dropped out for family reasons. One-to-one uptake is improving now that "
    "the provider offers evening slots.",
    "Both running cohorts met every session; the next cohort is nearly full.",
]
# The hubs that leave the month before last unsubmitted (overdue): Greater Manchester, so the
# demo's hub staff see the alert, and nationally every ninth hub as well.
LATE_HUB = DEMO_HUBS[0]
LATE_EVERY_NTH_HUB = 9
SUBMITTED_LATE_RATE = 0.1


def months_ended(years, today: date) -> list[date]:
    """The first day of every month of the years that has ended by today, oldest first."""
    months = []
    for year in years:
        month = year.start.replace(day=1)
        while month <= year.end and month_end(month) < today:
            months.append(month)
            month = (month_end(month) + timedelta(days=1)).replace(day=1)
    return months


def demo_kpi_returns(years, hubs, *, scale: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    today = timezone.localdate(now)
    hubs = demo_hubs(hubs, scale)
    if KpiReturn.objects.filter(programme_year__in=years, hub__in=hubs).exists():
        return  # already seeded: seed_demo stays idempotent
    months = months_ended(years, today)
    if not months:
        return
    staff = {user.hub_id: user for user in User.objects.filter(role=Role.HUB_STAFF).order_by("-pk")}
    late = {
        hub.pk
        for index, hub in enumerate(hubs)
        if hub.slug == LATE_HUB or (scale == "national" and index % LATE_EVERY_NTH_HUB == 0)
    }
    with transaction.atomic():
        for month in months:
            if scale == "national":
                kpi_returns_compile(month=month)
            else:
                for hub in hubs:
                    kpi_returns_compile(month=month, hub_slug=hub.slug)
        returns = list(
            KpiReturn.objects.filter(month__in=months, hub__in=hubs)
            .select_related("hub", "programme_year")
            .order_by("month", "hub__slug")
        )
        _backdate(returns, ReturnAction.COMPILED, lambda r: aware(_next_month(r.month), 6))
        before_last = months[-2] if len(months) > 1 else None
        submitted = []
        for kpi_return in returns:
            if kpi_return.month == months[-1]:
                continue  # compiled on the 1st; the hub has not submitted it yet
            if kpi_return.month == before_last and kpi_return.hub_id in late:
                continue  # left unsubmitted past its due date: overdue
            rng = rng_for(
                f"return-{kpi_return.month:%Y-%m}", kpi_return.programme_year, kpi_return.hub
            )
            by = staff.get(kpi_return.hub_id)
            kpi_return_write_narrative(
                kpi_return=kpi_return, narrative=rng.choice(NARRATIVES), by=by
            )
            kpi_return = kpi_return_submit(kpi_return=kpi_return, by=by)
            if rng.random() < SUBMITTED_LATE_RATE:
                day = kpi_return.due_date + timedelta(days=rng.randint(1, 5))
            else:
                day = kpi_return.due_date - timedelta(days=rng.randint(0, 5))
            day = max(min(day, today), _next_month(kpi_return.month))
            kpi_return.submitted_at = min(aware(day, 15, rng.randint(0, 59)), now)
            kpi_return.status = submission_status(due=kpi_return.due_date, on=day)
            submitted.append(kpi_return)
        KpiReturn.objects.bulk_update(submitted, ["submitted_at", "status"], batch_size=500)
        _backdate(submitted, ReturnAction.SUBMITTED, lambda r: r.submitted_at)
        overdue = kpi_returns_mark_overdue(today=today)  # KPI-1
        _backdate(
            overdue, ReturnAction.MARKED_OVERDUE, lambda r: aware(r.due_date + timedelta(days=1), 6)
        )


def _next_month(month: date) -> date:
    return month_end(month) + timedelta(days=1)


def _backdate(returns, action: str, when) -> None:
    """The return's history says when each step happened (the services stamp now)."""
    at = {kpi_return.pk: when(kpi_return) for kpi_return in returns}
    if action == ReturnAction.COMPILED:
        for kpi_return in returns:
            kpi_return.compiled_at = at[kpi_return.pk]
        KpiReturn.objects.bulk_update(returns, ["compiled_at"], batch_size=500)
    revisions = list(KpiReturnRevision.objects.filter(kpi_return__in=list(at), action=action))
    for revision in revisions:
        revision.at = at[revision.kpi_return_id]
    KpiReturnRevision.objects.bulk_update(revisions, ["at"], batch_size=500)
