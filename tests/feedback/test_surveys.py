"""SUR-2..4: baseline, exit and drop-out surveys through personal links; questions are data per
programme year; answers keep the question as asked; change per topic is reportable."""

import re
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils.html import escape

from feedback.models import SurveyAnswer, SurveyKind, SurveyQuestion, SurveyResponse
from feedback.rules import survey_token
from feedback.selectors import survey_topic_changes
from feedback.services import (
    survey_invite,
    survey_questions_for,
    survey_questions_seed_defaults,
    survey_submit,
)
from feedback.surveys import BASELINE_TOPICS, TopicChange, survey_open, topic_changes
from tests.feedback.factories import LONDON, completed_cohort, delivered_session

pytestmark = pytest.mark.django_db

NOW = datetime(2021, 10, 1, 10, 0, tzinfo=LONDON)
PLAYBOOK_TOPICS = [
    "Adapting to economic shocks",
    "Resilience",
    "Leadership and management",
    "Recruitment and retention",
    "Technology adoption",
    "Networks",
    "Growth ambition",
    "Business planning",
    "Use of data",
    "Change management",
    "Innovation",
    "Business confidence",
]


def url(participant, kind: str) -> str:
    return f"/my/survey/{kind}/{survey_token(participant, kind)}/"


def scores(questions, value: int) -> dict[int, int]:
    return {q.pk: value for q in questions if q.answer_type == "score"}


def member(hub):
    _, (ann,) = delivered_session(hub=hub, members=1)
    return ann


# Questions -----------------------------------------------------------------------------------


def test_it_seeds_the_playbooks_baseline_topics_once_per_year(programme_year):
    assert survey_questions_seed_defaults(programme_year) == 12 + 13 + 4
    assert survey_questions_seed_defaults(programme_year) == 0
    baseline = survey_questions_for(programme_year, SurveyKind.BASELINE)
    exit_ = survey_questions_for(programme_year, SurveyKind.EXIT)
    assert [q.topic for q in baseline] == PLAYBOOK_TOPICS == [t for t, _ in BASELINE_TOPICS]
    assert [q.topic for q in exit_ if q.answer_type == "score"] == PLAYBOOK_TOPICS
    assert len(survey_questions_for(programme_year, SurveyKind.DROP_OUT)) == 4


def test_it_seeds_a_new_year_lazily_and_leaves_an_edited_year_alone(programme_year):
    assert not SurveyQuestion.objects.exists()
    assert len(survey_questions_for(programme_year, SurveyKind.BASELINE)) == 12
    SurveyQuestion.objects.filter(kind=SurveyKind.DROP_OUT).update(is_active=False)
    assert survey_questions_for(programme_year, SurveyKind.DROP_OUT) == []
    assert SurveyQuestion.objects.count() == 29


def test_it_seeds_from_the_command(programme_year):
    out = StringIO()
    call_command("seed_survey_questions", "--year", "2021/22", stdout=out)
    assert "29 question(s) added to 2021/22" in out.getvalue()
    call_command("seed_survey_questions", stdout=out)
    assert "already has survey questions" in out.getvalue()


# Baseline (SUR-2) -----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_it_takes_the_baseline_survey_with_the_business_figures(client, hub):
    ann = member(hub)
    page = client.get(url(ann, "baseline"))
    assert page.status_code == 200
    html = page.content.decode()
    for topic, text in BASELINE_TOPICS:
        assert escape(text) in html, topic
    assert 'name="employees" value="11"' in html  # 9 full-time + 2 part-time, from registration
    assert 'name="turnover_gbp" value="850000"' in html
    assert SurveyResponse.objects.get().completed_on is None  # started

    questions = survey_questions_for(ann.programme_year, "baseline")
    data = {f"q_{q.pk}": "2" for q in questions} | {"employees": "12", "turnover_gbp": "900000"}
    response = client.post(url(ann, "baseline"), data)
    assert response.status_code == 302
    survey = SurveyResponse.objects.get()
    assert (survey.kind, survey.completed_on) == ("baseline", date(2021, 10, 1))
    assert (survey.employees, survey.turnover_gbp) == (12, 900_000)
    assert survey.answers.count() == 12
    assert set(survey.answers.values_list("score", flat=True)) == {2}

    again = client.post(url(ann, "baseline"), data | {"employees": "1"}, follow=True)
    assert "Your baseline survey is complete" in again.content.decode()
    survey.refresh_from_db()
    assert survey.employees == 12 and survey.answers.count() == 12


@time_machine.travel(NOW, tick=False)
def test_it_labels_every_survey_input(client, hub):
    html = client.get(url(member(hub), "baseline")).content.decode()
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', html)
    assert len(ids) == 12 * 5 + 2
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


@time_machine.travel(NOW, tick=False)
def test_it_requires_every_score_and_the_figures(client, hub):
    ann = member(hub)
    questions = survey_questions_for(ann.programme_year, "baseline")
    data = {f"q_{q.pk}": "3" for q in questions[1:]}
    response = client.post(url(ann, "baseline"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Choose a number from 1 to 5." in html
    assert not SurveyResponse.objects.filter(completed_on__isnull=False).exists()
    with pytest.raises(ValidationError) as error:
        survey_submit(participant=ann, kind="baseline", answers=scores(questions, 3))
    assert set(error.value.message_dict) == {"employees", "turnover_gbp"}
    with pytest.raises(ValidationError):
        survey_submit(
            participant=ann,
            kind="baseline",
            answers=scores(questions, 3) | {questions[0].pk: 7},
            employees=1,
            turnover_gbp=1,
        )


def test_it_allows_one_response_of_each_kind(hub):
    ann = member(hub)
    SurveyResponse.objects.create(participant=ann, kind="baseline")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(participant=ann, kind="baseline")


# Editing questions ----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_it_keeps_answers_as_asked_when_questions_are_edited(hub):
    ann = member(hub)
    questions = survey_questions_for(ann.programme_year, "baseline")
    survey_submit(
        participant=ann,
        kind="baseline",
        answers=scores(questions, 4),
        employees=11,
        turnover_gbp=850_000,
    )
    first = questions[0]
    first.text = "A completely different question?"
    first.topic = "Renamed topic"
    first.save()
    SurveyQuestion.objects.filter(pk=questions[1].pk).update(is_active=False)

    answer = SurveyAnswer.objects.get(question=first)
    assert answer.topic == "Adapting to economic shocks"
    assert answer.question_text == BASELINE_TOPICS[0][1]
    assert answer.score == 4
    assert SurveyAnswer.objects.count() == 12


# Exit (SUR-3) and change per topic ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_it_opens_the_exit_survey_only_once_the_cohort_has_completed(client, hub):
    _, (ann,) = delivered_session(hub=hub, members=1)
    refused = client.get(url(ann, "exit"))
    assert refused.status_code == 404
    assert "opens when your cohort has finished" in refused.content.decode()
    _, (bob, _) = completed_cohort(hub=hub)
    assert client.get(url(bob, "exit")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_it_reports_the_change_per_topic_from_baseline_to_exit(hub, hub_staff, other_hub_staff):
    cohort, (ann, bob) = completed_cohort(hub=hub)
    other_cohort, (carl, _) = completed_cohort(hub=hub)
    year = ann.programme_year
    baseline = survey_questions_for(year, "baseline")
    exit_ = survey_questions_for(year, "exit")
    figures = {"employees": 10, "turnover_gbp": 500_000}
    survey_submit(participant=ann, kind="baseline", answers=scores(baseline, 2), **figures)
    survey_submit(participant=ann, kind="exit", answers=scores(exit_, 4), **figures)
    survey_submit(participant=bob, kind="baseline", answers=scores(baseline, 3), **figures)
    survey_submit(participant=bob, kind="exit", answers=scores(exit_, 4), **figures)
    survey_submit(participant=carl, kind="baseline", answers=scores(baseline, 1), **figures)

    changes = survey_topic_changes(hub_staff, cohort_ids=[cohort.pk])
    assert [c.topic for c in changes] == PLAYBOOK_TOPICS
    assert changes[0] == TopicChange(
        topic="Adapting to economic shocks",
        participants=2,
        baseline_mean=Decimal("2.50"),
        exit_mean=Decimal("4.00"),
        mean_change=Decimal("1.50"),
    )
    # Carl has no exit survey: he is in no pair, in his cohort or the hub's.
    assert survey_topic_changes(hub_staff, cohort_ids=[other_cohort.pk]) == []
    assert survey_topic_changes(hub_staff)[0].participants == 2
    assert survey_topic_changes(other_hub_staff) == []


def test_it_computes_topic_changes_as_plain_values():
    rows = [
        (1, "Networks", 2, 5),
        (2, "Networks", 3.5, 3),
        (3, "Networks", 1, None),
        (1, "Innovation", None, 4),
    ]
    assert topic_changes(rows) == [
        TopicChange("Networks", 2, Decimal("2.75"), Decimal("4.00"), Decimal("1.25"))
    ]


# Drop-out (SUR-4) -----------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_it_gives_the_drop_out_survey_only_to_participants_who_dropped_out(client, hub):
    ann, bob = delivered_session(hub=hub, members=2)[1]
    refused = client.get(url(ann, "drop_out"))
    assert refused.status_code == 404
    assert "only for participants who have left" in refused.content.decode()
    with pytest.raises(ValidationError):
        survey_invite(participant=ann, kind="drop_out")

    bob.dropped_out_on = date(2021, 9, 30)
    bob.save()
    page = client.get(url(bob, "drop_out"))
    assert page.status_code == 200
    assert "Why did you leave the programme?" in page.content.decode()
    assert "employees" not in page.content.decode()
    # Someone who left gets the drop-out survey instead of the baseline and exit.
    assert client.get(url(bob, "baseline")).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_it_stores_a_drop_out_survey_without_figures(client, hub):
    (ann,) = delivered_session(hub=hub, members=1)[1]
    ann.dropped_out_on = date(2021, 9, 30)
    ann.save()
    questions = survey_questions_for(ann.programme_year, "drop_out")
    data = {f"q_{q.pk}": "3" if q.answer_type == "score" else "" for q in questions}
    data[f"q_{questions[0].pk}"] = "Moved abroad."
    assert client.post(url(ann, "drop_out"), data).status_code == 302
    survey = SurveyResponse.objects.get(kind="drop_out")
    assert survey.completed_on == date(2021, 10, 1)
    assert survey.employees is None
    assert sorted(survey.answers.values_list("topic", flat=True)) == [
        "Programme fit",
        "Reason for leaving",
    ]


def test_it_decides_who_answers_which_survey():
    assert survey_open("baseline", dropped_out=False, exit_due=False)
    assert not survey_open("baseline", dropped_out=True, exit_due=False)
    assert not survey_open("exit", dropped_out=False, exit_due=False)
    assert survey_open("exit", dropped_out=False, exit_due=True)
    assert not survey_open("exit", dropped_out=True, exit_due=True)
    assert survey_open("drop_out", dropped_out=True, exit_due=False)
    assert not survey_open("drop_out", dropped_out=False, exit_due=True)
    assert not survey_open("other", dropped_out=False, exit_due=False)


# Invitations --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_it_emails_a_survey_link_once(hub, mailoutbox, django_capture_on_commit_callbacks):
    ann = member(hub)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(participant=ann, kind="baseline")
        survey_invite(participant=ann, kind="baseline")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Your Peer Networks baseline survey"
    assert "/my/survey/baseline/" in message.body
    assert SurveyResponse.objects.get().invited_at == NOW
