"""SUR-1: after a session is delivered, every attendee is emailed their feedback link once."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings

from feedback.models import FeedbackInvitation
from feedback.rules import feedback_link_open
from feedback.services import (
    reminders_send_due,
    session_feedback_invite,
    session_feedback_links_send,
)
from feedback.tasks import send_session_feedback_links
from participants.links import home_link_open
from sessions.models import Attendance
from tests.feedback.factories import LONDON, delivered_session

pytestmark = pytest.mark.django_db

NOW = datetime(2021, 9, 7, 13, 0, tzinfo=LONDON)


@time_machine.travel(NOW, tick=False)
def test_it_emails_every_attendee_once_after_the_transaction_commits(
    hub, mailoutbox, django_capture_on_commit_callbacks
):
    session, (ann, bob, carl) = delivered_session(hub=hub, members=3, attended=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_feedback_invite(session=session)
    assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()

    assert sorted(m.to[0] for m in mailoutbox) == sorted([ann.email, bob.email])
    assert set(FeedbackInvitation.objects.values_list("sent_at", flat=True)) == {NOW}

    # Running it again, as a retry or a second attendance save would, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        session_feedback_invite(session=session)
    assert send_session_feedback_links(session.pk) == 0
    run = reminders_send_due()
    assert (run.feedback_links, run.feedback_reminders) == (0, 0)
    feedback_emails = [m for m in mailoutbox if m.subject.startswith("How was")]
    assert len(feedback_emails) == 2
    assert FeedbackInvitation.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_it_writes_a_short_email_with_the_personal_links(hub, mailoutbox):
    session, (ann,) = delivered_session(hub=hub, members=1)
    assert session_feedback_links_send(session_id=session.pk) == 1
    message = mailoutbox[0]
    assert message.to == [ann.email]
    assert message.subject == "How was your Peer Networks session on Tuesday 7 September 2021?"
    assert f"Dear {ann.first_name}," in message.body
    assert "It works for 14 days." in message.body
    links = [line for line in message.body.splitlines() if line.startswith(settings.SITE_URL)]
    feedback_url, home_url = links
    participant, session_id = feedback_link_open(feedback_url.rstrip("/").split("/")[-1])
    assert (participant, session_id) == (ann, session.pk)
    assert home_link_open(home_url.rstrip("/").split("/")[-1]) == ann


@time_machine.travel(NOW, tick=False)
def test_it_sends_nothing_for_a_session_not_delivered(
    hub, mailoutbox, django_capture_on_commit_callbacks
):
    session, _ = delivered_session(hub=hub, members=2)
    session.status = "planned"
    session.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_feedback_invite(session=session)
    assert callbacks == []
    assert session_feedback_links_send(session_id=session.pk) == 0
    assert mailoutbox == []


@time_machine.travel(NOW, tick=False)
def test_it_emails_someone_recorded_as_attending_later(hub, mailoutbox):
    session, (ann, bob) = delivered_session(hub=hub, members=2, attended=1)
    session_feedback_links_send(session_id=session.pk)
    Attendance.objects.filter(participant=bob).update(status="late")
    session_feedback_links_send(session_id=session.pk)
    assert [m.to[0] for m in mailoutbox] == [ann.email, bob.email]


@time_machine.travel(NOW, tick=False)
def test_it_unclaims_a_link_whose_email_failed_so_the_retry_sends_it(hub, mailoutbox):
    session, (ann,) = delivered_session(hub=hub, members=1)
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("mail down")),
        pytest.raises(OSError),
    ):
        session_feedback_links_send(session_id=session.pk)
    assert FeedbackInvitation.objects.get().sent_at is None
    assert session_feedback_links_send(session_id=session.pk) == 1
    assert len(mailoutbox) == 1


def test_it_catches_up_a_lost_task_in_the_daily_job(hub, mailoutbox):
    session, (ann, bob) = delivered_session(hub=hub, members=2)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        run = reminders_send_due()
    assert run.feedback_links == 2
    assert len([m for m in mailoutbox if m.subject.startswith("How was")]) == 2
    # A session older than the feedback period is left alone.
    old, _ = delivered_session(hub=hub, members=1, starts_at=NOW - timedelta(days=30))
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert reminders_send_due().feedback_links == 0
    assert not FeedbackInvitation.objects.filter(session=old).exists()
