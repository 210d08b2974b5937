"""The evaluator export carries, for each consenting completer, the days the
evaluator's post-completion and six-month surveys fall due, and for each drop-out when they
left and their drop-out survey; computed from the cohort's programme year by the same function
as the staff evaluation page."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from feedback.models import SurveyResponse
from participants.models import Participant
from quality.selectors import evaluation_lists
from reporting.exports import EVALUATOR_COLUMNS, evaluator_rows
from tests.cohorts.factories import cohort_with_members
from tests.quality.factories import ended_cohort

pytestmark = pytest.mark.django_db

EXPORT = reverse("reporting:evaluator-export", args=["csv"])


def records(response) -> dict[str, dict]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EVALUATOR_COLUMNS
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


@pytest.fixture
def people(hub, other_hub, programme_year):
    programme_year.post_completion_survey_days = 10
    programme_year.six_month_survey_months = 4
    programme_year.save()
    _, (ann, ben, cat), _ = ended_cohort(hub=hub, members=3)  # completed 12 Sep 2021
    ben.dropped_out_on = date(2021, 9, 9)
    ben.save()
    SurveyResponse.objects.create(participant=ben, kind="drop_out", completed_on=date(2021, 9, 10))
    _, memberships = cohort_with_members(1, hub=hub)  # still running
    dan = memberships[0].participant
    _, (eve,), _ = ended_cohort(hub=other_hub, members=1)
    Participant.objects.update(evaluation_consent=True)
    Participant.objects.filter(pk=cat.pk).update(evaluation_consent=False)
    found = {"ann": ann, "ben": ben, "cat": cat, "dan": dan, "eve": eve}
    return {name: Participant.objects.get(pk=p.pk) for name, p in found.items()}


def ref(participant) -> str:
    return participant.ref or f"participant-{participant.pk}"


def test_each_completer_carries_the_survey_dates_of_the_programme_year(
    staff_client, people, hub_staff
):
    rows = records(staff_client.get(EXPORT))
    ann = rows[ref(people["ann"])]
    assert ann["completed_on"] == "2021-09-12"
    assert ann["post_completion_survey_due"] == "2021-09-22"  # 10 days, this year's setting
    assert ann["six_month_survey_due"] == "2022-01-12"  # 4 months
    assert ann["dropped_out_on"] == "" and ann["drop_out_survey_completed_on"] == ""
    running = rows[ref(people["dan"])]
    assert running["completed_on"] == running["post_completion_survey_due"] == ""


def test_each_drop_out_carries_when_they_left_and_their_drop_out_survey(staff_client, people):
    ben = records(staff_client.get(EXPORT))[ref(people["ben"])]
    assert ben["dropped_out_on"] == "2021-09-09"
    assert ben["drop_out_survey_completed_on"] == "2021-09-10"
    assert ben["completed_on"] == ben["six_month_survey_due"] == ""


def test_it_holds_only_the_hubs_consenting_participants(staff_client, people):
    rows = records(staff_client.get(EXPORT))
    assert set(rows) == {ref(people[name]) for name in ("ann", "ben", "dan")}


def test_the_export_and_the_evaluation_page_agree(people, hub_staff, programme_year):
    """One implementation: the dates in the export are the evaluation page's."""
    lists = evaluation_lists(hub_staff, year=programme_year)
    index = {c: i for i, c in enumerate(EVALUATOR_COLUMNS)}
    exported = {
        row[index["participant_ref"]]: row for row in evaluator_rows(hub_staff, programme_year)
    }
    completers = [line for line in lists.completed if ref(line.participant) in exported]
    assert len(completers) == 1  # Ann (Cat did not consent; Eve is another hub's)
    for line in completers:
        row = exported[ref(line.participant)]
        assert row[index["completed_on"]] == line.dates.completed_on
        assert row[index["post_completion_survey_due"]] == line.dates.post_completion_survey_due
        assert row[index["six_month_survey_due"]] == line.dates.six_month_survey_due
    for line in lists.dropped_out:
        assert exported[ref(line.participant)][index["dropped_out_on"]] == (
            line.dates.dropped_out_on
        )
    assert [ref(line.participant) for line in lists.dropped_out] == [ref(people["ben"])]


def test_the_page_shows_the_same_dates(staff_client, people):
    text = staff_client.get(reverse("quality:evaluation")).content.decode()
    assert "22 Sep 2021" in text and "12 Jan 2022" in text


def test_it_reads_the_dates_in_a_constant_number_of_queries(
    people, hub, hub_staff, programme_year, django_assert_num_queries
):
    # Five reads of the rows and dates, and two of the refs in use (participants and cohorts
    # made in the application have none stored, so their generated refs are checked once).
    with django_assert_num_queries(7):
        few = evaluator_rows(hub_staff, programme_year)
    for _ in range(3):
        ended_cohort(hub=hub, members=3)
    Participant.objects.update(evaluation_consent=True)
    with django_assert_num_queries(7):
        assert len(evaluator_rows(hub_staff, programme_year)) == len(few) + 10
