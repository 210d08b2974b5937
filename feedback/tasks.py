"""Thin tasks around feedback.services: load by id, call one service."""

from celery import shared_task

from peernetworks.queue import EMAIL_RETRY

from .services import reminders_send_due, session_feedback_links_send, survey_invitation_send


@shared_task(**EMAIL_RETRY)
def send_session_feedback_links(session_id: int) -> int:
    """SUR-1: fired on commit by `session_feedback_invite`; each attendee is emailed once."""
    return session_feedback_links_send(session_id=session_id)


@shared_task(**EMAIL_RETRY)
def send_survey_invitation(participant_id: int, kind: str) -> int:
    return survey_invitation_send(participant_id=participant_id, kind=kind)


@shared_task(**EMAIL_RETRY)
def send_survey_reminders() -> str:
    """SUR-5, daily from beat; also `python manage.py send_survey_reminders`."""
    return str(reminders_send_due())
