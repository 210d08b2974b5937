"""Writes for feedback and surveys (SPEC §8 SUR): questions, responses, and the emails.

Every email job is idempotent: a row is claimed with an optimistic `update()` before its email
goes, and un-claimed if sending fails, so a re-run or an overlapping run never sends twice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participants.links import home_token, link_lifetime
from participants.models import Participant
from peernetworks.emails import email_message, site_url
from peernetworks.models import ProgrammeYear
from peernetworks.queue import enqueue_on_commit
from peernetworks.units import LONDON
from sessions.models import ATTENDED_STATUSES, Session, SessionStatus

from . import selectors
from .models import (
    AnswerType,
    FeedbackInvitation,
    SessionFeedback,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from .rules import (
    feedback_period_open,
    feedback_token,
    loosest_reminder_limits,
    reminder_due,
    reminder_limits,
    survey_token,
)
from .signals import feedback_submitted
from .surveys import default_questions, survey_open

# Questions (SUR-2..4) -------------------------------------------------------------------------


@transaction.atomic
def survey_questions_seed_defaults(year: ProgrammeYear) -> int:
    """Gives a programme year the default questions (the Playbook's baseline topics, the same
    for exit, and the drop-out questions) unless it already has questions of its own."""
    ProgrammeYear.objects.select_for_update().filter(pk=year.pk).first()  # one seeder at a time
    if SurveyQuestion.objects.filter(programme_year=year).exists():
        return 0
    created = SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                programme_year=year,
                kind=q.kind,
                topic=q.topic,
                text=q.text,
                answer_type=q.answer_type,
                order=q.order,
            )
            for q in default_questions()
        ]
    )
    return len(created)


@transaction.atomic
def survey_questions_copy(*, from_year: ProgrammeYear, to_year: ProgrammeYear) -> int:
    """PY-4: the questions of one year copied into a new year that has none yet, for editing;
    the earlier year's questions (and the answers given to them) are not touched."""
    if SurveyQuestion.objects.filter(programme_year=to_year).exists():
        return 0
    fields = ["kind", "topic", "text", "answer_type", "order", "is_active"]
    created = SurveyQuestion.objects.bulk_create(
        SurveyQuestion(programme_year=to_year, **row)
        for row in SurveyQuestion.objects.filter(programme_year=from_year)
        .order_by("kind", "order", "pk")
        .values(*fields)
    )
    return len(created)


def survey_questions_for(year: ProgrammeYear, kind: str) -> list[SurveyQuestion]:
    """The year's active questions of one kind; a year without any questions is seeded first
    (a data migration cannot know future years)."""
    questions = list(
        SurveyQuestion.objects.filter(programme_year=year, kind=kind, is_active=True).order_by(
            "order", "pk"
        )
    )
    if not questions and survey_questions_seed_defaults(year):
        return survey_questions_for(year, kind)
    return questions


# Emails ----------------------------------------------------------------------------------------


def _url(name: str, *args) -> str:
    return site_url(reverse(name, args=args))


def _session_day(session: Session) -> str:
    return f"{session.starts_at.astimezone(LONDON):%A %-d %B %Y}"


def _email(participant: Participant, subject: str, name: str, context: dict, connection) -> int:
    """One of the participant emails (templates/emails/<name>), with the footer every one
    carries: the link's lifetime, their own page and their hub."""
    context = {
        "participant": participant,
        "link_days": participant.programme_year.feedback_link_days,
        "home_url": _url("my:home", home_token(participant)),
        "hub_name": participant.business.hub.name,
        **context,
    }
    message = email_message(
        name, context, subject=subject, to=[participant.email], connection=connection
    )
    return message.send()


def feedback_email_context(session: Session, participant: Participant, *, reminder: bool):
    return {
        "session": session,
        "session_day": _session_day(session),
        "reminder": reminder,
        "link": _url("my:feedback-form", feedback_token(participant, session)),
    }


SURVEY_SUBJECTS = {
    SurveyKind.BASELINE: "Your Peer Networks baseline survey",
    SurveyKind.EXIT: "Your Peer Networks exit survey",
    SurveyKind.DROP_OUT: "Your views on Peer Networks",
}
SURVEY_INTROS = {
    SurveyKind.BASELINE: "As you start Peer Networks, please tell us where your business is "
    "today. Your answers help show what difference the programme makes.",
    SurveyKind.EXIT: "Your cohort has finished its group sessions. Please answer the same "
    "questions as when you started, so we can see what has changed.",
    SurveyKind.DROP_OUT: "We are sorry you have left Peer Networks. A few questions about why "
    "would help us improve the programme for others.",
}


def survey_email_context(participant: Participant, kind: str, *, reminder: bool) -> dict:
    return {
        "intro": SURVEY_INTROS[kind],
        "reminder": reminder,
        "link": _url("my:survey-form", kind, survey_token(participant, kind)),
    }


# SUR-1: feedback links ------------------------------------------------------------------------


def session_feedback_invite(*, session: Session) -> None:
    """SUR-1: once the transaction that marked `session` delivered commits, emails each
    attendee their feedback link. Safe to call after every attendance save: each attendee is
    emailed once, and anyone recorded as attending later is emailed then."""
    if session.status != SessionStatus.DELIVERED:
        return

    from .tasks import send_session_feedback_links  # tasks wrap these services

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
            sent += _email(
                participant,
                f"How was your Peer Networks session on {_session_day(session)}?",
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


# SUR-2..4: surveys ----------------------------------------------------------------------------


def survey_may_answer(*, participant: Participant, kind: str) -> bool:
    exit_due = kind == SurveyKind.EXIT and selectors.participant_exit_due(participant)
    return survey_open(kind, dropped_out=participant.dropped_out_on is not None, exit_due=exit_due)


def survey_invite(*, participant: Participant, kind: str) -> None:
    """Emails the participant the link to one survey, once the transaction commits. Refuses a
    survey that is not theirs to answer (a drop-out survey for someone still taking part)."""
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": f"Unknown survey {kind!r}."})
    if not survey_may_answer(participant=participant, kind=kind):
        raise ValidationError({"kind": f"{participant} cannot answer the {kind} survey now."})

    from .tasks import send_survey_invitation  # tasks wrap these services

    participant_id = participant.pk
    enqueue_on_commit(send_survey_invitation, participant_id, str(kind))


def survey_start(*, participant: Participant, kind: str) -> SurveyResponse:
    response, _ = SurveyResponse.objects.get_or_create(participant=participant, kind=kind)
    return response


def survey_invitation_send(*, participant_id: int, kind: str, now: datetime | None = None) -> int:
    """Sends a survey's invitation once: a completed or already-invited survey is left alone."""
    now = now or timezone.now()
    participant = (
        Participant.objects.select_related("business__hub", "programme_year")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or kind not in SurveyKind.values:
        return 0
    response = survey_start(participant=participant, kind=kind)
    claimed = SurveyResponse.objects.filter(
        pk=response.pk, invited_at__isnull=True, completed_on__isnull=True
    ).update(invited_at=now)
    if not claimed:
        return 0
    try:
        return _email(
            participant,
            SURVEY_SUBJECTS[kind],
            "survey",
            survey_email_context(participant, kind, reminder=False),
            get_connection(),
        )
    except Exception:
        SurveyResponse.objects.filter(pk=response.pk, invited_at=now).update(invited_at=None)
        raise


@transaction.atomic
def survey_submit(
    *,
    participant: Participant,
    kind: str,
    answers: Mapping[int, int | str | None],
    employees: int | None = None,
    turnover_gbp: int | None = None,
    today: date | None = None,
) -> tuple[SurveyResponse, bool]:
    """Stores a whole survey in one transaction, with a copy of each question's topic and text.

    `answers` maps question id to a score (1-5) or text. Every score question must be answered;
    text is optional. Baseline and exit carry the business's figures (SUR-2). A survey already
    completed is left as it was (created False).
    """
    response = survey_start(participant=participant, kind=kind)
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if response.completed_on is not None:
        return response, False
    questions = {q.pk: q for q in survey_questions_for(participant.programme_year, kind)}
    errors: dict[str, str] = {}
    if set(answers) - set(questions):
        errors["answers"] = "Answer only this survey's questions."
    rows = []
    for pk, question in questions.items():
        value = answers.get(pk)
        if question.answer_type == AnswerType.SCORE:
            if value in (None, ""):
                errors[f"q_{pk}"] = "Choose a number from 1 to 5."
                continue
            if not isinstance(value, int) or not 1 <= value <= 5:
                errors[f"q_{pk}"] = "Choose a number from 1 to 5."
                continue
            rows.append((question, value, ""))
        elif value is not None and str(value).strip():
            rows.append((question, None, str(value).strip()))
    if kind in (SurveyKind.BASELINE, SurveyKind.EXIT):
        if employees is None or employees < 0:
            errors["employees"] = "Enter how many people the business employs."
        if turnover_gbp is None or turnover_gbp < 0:
            errors["turnover_gbp"] = "Enter the business's annual turnover in pounds."
        response.employees, response.turnover_gbp = employees, turnover_gbp
    if errors:
        raise ValidationError(errors)
    SurveyAnswer.objects.bulk_create(
        [
            SurveyAnswer(
                response=response,
                question=question,
                topic=question.topic,
                question_text=question.text,
                score=score,
                text=text,
            )
            for question, score, text in rows
        ]
    )
    response.completed_on = today or timezone.localdate()
    response.full_clean(validate_constraints=False)
    response.save(update_fields=["employees", "turnover_gbp", "completed_on"])
    return response, True


# SUR-5: the daily job -------------------------------------------------------------------------


@dataclass
class ReminderRun:
    feedback_links: int = 0
    survey_invitations: int = 0
    feedback_reminders: int = 0
    survey_reminders: int = 0

    def __str__(self) -> str:
        return (
            f"{self.feedback_links} feedback link(s), {self.survey_invitations} survey "
            f"invitation(s), {self.feedback_reminders} feedback reminder(s), "
            f"{self.survey_reminders} survey reminder(s) sent."
        )


def _claim_reminder(model, obj, now: datetime) -> bool:
    """Counts a reminder only if no other run has sent one since this row was read."""
    return bool(
        model.objects.filter(
            pk=obj.pk, reminders_sent=obj.reminders_sent, last_reminded_at=obj.last_reminded_at
        ).update(reminders_sent=obj.reminders_sent + 1, last_reminded_at=now)
    )


def _unclaim_reminder(model, obj, now: datetime) -> None:
    model.objects.filter(pk=obj.pk, last_reminded_at=now).update(
        reminders_sent=obj.reminders_sent, last_reminded_at=obj.last_reminded_at
    )


def reminders_send_due(*, now: datetime | None = None) -> ReminderRun:
    """SUR-1, SUR-5, run daily by beat and by `send_survey_reminders`. Catches up any feedback
    link not yet sent, invites participants to the surveys now due, and reminds them of
    unanswered feedback and unfinished surveys: at most the participant's programme year's
    `survey_reminders_max` each, `survey_reminder_gap_days` apart, never feedback reminders to
    a participant who has dropped out. Re-running it the same day sends nothing more."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun()

    for session in selectors.sessions_missing_feedback_links(now=now):
        run.feedback_links += session_feedback_links_send(session_id=session.pk, now=now)

    for kind in SurveyKind.values:
        for participant in selectors.participants_due_survey(kind, today=today):
            run.survey_invitations += survey_invitation_send(
                participant_id=participant.pk, kind=kind, now=now
            )

    connection = get_connection()
    loosest = loosest_reminder_limits()
    for invitation in selectors.feedback_invitations_to_remind(
        now=now, max_reminders=loosest.max_reminders, gap=loosest.gap
    ):
        participant = invitation.participant
        limits = reminder_limits(participant.programme_year)
        if not feedback_period_open(
            sent_at=invitation.sent_at, now=now, lifetime=link_lifetime(participant)
        ) or not reminder_due(
            first_sent_at=invitation.sent_at,
            last_reminded_at=invitation.last_reminded_at,
            reminders_sent=invitation.reminders_sent,
            now=now,
            max_reminders=limits.max_reminders,
            gap=limits.gap,
        ):
            continue
        if not _claim_reminder(FeedbackInvitation, invitation, now):
            continue
        session = invitation.session
        try:
            run.feedback_reminders += _email(
                participant,
                f"Reminder: your feedback on Peer Networks session {session.number}",
                "session_feedback",
                feedback_email_context(session, participant, reminder=True),
                connection,
            )
        except Exception:
            _unclaim_reminder(FeedbackInvitation, invitation, now)
            raise

    for response in selectors.survey_responses_to_remind(
        now=now, today=today, max_reminders=loosest.max_reminders, gap=loosest.gap
    ):
        limits = reminder_limits(response.participant.programme_year)
        if not reminder_due(
            first_sent_at=response.invited_at,
            last_reminded_at=response.last_reminded_at,
            reminders_sent=response.reminders_sent,
            now=now,
            max_reminders=limits.max_reminders,
            gap=limits.gap,
        ) or not _claim_reminder(SurveyResponse, response, now):
            continue
        participant = response.participant
        try:
            run.survey_reminders += _email(
                participant,
                f"Reminder: {SURVEY_SUBJECTS[response.kind]}",
                "survey",
                survey_email_context(participant, response.kind, reminder=True),
                connection,
            )
        except Exception:
            _unclaim_reminder(SurveyResponse, response, now)
            raise
    return run
