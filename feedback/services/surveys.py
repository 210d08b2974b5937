"""Baseline, exit and drop-out surveys (SUR-2..4): the invitation, the response and the answers."""

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from peernetworks.queue import enqueue_on_commit

from .. import selectors
from ..models import (
    AnswerType,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from ..surveys import survey_open
from .emails import SURVEY_SUBJECTS, send_participant_email, survey_email_context
from .questions import survey_questions_for


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

    from ..tasks import send_survey_invitation  # tasks wrap these services

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
        return send_participant_email(
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
