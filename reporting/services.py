"""KPI returns: compile (KPI-1, KPI-2, KPI-4), submit, re-open, mark overdue."""

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peernetworks.models import Cluster, GrowthHub, ProgrammeYear

from .facts import hub_facts
from .kpi import KPI_FIELDS, Facts, Period, combine, due_date, month_end
from .models import SUBMITTED, KpiReturn, KpiReturnRevision, ReturnAction, ReturnStatus


@dataclass
class Compiled:
    month: date
    programme_year: ProgrammeYear
    due_date: date
    hubs: list[tuple[GrowthHub, dict]]
    clusters: list[tuple[Cluster, dict]]
    national: dict

    def as_json(self) -> dict:
        """INTERCHANGE.md's `compile_kpi_return --json` object."""
        return {
            "month": f"{self.month:%Y-%m}",
            "programme_year": self.programme_year.name,
            "due_date": self.due_date.isoformat(),
            "hubs": [{"hub": hub.slug, **figures} for hub, figures in self.hubs],
            "clusters": [{"cluster": c.slug, **figures} for c, figures in self.clusters],
            "national": self.national,
        }


class NoProgrammeYear(ValidationError):
    """PY-6: no programme year covers the month; the command reports it, the job skips it."""


def programme_year_for(month: date) -> ProgrammeYear:
    """The year covering month M (its last day, else its first: a year may start or end
    mid-month)."""
    last = month_end(month)
    year = ProgrammeYear.objects.filter(start__lte=last, end__gte=month).order_by("-start").first()
    if year is None:
        raise NoProgrammeYear({"month": f"No programme year covers {month:%B %Y}."})
    return year


def kpi_figures(*, month: date) -> Compiled:
    """Every hub's, cluster's and the nation's KPI-2 figures for the month: read-only."""
    year = programme_year_for(month)
    period = Period(month_start=month, month_end=month_end(month), year_start=year.start)
    facts = hub_facts(period, year)
    hubs = list(GrowthHub.objects.select_related("cluster").order_by("slug"))
    by_hub = {hub.pk: facts.get(hub.pk, Facts()) for hub in hubs}
    clusters = {}
    for hub in hubs:
        clusters.setdefault(hub.cluster, []).append(by_hub[hub.pk])
    return Compiled(
        month=month,
        programme_year=year,
        due_date=due_date(month, year.kpi_due_day),
        hubs=[(hub, by_hub[hub.pk].figures()) for hub in hubs],
        clusters=[
            (cluster, combine(items).figures())
            for cluster, items in sorted(clusters.items(), key=lambda item: item[0].slug)
        ],
        national=combine(list(by_hub.values())).figures(),
    )


def _revision(kpi_return: KpiReturn, action: str, *, by=None, reason: str = "") -> None:
    KpiReturnRevision.objects.create(
        kpi_return=kpi_return,
        action=action,
        at=timezone.now(),
        by=by,
        reason=reason,
        figures=kpi_return.figures(),
    )


@transaction.atomic
def kpi_returns_compile(*, month: date, hub_slug: str | None = None, by=None) -> Compiled:
    """Compiles the month and stores each hub's figures as its draft return. Idempotent
    (KPI-4): a draft is updated in place; a submitted return is never touched."""
    # Two compiles of the same hubs at once (the job and "Compile now") queue here rather
    # than both creating the first return of a month: the second then finds the first's
    # returns and updates them (one per hub and month).
    hubs = GrowthHub.objects.select_for_update().order_by("pk")
    list((hubs.filter(slug=hub_slug) if hub_slug else hubs).values_list("pk", flat=True))
    compiled = kpi_figures(month=month)
    year = compiled.programme_year
    now = timezone.now()
    if hub_slug is not None:
        if not any(hub.slug == hub_slug for hub, _ in compiled.hubs):
            raise ValidationError({"hub": f'Unknown hub "{hub_slug}".'})
        compiled.hubs = [(h, f) for h, f in compiled.hubs if h.slug == hub_slug]
        cluster = compiled.hubs[0][0].cluster_id
        compiled.clusters = [(c, f) for c, f in compiled.clusters if c.pk == cluster]
    existing = {
        r.hub_id: r
        for r in KpiReturn.objects.select_for_update().filter(
            month=month, hub__in=[hub for hub, _ in compiled.hubs]
        )
    }
    # Bulk writes keep the query count the same for one hub or 38 (KPI-2 at national scale).
    created, updated, changed = [], [], []
    for hub, figures in compiled.hubs:
        kpi_return = existing.get(hub.pk)
        if kpi_return is not None and kpi_return.status in SUBMITTED:
            continue  # frozen: re-opening is an explicit, audited action
        if kpi_return is None:
            kpi_return = KpiReturn(
                hub=hub, month=month, programme_year=year, due_date=compiled.due_date
            )
            created.append(kpi_return)
        else:
            updated.append(kpi_return)
        if kpi_return.pk is None or kpi_return.figures() != figures:
            changed.append(kpi_return)
        for name, value in figures.items():
            setattr(kpi_return, name, value)
        kpi_return.compiled_at = now
    KpiReturn.objects.bulk_create(created)
    if updated:
        KpiReturn.objects.bulk_update(updated, [*KPI_FIELDS, "compiled_at"])
    _fault_test_pause_after_writing_returns()
    KpiReturnRevision.objects.bulk_create(
        KpiReturnRevision(
            kpi_return=kpi_return,
            action=ReturnAction.COMPILED,
            at=now,
            by=by,
            figures=kpi_return.figures(),
        )
        for kpi_return in changed
    )
    return compiled


FAULT_TEST_PAUSE = "PN_FAULT_TEST_PAUSE_COMPILE"


def _fault_test_pause_after_writing_returns() -> None:
    """For the fault test only (tests/reporting/test_compile_killed.py): with the
    environment variable PN_FAULT_TEST_PAUSE_COMPILE set to a file path, the compile writes its
    process id there once the returns are written but not yet their revisions, nor committed,
    and waits to be killed. Does nothing when the variable is unset, as in production."""
    marker = os.environ.get(FAULT_TEST_PAUSE)
    if marker:
        Path(marker).write_text(str(os.getpid()))
        time.sleep(300)


def submission_status(*, due: date, on: date) -> str:
    """KPI-1: on time up to and including the due date."""
    return ReturnStatus.SUBMITTED_ON_TIME if on <= due else ReturnStatus.SUBMITTED_LATE


@transaction.atomic
def kpi_return_submit(*, kpi_return: KpiReturn, by) -> KpiReturn:
    kpi_return = KpiReturn.objects.select_for_update().get(pk=kpi_return.pk)
    if kpi_return.is_submitted:
        raise ValidationError({"status": "This return has already been submitted."})
    now = timezone.now()
    kpi_return.status = submission_status(due=kpi_return.due_date, on=timezone.localdate(now))
    kpi_return.submitted_at = now
    kpi_return.submitted_by = by
    kpi_return.save(update_fields=["status", "submitted_at", "submitted_by"])
    _revision(kpi_return, ReturnAction.SUBMITTED, by=by)
    return kpi_return


NARRATIVE_MAX = 10_000


@transaction.atomic
def kpi_return_write_narrative(*, kpi_return: KpiReturn, narrative: str, by) -> KpiReturn:
    """KPI-2: the hub's supporting narrative, written on a draft before submitting; a
    submitted return's narrative is frozen with its figures (KPI-4)."""
    kpi_return = KpiReturn.objects.select_for_update().get(pk=kpi_return.pk)
    if kpi_return.is_submitted:
        raise ValidationError(
            {
                "narrative": "This return has been submitted, so its narrative can no longer be "
                "changed. Re-open the return first if it must change."
            }
        )
    narrative = narrative.strip()
    if len(narrative) > NARRATIVE_MAX:
        raise ValidationError(
            {"narrative": f"Keep the narrative under {NARRATIVE_MAX:,} characters."}
        )
    kpi_return.narrative = narrative
    kpi_return.save(update_fields=["narrative"])
    return kpi_return


@transaction.atomic
def kpi_return_reopen(*, kpi_return: KpiReturn, by, reason: str) -> KpiReturn:
    """KPI-4: re-opening a submitted return is explicit and audited, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being re-opened."})
    kpi_return = KpiReturn.objects.select_for_update().get(pk=kpi_return.pk)
    if not kpi_return.is_submitted:
        raise ValidationError({"status": "Only a submitted return can be re-opened."})
    kpi_return.status = ReturnStatus.DRAFT
    kpi_return.submitted_at = None
    kpi_return.submitted_by = None
    kpi_return.save(update_fields=["status", "submitted_at", "submitted_by"])
    _revision(kpi_return, ReturnAction.REOPENED, by=by, reason=reason.strip())
    return kpi_return


def kpi_returns_mark_overdue(*, today: date | None = None) -> list[KpiReturn]:
    """KPI-1: unsubmitted after the due date → overdue (idempotent: an optimistic update)."""
    today = today or timezone.localdate()
    marked = []
    for kpi_return in KpiReturn.objects.filter(status=ReturnStatus.DRAFT, due_date__lt=today):
        if KpiReturn.objects.filter(pk=kpi_return.pk, status=ReturnStatus.DRAFT).update(
            status=ReturnStatus.OVERDUE
        ):
            kpi_return.status = ReturnStatus.OVERDUE
            _revision(kpi_return, ReturnAction.MARKED_OVERDUE)
            marked.append(kpi_return)
    return marked
