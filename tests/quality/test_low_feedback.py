"""QM-3: a low session-feedback score opens a quality item for review, exactly once. "Low" and
the days to resolve are the participant's programme year's."""

from datetime import date
from threading import Barrier, Thread

import pytest
from django.db import connection

from feedback.services import session_feedback_submit
from peernetworks.models import ProgrammeYear
from quality.models import QualityItem, QualityItemSource
from quality.rules import is_low_feedback
from quality.services import quality_item_open_for_low_feedback
from tests.peernetworks.factories import ProgrammeYearFactory
from tests.quality.factories import delivered_with_attendance, low_feedback

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("satisfaction", "low"), [(1, True), (2, True), (3, False), (4, False), (5, False)]
)
def test_it_calls_satisfaction_of_two_or_less_low_by_default(satisfaction, low):
    default = ProgrammeYear().low_satisfaction_threshold
    assert default == 2
    assert is_low_feedback(satisfaction, threshold=default) is low


def test_it_takes_the_threshold_as_a_value():
    assert is_low_feedback(3, threshold=3)
    assert not is_low_feedback(2, threshold=1)


def test_it_opens_one_item_for_a_low_score(hub, programme_year):
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya, satisfaction=2, submitted_on=date(2021, 9, 8))

    item = quality_item_open_for_low_feedback(feedback=feedback)

    assert QualityItem.objects.get() == item
    assert item.hub == hub
    assert item.source == QualityItemSource.LOW_FEEDBACK_SCORE
    assert item.kind == "feedback" and item.channel == "feedback_form"
    assert item.raised_by_participant == priya and item.raised_by_name == priya.full_name
    assert item.about_session == session and item.about_cohort == session.cohort
    assert item.about_person == session.cohort.lead_facilitator
    assert item.raised_on == date(2021, 9, 8)
    assert item.due_on == date(2021, 9, 22)  # 14 days to resolve
    assert "Satisfaction 2 of 5" in item.summary
    assert "Less lecturing, more listening." in item.summary
    assert item.is_open


@pytest.mark.parametrize(("threshold", "opens"), [(2, False), (3, True)])
def test_it_reads_the_threshold_from_the_participants_programme_year(hub, threshold, opens):
    ProgrammeYearFactory(low_satisfaction_threshold=threshold)
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya, satisfaction=3)

    item = quality_item_open_for_low_feedback(feedback=feedback)

    assert (item is not None) is opens
    assert QualityItem.objects.exists() is opens


def test_it_follows_the_participants_year_not_the_current_one(hub):
    """Two years with different thresholds: a 2021/22 participant's score of 3 is low by their
    year's threshold of 3, even though the current year's is 2."""
    ProgrammeYearFactory(low_satisfaction_threshold=3, quality_item_days_to_resolve=7)
    session, (priya, _) = delivered_with_attendance(hub)
    ProgrammeYearFactory(name="2022/23", start=date(2022, 4, 1), end=date(2023, 3, 31))
    item = quality_item_open_for_low_feedback(
        feedback=low_feedback(session, priya, satisfaction=3, submitted_on=date(2021, 9, 8))
    )
    assert item is not None
    assert item.due_on == date(2021, 9, 15)  # the year's 7 days to resolve


def test_it_opens_exactly_one_item_however_often_it_is_called(hub, programme_year):
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya, satisfaction=1)

    first = quality_item_open_for_low_feedback(feedback=feedback)
    second = quality_item_open_for_low_feedback(feedback=feedback)

    assert first == second
    assert QualityItem.objects.count() == 1


def test_it_opens_one_item_per_low_feedback(hub, programme_year):
    session, (priya, tom) = delivered_with_attendance(hub)
    for person in (priya, tom):
        quality_item_open_for_low_feedback(feedback=low_feedback(session, person))
    assert QualityItem.objects.count() == 2


def test_it_leaves_good_scores_alone(hub, programme_year):
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya, satisfaction=3)

    assert quality_item_open_for_low_feedback(feedback=feedback) is None
    assert not QualityItem.objects.exists()


def test_it_files_the_item_with_the_participants_hub(hub, other_hub, programme_year):
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya)
    item = quality_item_open_for_low_feedback(feedback=feedback)
    assert QualityItem.objects.filter(hub=hub).get() == item
    assert not QualityItem.objects.filter(hub=other_hub).exists()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_it_opens_one_item_when_two_calls_race(hub, programme_year):
    session, (priya, _) = delivered_with_attendance(hub)
    feedback = low_feedback(session, priya)
    barrier, results = Barrier(2), []

    def call():
        try:
            barrier.wait()
            results.append(quality_item_open_for_low_feedback(feedback=feedback))
        finally:
            connection.close()

    threads = [Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert QualityItem.objects.count() == 1
    assert {r.pk for r in results} == {QualityItem.objects.get().pk}


def test_it_opens_an_item_when_a_participant_submits_a_low_score(hub, programme_year):
    session, (priya, tom) = delivered_with_attendance(hub)
    ratings = {"relevance": 3, "facilitation": 3}

    session_feedback_submit(participant=priya, session=session, satisfaction=2, **ratings)
    session_feedback_submit(participant=priya, session=session, satisfaction=2, **ratings)
    session_feedback_submit(participant=tom, session=session, satisfaction=4, **ratings)

    item = QualityItem.objects.get()
    assert item.raised_by_participant == priya
    assert item.feedback.session == session
