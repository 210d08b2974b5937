from celery import shared_task

from peernetworks.tasks_policy import EMAIL_RETRY

from .models import Participant
from .notifications import registration_notify_hub
from .services_feedback import (
    reminders_send_due,
    session_feedback_links_send,
    survey_invitation_send,
)


@shared_task(**EMAIL_RETRY)
def notify_hub_of_registration(participant_id: int) -> int:
    participant = (
        Participant.objects.select_related("business__hub").filter(pk=participant_id).first()
    )
    if participant is None:
        return 0
    return registration_notify_hub(participant)


# Surveys and feedback (SUR, issue 6): thin tasks around participants.services_feedback.


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
