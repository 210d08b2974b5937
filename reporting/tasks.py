import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from participants.notifications import hub_staff_addresses
from peernetworks.emails import email_message
from peernetworks.models import Role, User
from peernetworks.queue import EMAIL_RETRY

from .services import NoProgrammeYear, kpi_returns_compile, kpi_returns_mark_overdue

logger = logging.getLogger(__name__)


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


# Acknowledged only when done, and re-queued if the worker dies mid-compile: the compile is one
# transaction and idempotent (KPI-4), so running it again gives the same returns
# (tests/reporting/test_compile_killed.py).
@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_previous_month() -> str:
    """KPI-1: on the 1st, each hub's return for the previous month (idempotent, KPI-4). The
    last month of a year is compiled after the year has closed; a month that no programme year
    covers is skipped with a log line (PY-6)."""
    month = previous_month(timezone.localdate())
    try:
        compiled = kpi_returns_compile(month=month)
    except NoProgrammeYear:
        logger.info("No programme year covers %s: no KPI returns to compile.", f"{month:%B %Y}")
        return f"{month:%Y-%m}: skipped, no programme year"
    return f"{month:%Y-%m}: {len(compiled.hubs)} returns"


@shared_task(**EMAIL_RETRY)
def mark_overdue_returns() -> int:
    """KPI-1: daily; unsubmitted returns past their due date become overdue and hub staff and
    the national coordinator are alerted once. One transaction: if the mail server fails,
    the marking is undone too, so the retry marks and alerts again: no alert is lost."""
    with transaction.atomic():
        return _mark_overdue_and_alert()


def _mark_overdue_and_alert() -> int:
    marked = kpi_returns_mark_overdue()
    national = list(
        User.objects.filter(role=Role.NATIONAL_COORDINATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for kpi_return in marked:
        hub = kpi_return.hub
        email_message(
            "kpi_return_overdue",
            {"kpi_return": kpi_return, "hub": hub},
            subject=f"Overdue: {hub.name} Peer Networks return for {kpi_return.month:%B %Y}",
            to=sorted(set(hub_staff_addresses(hub) + national)),
        ).send()
    return len(marked)
