"""Error reporting sends no personal data: an error on a participant's personal page reaches
Sentry (through a transport that keeps events here) without the token, the cookies, the
answers posted, the email or any local variable."""

import json

import pytest
import sentry_sdk
from django.urls import reverse

from participants.links import home_token
from peernetworks.observability import scrub_event, sentry_start
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


class KeepEvents(sentry_sdk.transport.Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry():
    transport = KeepEvents()
    assert sentry_start(dsn="https://public@127.0.0.1:9/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # off again for the other tests


def test_no_dsn_no_reporting():
    assert sentry_start(dsn="", environment="test") is False


def test_an_error_reaches_sentry_without_personal_data(client, sentry, monkeypatch):
    participant = ParticipantFactory(email="ann.secret@example.org", first_name="Annabel")
    token = home_token(participant)

    def broken(*args, **kwargs):
        secret = participant.email  # a local variable that must not travel
        raise RuntimeError(f"broken for participant {participant.pk}: {len(secret)}")

    monkeypatch.setattr("peernetworks.views.home_link_open", broken)
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a-session-cookie"
    response = client.post(
        reverse("my:home", args=[token]) + "?q=ann.secret", {"answer": "Annabel's secret"}
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    (event,) = sentry.events
    text = json.dumps(event)
    assert "RuntimeError" in text
    for personal in (token, "ann.secret", "Annabel", "a-session-cookie", "sessionid"):
        assert personal not in text
    assert set(event["request"]) <= {"method", "url"}
    assert not sentry_sdk.get_client().options["send_default_pii"]


def test_scrub_event_keeps_only_what_is_safe():
    event = {
        "request": {
            "method": "POST",
            "url": "https://pn.example/my/eyJhbGciOiJIUzI1NiJ9:1t2x3y:abcdefghijklmnopqrstuvwxyz/",
            "data": {"email": "a@b.example"},
            "cookies": {"sessionid": "x"},
            "headers": {"Cookie": "sessionid=x"},
            "query_string": "q=a@b.example",
        },
        "user": {"id": 7, "email": "staff@hub.example", "username": "sam"},
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"email": "a@b"}}]}}]},
        "extra": {"answers": "x"},
        "breadcrumbs": {
            "values": [{"category": "query", "message": "SELECT ... 'a@b'", "data": {"p": 1}}]
        },
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"] == {"method": "POST", "url": "https://pn.example/my/<token>/"}
    assert scrubbed["user"] == {"id": 7}
    assert "vars" not in scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert "extra" not in scrubbed
    assert scrubbed["breadcrumbs"]["values"] == [{"category": "query", "message": "(query)"}]
