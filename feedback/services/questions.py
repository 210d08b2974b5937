"""Survey questions per programme year (SUR-2..4): seeded from the Playbook's defaults, copied into
a new year, read in order.
"""

from django.db import transaction

from peernetworks.models import ProgrammeYear

from ..models import (
    SurveyQuestion,
)
from ..surveys import default_questions


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
