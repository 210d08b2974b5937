"""Impact Assessment & Evaluation: the days the independent evaluator's post-completion and
six-month surveys fall due for each participant who completes, and the drop-out list."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Cohort
from cohorts.services import cohort_remove
from feedback.models import SurveyResponse
from participants.models import Participant
from quality.rules import completion_day, evaluation_survey_days
from quality.selectors import EvaluationDates, evaluation_due_dates, evaluation_lists
from tests.cohorts.factories import cohort_with_members
from tests.peernetworks.factories import FacilitatorFactory, ProgrammeYearFactory
from tests.quality.factories import ended_cohort
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

H = Decimal


def test_it_finds_the_day_the_required_hours_are_reached():
    sessions = [(date(2021, 9, 21), H(3)), (date(2021, 9, 7), H(9)), (date(2021, 9, 14), H(6))]
    assert completion_day(sessions, required_hours=H(18)) == date(2021, 9, 21)
    assert completion_day(sessions, required_hours=H(15)) == date(2021, 9, 14)
    assert completion_day(sessions[:2], required_hours=H(18)) is None
    assert completion_day([], required_hours=H(18)) is None


@pytest.mark.parametrize(
    ("completed", "post", "six_months"),
    [
        (date(2021, 9, 12), date(2021, 9, 26), date(2022, 3, 12)),
        (date(2021, 8, 31), date(2021, 9, 14), date(2022, 2, 28)),  # the month's last day
        (date(2021, 12, 25), date(2022, 1, 8), date(2022, 6, 25)),
    ],
)
def test_it_dates_the_evaluator_surveys(completed, post, six_months):
    days = evaluation_survey_days(completed, post_completion_days=14, follow_up_months=6)
    assert days == (post, six_months)


def test_it_takes_the_survey_numbers_as_values():
    assert evaluation_survey_days(
        date(2021, 8, 31), post_completion_days=0, follow_up_months=12
    ) == (date(2021, 8, 31), date(2022, 8, 31))


def test_it_dates_the_surveys_by_the_cohorts_programme_year(hub):
    """The survey numbers are the cohort's programme year's, read per cohort."""
    ProgrammeYearFactory(post_completion_survey_days=7, six_month_survey_months=3)
    cohort, (ann,), _ = ended_cohort(hub=hub, members=1)
    other, (ben,), _ = ended_cohort(hub=hub, members=1)
    later = ProgrammeYearFactory(name="2022/23", start=date(2022, 4, 1), end=date(2023, 3, 31))
    Cohort.objects.filter(pk=other.pk).update(programme_year_id=later.pk)
    Participant.objects.filter(pk=ben.pk).update(programme_year_id=later.pk)

    dates = evaluation_due_dates(Participant.objects.all())

    assert dates[ann.pk].post_completion_survey_due == date(2021, 9, 19)
    assert dates[ann.pk].six_month_survey_due == date(2021, 12, 12)
    assert dates[ben.pk].post_completion_survey_due == date(2021, 9, 26)  # 2022/23: defaults
    assert dates[ben.pk].six_month_survey_due == date(2022, 3, 12)


def test_it_dates_the_surveys_of_those_who_complete(hub, programme_year):
    cohort, (ann, ben, cat), _ = ended_cohort(hub=hub, members=3)
    ben.dropped_out_on, ben.drop_out_reason = date(2021, 9, 9), "Moved abroad"
    ben.save()
    running, members = cohort_with_members(1, hub=hub)
    SessionFactory(cohort=running, status="delivered", duration_hours=H(3))
    waiting = members[0].participant

    dates = evaluation_due_dates(Participant.objects.all())

    assert dates[ann.pk] == EvaluationDates(
        completed_on=date(2021, 9, 12),
        post_completion_survey_due=date(2021, 9, 26),
        six_month_survey_due=date(2022, 3, 12),
    )
    assert dates[cat.pk] == dates[ann.pk]
    assert dates[ben.pk] == EvaluationDates(dropped_out_on=date(2021, 9, 9))
    assert dates[ben.pk].dropped_out and not dates[ben.pk].completed
    assert dates[waiting.pk] == EvaluationDates()


def test_it_counts_only_the_cohort_a_participant_is_still_in(hub, programme_year):
    cohort, (ann, _), _ = ended_cohort(hub=hub, members=2)
    ann.memberships.update(left_at="2021-09-10T10:00:00Z")  # moved out before it completed
    assert evaluation_due_dates(Participant.objects.filter(pk=ann.pk))[ann.pk] == EvaluationDates()


def test_it_ignores_a_cancelled_cohort(hub, programme_year):
    cohort, (ann,), _ = ended_cohort(hub=hub, members=1)
    cohort.cancelled_at = "2021-09-13T10:00:00Z"
    cohort.save()
    assert not evaluation_due_dates(Participant.objects.all())[ann.pk].completed


def test_it_reads_any_number_of_participants_in_four_queries(
    hub, programme_year, django_assert_num_queries
):
    ended_cohort(hub=hub, members=1)
    with django_assert_num_queries(4):
        evaluation_due_dates(Participant.objects.all())
    for _ in range(3):
        ended_cohort(hub=hub, members=4)
    with django_assert_num_queries(4):
        assert len(evaluation_due_dates(Participant.objects.prefetch_related("memberships"))) == 13


def test_it_lists_completers_and_drop_outs_for_staff(staff_client, hub, other_hub, programme_year):
    cohort, (ann, ben), _ = ended_cohort(hub=hub, members=2)
    ben.dropped_out_on = date(2021, 9, 9)
    ben.save()
    SurveyResponse.objects.create(participant=ben, kind="drop_out", completed_on=date(2021, 9, 10))
    ended_cohort(hub=other_hub, members=2)

    response = staff_client.get(reverse("quality:evaluation"))
    lists = response.context["lists"]
    assert [line.participant for line in lists.completed] == [ann]
    assert [line.participant for line in lists.dropped_out] == [ben]
    assert lists.dropped_out[0].drop_out_survey.completed_on == date(2021, 9, 10)
    assert "26 Sep 2021" in response.content.decode()


def test_it_reads_the_lists_in_a_constant_number_of_queries(hub, hub_staff, programme_year):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluation_lists(hub_staff, year=programme_year)
        return len(captured)

    ended_cohort(hub=hub, members=1)
    few = count()
    for _ in range(3):
        _, people, _ = ended_cohort(hub=hub, members=3)
        people[0].dropped_out_on = date(2021, 9, 9)
        people[0].save()
    assert count() == few


def test_it_keeps_the_lists_from_facilitators_and_other_hubs(client, hub, programme_year):
    client.force_login(FacilitatorFactory(hub=hub))
    assert client.get(reverse("quality:evaluation")).status_code == 403


def test_it_treats_a_removed_member_as_not_completing(hub, programme_year):
    cohort, memberships = cohort_with_members(2, hub=hub)
    cohort_remove(membership=memberships[0])
    for n in range(6):
        SessionFactory(cohort=cohort, number=n + 1, status="delivered", duration_hours=H(3))
    dates = evaluation_due_dates(Participant.objects.all())
    assert not dates[memberships[0].participant_id].completed
    assert dates[memberships[1].participant_id].completed
