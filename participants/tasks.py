from celery import shared_task

from .models import Participant
from .notifications import registration_notify_hub


@shared_task(autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=3600, max_retries=8)
def notify_hub_of_registration(participant_id: int) -> int:
    participant = (
        Participant.objects.select_related("business__hub").filter(pk=participant_id).first()
    )
    if participant is None:
        return 0
    return registration_notify_hub(participant)
