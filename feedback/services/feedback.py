"""Session feedback (SUR-1): the links emailed once to each attendee, and the answers."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.models import Participant
from peernetworks.queue import enqueue_on_commit
from sessions.models import ATTENDED_STATUSES, Session, SessionStatus

from ..models import (
    FeedbackInvitation,
    SessionFeedback,
)
from ..signals import feedback_submitted
from .emails import feedback_email_context, send_participant_email, session_day


def session_feedback_invite(*, session: Session) -> None:
    """SUR-1: once the transaction that marked `session` delivered commits, emails each
    attendee their feedback link. Safe to call after every attendance save: each attendee is
    emailed once, and anyone recorded as attending later is emailed then."""
    if session.status != SessionStatus.DELIVERED:
        return

    from ..tasks import send_session_feedback_links  # tasks wrap these services

    session_id = session.pk
    enqueue_on_commit(send_session_feedback_links, session_id)


def session_feedback_links_send(*, session_id: int, now: datetime | None = None) -> int:
    """Emails the feedback link to every attendee of a delivered session not yet sent one."""
    now = now or timezone.now()
    session = (
        Session.objects.select_related("cohort")
        .filter(pk=session_id, status=SessionStatus.DELIVERED)
        .first()
    )
    if session is None:
        return 0
    attendee_ids = list(
        session.attendance.filter(status__in=ATTENDED_STATUSES).values_list(
            "participant_id", flat=True
        )
    )
    FeedbackInvitation.objects.bulk_create(
        [FeedbackInvitation(session=session, participant_id=pid) for pid in attendee_ids],
        ignore_conflicts=True,
    )
    answered = SessionFeedback.objects.filter(session=session).values("participant")
    pending = (
        FeedbackInvitation.objects.filter(
            session=session, participant__in=attendee_ids, sent_at__isnull=True
        )
        .exclude(participant__in=answered)
        .select_related("participant__business__hub", "participant__programme_year")
    )
    sent = 0
    connection = get_connection()
    for invitation in pending:
        claimed = FeedbackInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=now
        )
        if not claimed:
            continue  # another run has it
        participant = invitation.participant
        try:
            sent += send_participant_email(
                participant,
                f"How was your Peer Networks session on {session_day(session)}?",
                "session_feedback",
                feedback_email_context(session, participant, reminder=False),
                connection,
            )
        except Exception:
            FeedbackInvitation.objects.filter(pk=invitation.pk, sent_at=now).update(sent_at=None)
            raise
    return sent


def feedback_may_answer(*, participant: Participant, session: Session) -> bool:
    """SUR-1: only an attendee of a delivered session gives feedback on it."""
    return (
        session.status == SessionStatus.DELIVERED
        and session.attendance.filter(
            participant=participant, status__in=ATTENDED_STATUSES
        ).exists()
    )


def session_feedback_submit(
    *,
    participant: Participant,
    session: Session,
    satisfaction: int,
    relevance: int,
    facilitation: int,
    what_worked: str = "",
    what_to_improve: str = "",
    today: date | None = None,
) -> tuple[SessionFeedback, bool]:
    """SUR-1: one response per participant and session. A second submission changes nothing
    and returns the first (created False), so the page can simply say thank you."""
    existing = SessionFeedback.objects.filter(participant=participant, session=session).first()
    if existing is not None:
        return existing, False
    if not feedback_may_answer(participant=participant, session=session):
        raise ValidationError({"session": "Feedback is for those who attended this session."})
    feedback = SessionFeedback(
        participant=participant,
        session=session,
        satisfaction=satisfaction,
        relevance=relevance,
        facilitation=facilitation,
        what_worked=what_worked.strip(),
        what_to_improve=what_to_improve.strip(),
        submitted_on=today or timezone.localdate(),
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
            feedback_submitted.send(sender=SessionFeedback, feedback=feedback)
    except IntegrityError:
        # Two submissions at once: the database kept the first (feedback_one_per_...).
        return SessionFeedback.objects.get(participant=participant, session=session), False
    return feedback, True
