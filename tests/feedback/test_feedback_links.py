"""SPEC §1, SUR-1: personal links are signed, bound to one purpose and one participant (and
session or survey), and expire; a bad link gets a plain page and nobody's data."""

import base64
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import signing

from feedback.rules import feedback_link_open, feedback_token, survey_token
from feedback.services import session_feedback_links_send
from participants.links import LinkExpired, LinkInvalid, home_link_open, home_token
from tests.feedback.factories import LONDON, delivered_session

pytestmark = pytest.mark.django_db

SENT = datetime(2021, 9, 7, 18, 0, tzinfo=LONDON)


def emailed_path(message) -> str:
    """The feedback link's path in an email (the first link after the opening lines)."""
    url = re.search(r"(https?://\S+/my/feedback/\S+/)", message.body).group(1)
    return url.removeprefix(settings.SITE_URL)


def tamper(token: str) -> str:
    """Changes one character of the signed value, keeping it well formed."""
    position = len(token) // 3
    swapped = "A" if token[position] != "A" else "B"
    return token[:position] + swapped + token[position + 1 :]


@pytest.fixture
def sent(hub, mailoutbox):
    session, participants = delivered_session(hub=hub, members=2)
    with time_machine.travel(SENT, tick=False):
        session_feedback_links_send(session_id=session.pk)
    by_email = {m.to[0]: emailed_path(m) for m in mailoutbox}
    return session, participants, [by_email[p.email] for p in participants]


def test_it_opens_the_emailed_link_for_its_participant_and_session(client, sent):
    session, (ann, bob), (ann_link, _) = sent
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.get(ann_link)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"How was your session, {ann.first_name}?" in page
    assert session.cohort.name in page
    assert bob.last_name not in page


def test_it_keeps_the_link_open_on_day_14_and_expires_it_on_day_15(client, sent):
    _, (ann, _), (ann_link, _) = sent
    with time_machine.travel(SENT + timedelta(days=14), tick=False):
        assert client.get(ann_link).status_code == 200
    with time_machine.travel(SENT + timedelta(days=15), tick=False):
        response = client.get(ann_link)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page
    assert ann.first_name not in page and ann.last_name not in page


def test_it_follows_the_programme_years_link_lifetime(client, sent):
    _, (ann, _), (ann_link, _) = sent
    year = ann.programme_year
    year.feedback_link_days = 7
    year.save()
    with time_machine.travel(SENT + timedelta(days=7), tick=False):
        assert client.get(ann_link).status_code == 200
    with time_machine.travel(SENT + timedelta(days=8), tick=False):
        assert client.get(ann_link).status_code == 410


def test_it_refuses_a_tampered_link_with_a_plain_page(client, sent):
    _, (ann, bob), (ann_link, _) = sent
    token = ann_link.split("/")[-2]
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.get(f"/my/feedback/{tamper(token)}/")
        truncated = client.get(f"/my/feedback/{token[:-4]}/")
    assert response.status_code == 404
    assert truncated.status_code == 404
    page = response.content.decode()
    assert "This link does not work" in page
    for person in (ann, bob):
        assert person.first_name not in page and person.last_name not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_a_link_altered_to_name_someone_else(client, sent):
    """The payload swapped for another participant's id: the signature no longer matches."""
    session, (ann, bob), (ann_link, _) = sent
    token = ann_link.split("/")[-2]
    payload, rest = token.split(":", 1)
    forged_payload = (
        base64.urlsafe_b64encode(f"[{bob.pk},{session.pk}]".encode()).decode().rstrip("=")
    )
    with time_machine.travel(SENT + timedelta(hours=1), tick=False):
        response = client.get(f"/my/feedback/{forged_payload}:{rest}/")
    assert response.status_code == 404
    assert bob.last_name not in response.content.decode()


def test_it_refuses_a_genuine_link_for_a_session_the_participant_did_not_attend(client, hub):
    session, (ann, bob) = delivered_session(hub=hub, members=2, attended=1)
    other_session, (carl,) = delivered_session(hub=hub, members=1)
    with time_machine.travel(SENT, tick=False):
        for token in (feedback_token(bob, session), feedback_token(ann, other_session)):
            response = client.get(f"/my/feedback/{token}/")
            assert response.status_code == 404
            page = response.content.decode()
            assert "for the people who attended" in page
            assert carl.last_name not in page and other_session.cohort.name not in page


def test_it_refuses_a_link_made_for_another_page(client, sent):
    session, (ann, _), _ = sent
    with time_machine.travel(SENT, tick=False):
        assert client.get(f"/my/feedback/{home_token(ann)}/").status_code == 404
        assert client.get(f"/my/{feedback_token(ann, session)}/").status_code == 404
        baseline = survey_token(ann, "baseline")
        assert client.get(f"/my/survey/exit/{baseline}/").status_code == 404
        assert client.get(f"/my/survey/drop_out/{baseline}/").status_code == 404
        assert client.get(f"/my/survey/nonsense/{baseline}/").status_code == 404


def test_it_refuses_a_link_to_a_removed_session(client, hub):
    session, (ann,) = delivered_session(hub=hub, members=1)
    token = feedback_token(ann, session)
    session.delete()
    assert client.get(f"/my/feedback/{token}/").status_code == 404


def test_it_names_link_problems_precisely():
    with pytest.raises(LinkInvalid):
        feedback_link_open("not-a-token")
    # Signed with the right salt but the wrong shape: still just invalid.
    odd = signing.dumps(["x", "y"], salt="participant-link:feedback", compress=True)
    with pytest.raises(LinkInvalid):
        feedback_link_open(odd)


def test_it_expires_the_personal_page_link_too(hub):
    _, (ann,) = delivered_session(hub=hub, members=1)
    with time_machine.travel(SENT, tick=False):
        token = home_token(ann)
    with time_machine.travel(SENT + timedelta(days=14), tick=False):
        assert home_link_open(token) == ann
    with time_machine.travel(SENT + timedelta(days=15), tick=False), pytest.raises(LinkExpired):
        home_link_open(token)
