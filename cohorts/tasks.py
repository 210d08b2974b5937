from celery import shared_task
from django.core.mail import send_mail

from peernetworks.tasks_policy import EMAIL_RETRY
from sessions.models import Observation
from sessions.schedule import LONDON

from .joining_instructions import joining_instructions_send_due


@shared_task(**EMAIL_RETRY)
def send_joining_instructions() -> list[int]:
    """SES-5, every hour from beat; also `python manage.py send_joining_instructions`."""
    return joining_instructions_send_due().sent


@shared_task(**EMAIL_RETRY)
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


@shared_task(**EMAIL_RETRY)
def notify_session_rescheduled(session_id: int, moved_from: str) -> int:
    """SES-5: tells every current member that a session has moved."""
    from datetime import datetime

    from django.core.mail import EmailMessage, get_connection

    from sessions.models import Session

    from .joining_instructions import calendar_url
    from .models import CohortMembership

    session = Session.objects.select_related("cohort__hub").filter(pk=session_id).first()
    if session is None:
        return 0
    before = datetime.fromisoformat(moved_from).astimezone(LONDON)
    after = session.starts_at.astimezone(LONDON)
    members = CohortMembership.objects.filter(
        cohort=session.cohort_id, left_at__isnull=True, participant__dropped_out_on__isnull=True
    ).select_related("participant")
    messages = [
        EmailMessage(
            subject=f"Session {session.number} of {session.cohort.name} has moved",
            body=(
                f"Dear {m.participant.first_name},\n\nSession {session.number} of "
                f"{session.cohort.name}, planned for {before:%A %d %B at %H:%M}, is now on "
                f"{after:%A %d %B %Y at %H:%M}. Joining instructions will follow.\n\n"
                f"Your updated calendar: {calendar_url(m.participant)}\n\n"
                f"{session.cohort.hub.name}"
            ),
            to=[m.participant.email],
        )
        for m in members
    ]
    return get_connection().send_messages(messages) or 0
