from celery import shared_task

from peernetworks.queue import EMAIL_RETRY

from .models import Participant
from .notifications import registration_notify_hub


@shared_task(**EMAIL_RETRY)
def notify_hub_of_registration(participant_id: int) -> int:
    participant = (
        Participant.objects.select_related("business__hub").filter(pk=participant_id).first()
    )
    if participant is None:
        return 0
    return registration_notify_hub(participant)
