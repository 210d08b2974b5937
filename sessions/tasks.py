"""Background jobs for group sessions. Tasks are thin: load by id, call a service."""

from celery import shared_task

from peernetworks.queue import EMAIL_RETRY

from .services import (
    disengagement_notify_hub,
    joining_instructions_send_due,
    observation_notify_facilitator,
    session_rescheduled_notify,
)


@shared_task(**EMAIL_RETRY)
def send_joining_instructions() -> list[int]:
    """SES-5, every hour from beat; also `python manage.py send_joining_instructions`."""
    return joining_instructions_send_due().sent


@shared_task(**EMAIL_RETRY)
def notify_facilitator_of_observation(observation_id: int) -> int:
    """SES-11: the lead facilitator hears that a session will be observed."""
    return observation_notify_facilitator(observation_id)


@shared_task(**EMAIL_RETRY)
def notify_session_rescheduled(session_id: int, moved_from: str) -> int:
    """SES-5: tells every current member that a session has moved."""
    return session_rescheduled_notify(session_id, moved_from)


@shared_task(**EMAIL_RETRY)
def notify_hub_of_disengagement(report_id: int) -> int:
    """SES-8: email the hub's staff about a disengagement report (once, however often run)."""
    return disengagement_notify_hub(report_id)
