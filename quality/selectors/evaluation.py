"""Reads for the independent evaluation (Impact Assessment & Evaluation): who completed, when
each evaluator survey falls due, and who dropped out."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from cohorts.models import Cohort, CohortMembership
from feedback.models import SurveyKind, SurveyResponse
from participants.models import Participant
from peernetworks.access import scope_to_hub
from peernetworks.units import LONDON
from sessions.models import Session, SessionStatus

from ..rules import completion_day, evaluation_survey_days


@dataclass(frozen=True)
class EvaluationDates:
    """One participant's place in the independent evaluation: completed (with the days the
    post-completion and six-month surveys fall due), dropped out (the drop-out survey instead),
    or still taking part (all None)."""

    completed_on: date | None = None
    post_completion_survey_due: date | None = None
    six_month_survey_due: date | None = None
    dropped_out_on: date | None = None

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    @property
    def dropped_out(self) -> bool:
        return self.dropped_out_on is not None


@dataclass(frozen=True)
class Completion:
    """A completed cohort: the day it completed and its programme year's evaluation numbers."""

    completed_on: date
    post_completion_days: int
    follow_up_months: int


def _completions(cohort_ids) -> dict[int, Completion]:
    """Each completed cohort's completion day, from its delivered sessions, with its programme
    year's survey numbers (two queries)."""
    years = {
        pk: (hours, post_days, months)
        for pk, hours, post_days, months in Cohort.objects.filter(
            pk__in=cohort_ids, cancelled_at__isnull=True
        ).values_list(
            "pk",
            "programme_year__group_hours_required",
            "programme_year__post_completion_survey_days",
            "programme_year__six_month_survey_months",
        )
    }
    sessions = defaultdict(list)
    rows = Session.objects.filter(
        cohort__in=list(years), status=SessionStatus.DELIVERED
    ).values_list("cohort_id", "starts_at", "duration_hours")
    for cohort_id, starts_at, hours in rows:
        sessions[cohort_id].append((starts_at.astimezone(LONDON).date(), hours))
    found = {}
    for cohort_id, (hours_required, post_days, months) in years.items():
        day = completion_day(sessions[cohort_id], required_hours=hours_required)
        if day is not None:
            found[cohort_id] = Completion(day, post_days, months)
    return found


def completion_days(cohort_ids) -> dict[int, date]:
    return {pk: c.completed_on for pk, c in _completions(cohort_ids).items()}


def evaluation_dates_from(rows: Iterable[tuple[int, date | None, int | None]]) -> dict:
    """Impact Assessment & Evaluation, the one implementation behind the evaluation page and
    the evaluator export: {participant pk: EvaluationDates} from (participant pk, dropped out
    on, current cohort pk or None) rows.

    A participant completes when the cohort they are a current member of completes (COH-6:
    its delivered session lengths reach the required hours), on the day that happens; the
    evaluator's surveys fall due after the cohort's programme year's
    `post_completion_survey_days` and `six_month_survey_months`. A participant who dropped out
    gets the drop-out survey instead and no completion dates. Two queries."""
    rows = list(rows)
    completions = _completions({cohort for _, _, cohort in rows if cohort is not None})
    dates = {}
    for pk, dropped_out_on, cohort_id in rows:
        completion = completions.get(cohort_id)
        if dropped_out_on is not None:
            dates[pk] = EvaluationDates(dropped_out_on=dropped_out_on)
        elif completion is not None:
            post, follow_up = evaluation_survey_days(
                completion.completed_on,
                post_completion_days=completion.post_completion_days,
                follow_up_months=completion.follow_up_months,
            )
            dates[pk] = EvaluationDates(
                completed_on=completion.completed_on,
                post_completion_survey_due=post,
                six_month_survey_due=follow_up,
            )
        else:
            dates[pk] = EvaluationDates()
    return dates


def evaluation_due_dates(queryset: QuerySet[Participant]) -> dict[int, EvaluationDates]:
    """evaluation_dates_from for every participant of `queryset` (already access-scoped by the
    caller). Four queries, however many participants."""
    queryset = queryset.prefetch_related(None)
    people = dict(queryset.values_list("pk", "dropped_out_on"))
    current = dict(
        CohortMembership.objects.filter(
            participant__in=queryset.values("pk"), left_at__isnull=True
        ).values_list("participant_id", "cohort_id")
    )
    return evaluation_dates_from(
        (pk, dropped_out_on, current.get(pk)) for pk, dropped_out_on in people.items()
    )


@dataclass
class EvaluationLine:
    participant: Participant
    dates: EvaluationDates
    drop_out_survey: SurveyResponse | None = None


@dataclass
class EvaluationLists:
    completed: list[EvaluationLine]
    dropped_out: list[EvaluationLine]


def evaluation_lists(user, *, year=None) -> EvaluationLists:
    """Staff's lists: who completed (and when each evaluator survey is due) and who dropped
    out (with their drop-out survey). A fixed number of queries."""
    participants = scope_to_hub(Participant.objects.select_related("business"), user)
    if year is not None:
        participants = participants.filter(programme_year=year)
    dates = evaluation_due_dates(participants)
    wanted = [pk for pk, d in dates.items() if d.completed or d.dropped_out]
    people = {p.pk: p for p in participants.filter(pk__in=wanted)}
    surveys = {
        s.participant_id: s
        for s in SurveyResponse.objects.filter(participant__in=wanted, kind=SurveyKind.DROP_OUT)
    }
    completed = sorted(
        (EvaluationLine(people[pk], dates[pk]) for pk in wanted if dates[pk].completed),
        key=lambda line: (line.dates.completed_on, line.participant.last_name),
    )
    dropped = sorted(
        (
            EvaluationLine(people[pk], dates[pk], surveys.get(pk))
            for pk in wanted
            if dates[pk].dropped_out
        ),
        key=lambda line: (line.dates.dropped_out_on, line.participant.last_name),
    )
    return EvaluationLists(completed=completed, dropped_out=dropped)
