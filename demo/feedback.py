"""Demo feedback, surveys and observations for a programme year (seed_demo): feedback links
sent to every attendee of a delivered session and answered by most (SUR-1), baseline surveys at
entry, exit surveys once a cohort has finished, drop-out surveys (SUR-2..4), and an observation
of each cohort's third session (SES-11). Nothing is dated after today. Deterministic and in
bulk, so the national demo stays quick."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from cohorts.models import CohortMembership
from demo.structure import aware, rng_for
from feedback.models import (
    AnswerType,
    FeedbackInvitation,
    SessionFeedback,
    SurveyAnswer,
    SurveyKind,
    SurveyResponse,
)
from feedback.services import survey_questions_for
from peernetworks.models import Role, User
from peernetworks.units import LONDON
from sessions.models import ATTENDED_STATUSES, Attendance, Observation, Session, SessionStatus

WHAT_WORKED = ["Hearing how others handled cash flow", "The challenge from the group", ""]
TO_IMPROVE = ["More time for my issue", "", "Start on time"]
IMPACT = [
    "I have stepped back from the day-to-day and the team is making more decisions.",
    "We finally wrote a plan for the next two years.",
    "A group I can call when I am stuck.",
]
LEAVING = ["No time to spare this year.", "The business changed hands.", "Family reasons."]
FEEDBACK_RATE, BASELINE_RATE, EXIT_RATE, DROP_OUT_RATE = 0.6, 0.85, 0.75, 0.5


def _day(session: Session) -> date:
    return session.starts_at.astimezone(LONDON).date()


@transaction.atomic
def demo_feedback_and_surveys(year, *, scale: str = "small", today: date | None = None) -> None:
    today = today or timezone.localdate()
    if SurveyResponse.objects.filter(participant__programme_year=year).exists():
        return  # already seeded: seed_demo stays idempotent
    rng = rng_for("feedback", year)
    _feedback(rng, year, today)
    _surveys(rng, year, today, answers=scale != "national")
    _observations(rng, year)


def _feedback(rng, year, today: date) -> None:
    """SUR-1: a link to every attendee when the session ends; most answer within days."""
    # Plain rows, not model instances: tens of thousands of them nationally.
    sessions = {
        pk: (starts_at, starts_at + timedelta(hours=float(hours)))
        for pk, starts_at, hours in Session.objects.filter(
            cohort__programme_year=year, status=SessionStatus.DELIVERED
        ).values_list("pk", "starts_at", "duration_hours")
    }
    attended = (
        Attendance.objects.filter(
            session__cohort__programme_year=year,
            session__status=SessionStatus.DELIVERED,
            status__in=ATTENDED_STATUSES,
        )
        .order_by("pk")
        .values_list("session_id", "participant_id")
    )
    invitations, feedback = [], []
    for session_id, participant_id in attended.iterator(chunk_size=5000):
        starts_at, ends_at = sessions[session_id]
        invitations.append(
            FeedbackInvitation(
                session_id=session_id, participant_id=participant_id, sent_at=ends_at
            )
        )
        submitted_on = starts_at.astimezone(LONDON).date() + timedelta(
            days=rng.choice([0, 1, 2, 4])
        )
        if rng.random() < FEEDBACK_RATE and submitted_on <= today:
            feedback.append(
                SessionFeedback(
                    session_id=session_id,
                    participant_id=participant_id,
                    satisfaction=rng.choice([3, 4, 4, 5, 5, 5]),
                    relevance=rng.choice([3, 4, 5, 5]),
                    facilitation=rng.choice([4, 4, 5, 5]),
                    what_worked=rng.choice(WHAT_WORKED),
                    what_to_improve=rng.choice(TO_IMPROVE),
                    submitted_on=submitted_on,
                )
            )
    FeedbackInvitation.objects.bulk_create(invitations, batch_size=2000)
    SessionFeedback.objects.bulk_create(feedback, batch_size=2000)


def _surveys(rng, year, today: date, *, answers: bool) -> None:
    """Baseline when they join a cohort, exit once it has finished, drop-out after leaving;
    each invited by email and most completed (SUR-2..5)."""
    schedule = defaultdict(list)
    for cohort_id, starts_at, status in Session.objects.filter(
        cohort__programme_year=year
    ).values_list("cohort_id", "starts_at", "status"):
        schedule[cohort_id].append((starts_at, status))
    finished = {
        cohort_id: max(starts_at for starts_at, _ in rows).astimezone(LONDON).date()
        for cohort_id, rows in schedule.items()
        if all(status == SessionStatus.DELIVERED for _, status in rows)
    }
    responses = []
    memberships = (
        CohortMembership.objects.filter(cohort__programme_year=year, left_at__isnull=True)
        .select_related("participant__business")
        .order_by("pk")
    )
    for membership in memberships:
        participant = membership.participant
        business = participant.business
        employees = business.employees_full_time + business.employees_part_time_permanent
        invited = timezone.localdate(membership.joined_at)
        responses.append(
            _response(rng, participant, SurveyKind.BASELINE, invited, BASELINE_RATE, today)
        )
        responses[-1].employees = employees
        responses[-1].turnover_gbp = business.turnover_gbp
        left_on = participant.dropped_out_on
        if left_on is not None:
            responses.append(
                _response(rng, participant, SurveyKind.DROP_OUT, left_on, DROP_OUT_RATE, today)
            )
        elif membership.cohort_id in finished:
            exit_ = _response(
                rng, participant, SurveyKind.EXIT, finished[membership.cohort_id], EXIT_RATE, today
            )
            exit_.employees = employees + rng.choice([0, 0, 1, 2])
            exit_.turnover_gbp = int(business.turnover_gbp * rng.uniform(0.98, 1.15)) // 1000 * 1000
            responses.append(exit_)
    for response in responses:
        if response.completed_on is None:
            response.employees = response.turnover_gbp = None  # nothing answered yet
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    if answers:
        _answers(rng, year, [r for r in responses if r.completed_on is not None])


def _response(rng, participant, kind: str, invited: date, rate: float, today: date):
    completed_on = invited + timedelta(days=rng.randint(1, 14))
    done = rng.random() < rate and completed_on <= today
    return SurveyResponse(
        participant=participant,
        kind=kind,
        invited_at=aware(invited, 17),
        started_at=aware(invited, 17),
        completed_on=completed_on if done else None,
    )


def _answers(rng, year, responses) -> None:
    """The answers of completed surveys: scores a little higher at exit than at baseline."""
    questions = {kind: survey_questions_for(year, kind) for kind in SurveyKind.values}
    rows = []
    for response in responses:
        for question in questions[response.kind]:
            if question.answer_type == AnswerType.SCORE:
                low = 3 if response.kind == SurveyKind.EXIT else 2
                value = {"score": rng.randint(low, 5)}
            else:
                texts = LEAVING if response.kind == SurveyKind.DROP_OUT else IMPACT
                value = {"text": rng.choice(texts)}
            rows.append(
                SurveyAnswer(
                    response=response,
                    question=question,
                    topic=question.topic,
                    question_text=question.text,
                    **value,
                )
            )
    SurveyAnswer.objects.bulk_create(rows, batch_size=2000)


def _observations(rng, year) -> None:
    """SES-11: each cohort's third session observed live by hub staff, with notice."""
    observers = dict(
        User.objects.filter(role=Role.HUB_STAFF).order_by("pk").values_list("hub_id", "pk")
    )
    observations = []
    sessions = Session.objects.filter(
        cohort__programme_year=year, status=SessionStatus.DELIVERED, number=3
    ).select_related("cohort")
    for session in sessions.order_by("pk"):
        observer = observers.get(session.cohort.hub_id)
        if observer:
            observations.append(
                Observation(
                    session=session,
                    observer_id=observer,
                    notice_given_at=session.starts_at - timedelta(days=3),
                    score_topic=rng.randint(3, 5),
                    score_facilitation=rng.randint(3, 5),
                    score_behaviour=rng.randint(3, 5),
                    feedback_to_facilitator="Clear structure; let the group own the questions.",
                    completed_on=_day(session),
                )
            )
    Observation.objects.bulk_create(observations)
