from celery import shared_task
from django.core.mail import send_mail

from sessions.models import Observation
from sessions.schedule import LONDON

from .joining_instructions import joining_instructions_send_due


@shared_task(autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=1800, max_retries=6)
def send_joining_instructions() -> list[int]:
    """SES-5, every hour from beat; also `python manage.py send_joining_instructions`."""
    return joining_instructions_send_due().sent


@shared_task(autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=3600, max_retries=8)
def notify_facilitator_of_observation(observation_id: int) -> int:
    observation = (
        Observation.objects.select_related("session__cohort__lead_facilitator", "observer")
        .filter(pk=observation_id)
        .first()
    )
    facilitator = observation and observation.session.cohort.lead_facilitator
    if not facilitator or not facilitator.email:
        return 0
    session = observation.session
    when = session.starts_at.astimezone(LONDON)
    return send_mail(
        subject=f"Quality observation: {session.cohort.name}, session {session.number}",
        message=(
            f"Dear {facilitator.first_name or facilitator.username},\n\n"
            f"Session {session.number} of {session.cohort.name} on {when:%A %d %B %Y at %H:%M} "
            f"will be observed ({observation.get_method_display().lower()}) by "
            f"{observation.observer.get_full_name() or observation.observer.username}.\n"
        ),
        from_email=None,
        recipient_list=[facilitator.email],
    )
