"""SUR-1: the short feedback form: one response per participant and session, a second
submission shows the thank-you page, every input labelled."""

import re
from datetime import date, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from feedback.models import SessionFeedback
from feedback.rules import feedback_token
from feedback.services import session_feedback_submit
from tests.feedback.factories import LONDON, SessionFeedbackFactory, delivered_session

pytestmark = pytest.mark.django_db

NOW = datetime(2021, 9, 8, 12, 0, tzinfo=LONDON)
ANSWERS = {
    "satisfaction": "5",
    "relevance": "4",
    "facilitation": "3",
    "what_worked": "Hearing how others price their work.",
    "what_to_improve": "Start on time.",
}


@pytest.fixture
def link(hub):
    session, participants = delivered_session(hub=hub, members=2)
    with time_machine.travel(NOW, tick=False):
        token = feedback_token(participants[0], session)
    return session, participants[0], f"/my/feedback/{token}/"


@time_machine.travel(NOW, tick=False)
def test_it_records_the_feedback_and_then_thanks_the_participant(client, link):
    session, ann, url = link
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == url
    feedback = SessionFeedback.objects.get()
    assert (feedback.session, feedback.participant) == (session, ann)
    assert (feedback.satisfaction, feedback.relevance, feedback.facilitation) == (5, 4, 3)
    assert feedback.what_worked == "Hearing how others price their work."
    assert feedback.submitted_on == date(2021, 9, 8)
    thanks = client.get(url)
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_thank_you_page_for_a_second_submission(client, link):
    session, ann, url = link
    client.post(url, ANSWERS)
    again = client.post(url, {**ANSWERS, "satisfaction": "1"}, follow=True)
    assert again.status_code == 200
    assert "Thank you for your feedback" in again.content.decode()
    assert SessionFeedback.objects.count() == 1
    assert SessionFeedback.objects.get().satisfaction == 5


@time_machine.travel(NOW, tick=False)
def test_it_keeps_the_first_response_when_the_service_is_called_twice(link):
    session, ann, _ = link
    first, created = session_feedback_submit(
        participant=ann, session=session, satisfaction=4, relevance=4, facilitation=4
    )
    second, created_again = session_feedback_submit(
        participant=ann, session=session, satisfaction=1, relevance=1, facilitation=1
    )
    assert created and not created_again
    assert second.pk == first.pk and second.satisfaction == 4


def test_it_has_a_database_constraint_of_one_response_per_participant_and_session(hub):
    session, (ann, _) = delivered_session(hub=hub, members=2)
    SessionFeedbackFactory(session=session, participant=ann)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFeedbackFactory(session=session, participant=ann)


@pytest.mark.parametrize("field", ["satisfaction", "relevance", "facilitation"])
@pytest.mark.parametrize("value", [0, 6])
def test_it_has_a_database_constraint_on_ratings_1_to_5(hub, field, value):
    session, (ann,) = delivered_session(hub=hub, members=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFeedbackFactory(session=session, participant=ann, **{field: value})


@time_machine.travel(NOW, tick=False)
def test_it_asks_again_for_missing_or_out_of_range_ratings(client, link):
    _, _, url = link
    response = client.post(url, {**ANSWERS, "satisfaction": "", "relevance": "9"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Choose a number from 1 to 5." in page
    assert SessionFeedback.objects.count() == 0
    assert re.search(r'value="3"[^>]*id="id_facilitation_2"[^>]*checked', page)  # kept


@time_machine.travel(NOW, tick=False)
def test_it_labels_every_input_and_fits_a_phone(client, link):
    _, _, url = link
    page = client.get(url).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    ids = re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', page)
    assert len(ids) == 3 * 5 + 2
    for input_id in ids:
        assert f'for="{input_id}"' in page, input_id
    assert page.count("<legend") == 3


@time_machine.travel(NOW, tick=False)
def test_it_refuses_feedback_on_a_session_not_yet_delivered(client, hub):
    session, (ann,) = delivered_session(hub=hub, members=1)
    session.status = "planned"
    session.save()
    response = client.get(f"/my/feedback/{feedback_token(ann, session)}/")
    assert response.status_code == 404
    assert SessionFeedback.objects.count() == 0
