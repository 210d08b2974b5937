"""Background jobs for group sessions. Tasks are thin: load by id, call a service."""

from celery import shared_task

from peernetworks.tasks_policy import EMAIL_RETRY

from .services_attendance import disengagement_notify_hub

# Facilitator portal (issue 5) -------------------------------------------------------------


@shared_task(**EMAIL_RETRY)
def notify_hub_of_disengagement(report_id: int) -> int:
    """SES-8: email the hub's staff about a disengagement report (once, however often run)."""
    return disengagement_notify_hub(report_id)
