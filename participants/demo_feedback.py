"""Demo feedback, surveys and observations for delivered sessions (seed_demo). Deterministic
and in bulk, so the national demo stays quick."""

import random
from datetime import timedelta

from django.db import transaction

from peernetworks.models import Role, User
from sessions.models import ATTENDED_STATUSES, Attendance, Observation, Session, SessionStatus
from sessions.schedule import LONDON

from .models import SessionFeedback, SurveyKind, SurveyResponse

WHAT_WORKED = ["Hearing how others handled cash flow", "The challenge from the group", ""]
TO_IMPROVE = ["More time for my issue", "", "Start on time"]


@transaction.atomic
def demo_feedback_and_surveys(year) -> None:
    if SessionFeedback.objects.filter(session__cohort__programme_year=year).exists():
        return
    rng = random.Random(23)
    attended = (
        Attendance.objects.filter(
            session__cohort__programme_year=year,
            session__status=SessionStatus.DELIVERED,
            status__in=ATTENDED_STATUSES,
        )
        .select_related("session")
        .order_by("pk")
    )
    feedback = []
    for row in attended.iterator():
        if rng.random() < 0.6:
            day = row.session.starts_at.astimezone(LONDON).date()
            feedback.append(
                SessionFeedback(
                    session_id=row.session_id,
                    participant_id=row.participant_id,
                    satisfaction=rng.choice([3, 4, 4, 5, 5, 5]),
                    relevance=rng.choice([3, 4, 5, 5]),
                    facilitation=rng.choice([4, 4, 5, 5]),
                    what_worked=rng.choice(WHAT_WORKED),
                    what_to_improve=rng.choice(TO_IMPROVE),
                    submitted_on=day + timedelta(days=rng.choice([0, 1, 2, 4])),
                )
            )
    SessionFeedback.objects.bulk_create(feedback, batch_size=2000)

    members = (
        Attendance.objects.filter(session__cohort__programme_year=year)
        .values_list("participant_id", "participant__registered_on")
        .distinct()
    )
    surveys = [
        SurveyResponse(
            participant_id=participant_id,
            kind=SurveyKind.BASELINE,
            completed_on=registered + timedelta(days=rng.randint(1, 20)),
        )
        for participant_id, registered in sorted(set(members))
        if rng.random() < 0.85
    ]
    SurveyResponse.objects.bulk_create(surveys, batch_size=2000)

    # One observation per cohort, of its third delivered session, by a member of hub staff.
    observers = dict(
        User.objects.filter(role=Role.HUB_STAFF).order_by("pk").values_list("hub_id", "pk")
    )
    observations = []
    sessions = Session.objects.filter(
        cohort__programme_year=year, status=SessionStatus.DELIVERED, number=3
    ).select_related("cohort")
    for session in sessions:
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
                    completed_on=session.starts_at.astimezone(LONDON).date(),
                )
            )
    Observation.objects.bulk_create(observations)
