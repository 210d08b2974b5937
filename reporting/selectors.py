"""Reads of KPI returns and export logs, with the one access scope applied (SPEC §1).

Returns and export logs are aggregates, not personal data: hub staff read their hub's, the
national coordinator reads every hub's.
"""

from datetime import date

from django.db.models import Prefetch, QuerySet

from peernetworks.access import scope_to_hub
from peernetworks.models import Role
from sessions.models import SessionNote, SessionStatus

from .kpi import Period, month_end
from .models import ExportLog, KpiReturn, KpiReturnRevision, ReturnStatus

# How many open returns the staff home page lists in each group.
HOME_RETURNS = 20
OPEN_RETURNS_READ = 200


def kpi_returns_for(user) -> QuerySet[KpiReturn]:
    return scope_to_hub(
        KpiReturn.objects.select_related("hub", "hub__cluster", "submitted_by", "programme_year"),
        user,
    )


def kpi_return_with_history(user, pk: int) -> QuerySet[KpiReturn]:
    """One return and its revisions (newest first) in two queries; another hub's is empty."""
    return (
        kpi_returns_for(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("revisions", queryset=KpiReturnRevision.objects.select_related("by"))
        )
    )


def export_logs_for(user) -> QuerySet[ExportLog]:
    return scope_to_hub(ExportLog.objects.select_related("by", "hub"), user)


def may_act_on(user, kpi_return: KpiReturn) -> bool:
    """Compile, submit and re-open: hub staff of that return's hub (and system administrators).
    The national coordinator only reads (SPEC §1)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.role == Role.HUB_STAFF and user.hub_id == kpi_return.hub_id


def shown_status(status: str, due: date, today: date) -> str:
    """KPI-1: a return unsubmitted after its due date is overdue, also on the morning before
    the daily job (kpi_returns_mark_overdue) has stored it."""
    if status == ReturnStatus.DRAFT and due < today:
        return ReturnStatus.OVERDUE
    return status


def with_shown_status(returns, today: date) -> list[KpiReturn]:
    """Sets `shown_status` and `shown_status_label` (words, never colour alone) on each."""
    labels = dict(ReturnStatus.choices)
    items = list(returns)
    for kpi_return in items:
        kpi_return.shown_status = shown_status(kpi_return.status, kpi_return.due_date, today)
        kpi_return.shown_status_label = labels[kpi_return.shown_status]
    return items


def returns_due_and_overdue(user, today: date) -> tuple[list[KpiReturn], list[KpiReturn]]:
    """The staff home page's returns in one query: unsubmitted ones, split into due (the due
    date is still to come; soonest first) and overdue (longest overdue first)."""
    # The latest due dates first, so a long tail of old overdue returns never hides those due.
    open_returns = with_shown_status(
        kpi_returns_for(user)
        .filter(status__in=[ReturnStatus.DRAFT, ReturnStatus.OVERDUE])
        .order_by("-due_date", "hub__name")[:OPEN_RETURNS_READ],
        today,
    )
    open_returns.sort(key=lambda r: (r.due_date, r.hub.name))
    due = [r for r in open_returns if r.shown_status == ReturnStatus.DRAFT]
    overdue = [r for r in open_returns if r.shown_status == ReturnStatus.OVERDUE]
    return due[:HOME_RETURNS], overdue[:HOME_RETURNS]


def hot_topic_notes(kpi_return: KpiReturn) -> QuerySet:
    """The facilitators' "hot topics to report" of the return's month (SES-9), beside the
    narrative (KPI-2): delivered sessions of the hub's cohorts of the return's year."""
    lo, hi = Period(
        month_start=kpi_return.month,
        month_end=month_end(kpi_return.month),
        year_start=kpi_return.programme_year.start,
    ).in_month
    return (
        SessionNote.objects.filter(
            session__cohort__hub=kpi_return.hub_id,
            session__cohort__programme_year=kpi_return.programme_year_id,
            session__status=SessionStatus.DELIVERED,
            session__starts_at__gte=lo,
            session__starts_at__lt=hi,
        )
        .exclude(hot_topics="")
        .select_related("session__cohort")
        .order_by("session__starts_at")
    )
