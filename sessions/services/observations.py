"""Writes for quality observations (SES-11): booking one with notice to the facilitator,
drawing a session at random, and recording the scores and feedback."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peernetworks.emails import email_message
from peernetworks.queue import enqueue_on_commit
from peernetworks.units import LONDON

from ..models import Observation, ObservationMethod, Session, SessionStatus
from ..schedule import observation_notice_ok


@transaction.atomic
def observation_book(
    *,
    session: Session,
    observer,
    method: str = ObservationMethod.LIVE,
    notice_given_at: datetime | None = None,
) -> Observation:
    """SES-11: at least the programme year's notice (24 h) to the facilitator."""
    notice_given_at = notice_given_at or timezone.now()
    year = session.cohort.programme_year
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": "Only a planned session can be booked for observation."})
    if not observation_notice_ok(
        session.starts_at,
        notice_given_at=notice_given_at,
        notice_hours=year.observation_notice_hours,
    ):
        raise ValidationError(
            {
                "session": f"The facilitator must have at least {year.observation_notice_hours} "
                "hours' notice of an observation."
            }
        )
    observation = Observation(
        session=session, observer=observer, method=method, notice_given_at=notice_given_at
    )
    observation.full_clean()
    observation.save()
    # The tasks module sends through these services, so it is imported when needed.
    from ..tasks import notify_facilitator_of_observation

    enqueue_on_commit(notify_facilitator_of_observation, observation.pk)
    return observation


def observation_notify_facilitator(observation_id: int) -> int:
    """SES-11: tells the cohort's lead facilitator which session will be observed, how and by
    whom. Returns the number of emails sent."""
    observation = (
        Observation.objects.select_related("session__cohort__lead_facilitator", "observer")
        .filter(pk=observation_id)
        .first()
    )
    facilitator = observation and observation.session.cohort.lead_facilitator
    if not facilitator or not facilitator.email:
        return 0
    session = observation.session
    observer = observation.observer
    context = {
        "session": session,
        "when": f"{session.starts_at.astimezone(LONDON):%A %d %B %Y at %H:%M}",
        "method": observation.get_method_display().lower(),
        "facilitator_name": facilitator.first_name or facilitator.username,
        "observer_name": observer.get_full_name() or observer.username,
    }
    return email_message(
        "observation_notice",
        context,
        subject=f"Quality observation: {session.cohort.name}, session {session.number}",
        to=[facilitator.email],
    ).send()


def observation_random_session(*, sessions, rng, now: datetime | None = None) -> Session | None:
    """SES-11: draw one planned session at random with enough notice left."""
    now = now or timezone.now()
    candidates = [
        s
        for s in sessions
        if s.status == SessionStatus.PLANNED
        and observation_notice_ok(
            s.starts_at,
            notice_given_at=now,
            notice_hours=s.cohort.programme_year.observation_notice_hours,
        )
    ]
    return rng.choice(candidates) if candidates else None


@transaction.atomic
def observation_complete(
    *,
    observation: Observation,
    score_topic: int,
    score_facilitation: int,
    score_behaviour: int,
    feedback: str,
    completed_on,
    rubric_notes: dict | None = None,
    privacy_statement_sent_at=None,
    recording_deleted_at=None,
) -> Observation:
    """SES-11: scores on the Playbook's rubric and feedback to the facilitator; for a recording,
    the privacy statement to the cohort and the recording's deletion are recorded."""
    if observation.method == ObservationMethod.RECORDING:
        if privacy_statement_sent_at is None:
            raise ValidationError(
                {
                    "privacy_statement_sent_at": "Record when the cohort was sent the privacy "
                    "statement for the recording."
                }
            )
        if recording_deleted_at is None:
            raise ValidationError(
                {"recording_deleted_at": "Record when the recording was deleted after review."}
            )
    observation.score_topic = score_topic
    observation.score_facilitation = score_facilitation
    observation.score_behaviour = score_behaviour
    observation.feedback_to_facilitator = feedback
    observation.completed_on = completed_on
    observation.rubric_notes = rubric_notes or {}
    observation.privacy_statement_sent_at = privacy_statement_sent_at
    observation.recording_deleted_at = recording_deleted_at
    observation.full_clean()
    observation.save()
    return observation
