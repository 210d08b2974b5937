"""GDPR-3: once a participant's data is erased, every personal link they were ever sent (home,
feedback, surveys, calendar, alumni) answers 410 Gone and accepts nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from feedback.models import SessionFeedback, SurveyResponse
from feedback.rules import feedback_token, survey_token
from participants.links import home_token, participant_token
from privacy.services import participant_anonymise
from quality.services import alumni_token
from sessions.models import Attendance
from tests.cohorts.factories import cohort_with_members
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SESSION = datetime(2021, 10, 5, 9, 30, tzinfo=LONDON)


@pytest.fixture
def links(hub, programme_year):
    cohort, (membership,) = cohort_with_members(1, hub=hub, programme_year=programme_year)
    participant = membership.participant
    session = SessionFactory(cohort=cohort, starts_at=SESSION, status="delivered")
    Attendance.objects.create(session=session, participant=participant, status="present")
    with time_machine.travel(SESSION + timedelta(days=1)):
        urls = {
            "home": reverse("my:home", args=[home_token(participant)]),
            "feedback": reverse("my:feedback-form", args=[feedback_token(participant, session)]),
            "survey": reverse(
                "my:survey-form", args=["baseline", survey_token(participant, "baseline")]
            ),
            "calendar": reverse(
                "cohorts:participant-calendar", args=[participant_token(participant, "calendar")]
            ),
            "alumni": reverse("quality:alumni-page", args=[alumni_token(participant, cohort)]),
        }
    return participant, urls


def test_every_link_of_an_erased_participant_is_gone(client, links):
    participant, urls = links
    with time_machine.travel(SESSION + timedelta(days=2)):
        before = {name: client.get(url).status_code for name, url in urls.items()}
        assert before["home"] == before["feedback"] == before["calendar"] == 200
        participant_anonymise(participant=participant)
        after = {name: client.get(url).status_code for name, url in urls.items()}
        assert after == dict.fromkeys(urls, 410)
        answers = {"satisfaction": 5, "relevance": 5, "facilitation": 5, "what_worked": "x"}
        assert client.post(urls["feedback"], answers).status_code == 410
        assert client.post(urls["survey"], {"employees": 3}).status_code == 410
    assert not SessionFeedback.objects.exists()
    assert not SurveyResponse.objects.filter(completed_on__isnull=False).exists()
