"""With the broker down a submission is saved and its task kept, then sent when the broker is
back — never lost and never a 500."""

import logging

import pytest
from django.core.management import call_command

from participants.tasks import notify_hub_of_registration
from peernetworks.celery import app
from peernetworks.models import PendingTask
from peernetworks.queue import enqueue, enqueue_on_commit, pending_tasks_retry
from tests.participants.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """A real connection attempt to a closed port on this machine. Celery reads the
    CELERY_BROKER_URL environment variable before its configuration, so both change."""
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._after_fork()  # drops the pooled connections and producers, as after a fork
    yield
    app.conf.task_always_eager, app.conf.broker_url = previous
    app._after_fork()


def test_it_keeps_a_task_the_broker_cannot_take(broker_down, django_capture_on_commit_callbacks):
    participant = ParticipantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(notify_hub_of_registration, participant.pk)
    pending = PendingTask.objects.get()
    assert pending.task == "participants.tasks.notify_hub_of_registration"
    assert pending.args == [participant.pk]
    assert pending.last_error


def test_it_sends_kept_tasks_when_the_broker_is_back(mailoutbox):
    participant = ParticipantFactory()
    participant.business.hub.contact_email = "team@hub.example"
    participant.business.hub.save()
    PendingTask.objects.create(
        task="participants.tasks.notify_hub_of_registration", args=[participant.pk]
    )
    assert pending_tasks_retry() == 1  # eager in tests: runs now
    assert not PendingTask.objects.exists()
    assert len(mailoutbox) == 1


def test_it_keeps_trying_while_the_broker_is_still_down(broker_down):
    PendingTask.objects.create(task="peernetworks.tasks.ping", args=[])
    assert pending_tasks_retry() == 0
    pending = PendingTask.objects.get()
    assert pending.attempts == 1


def test_it_sends_at_once_when_the_broker_is_up():
    assert enqueue(notify_hub_of_registration, 0) is True  # no such participant: a no-op
    assert not PendingTask.objects.exists()


def test_the_command_reports_what_it_sent(capsys):
    call_command("retry_pending_tasks")
    assert "0 task(s) sent" in capsys.readouterr().out


def test_one_failing_kept_task_does_not_block_the_others(caplog):
    """In-process (no broker), a task's own exception is recorded with its real cause and the
    tasks behind it are still sent."""
    broken = PendingTask.objects.create(
        task="participants.tasks.notify_hub_of_registration", args=["not-a-participant"]
    )
    PendingTask.objects.create(task="peernetworks.tasks.ping", args=[])
    with caplog.at_level(logging.INFO, logger="peernetworks.queue"):
        assert pending_tasks_retry() == 1
    broken.refresh_from_db()
    assert broken.attempts == 1
    assert "ValueError" in broken.last_error or "ValidationError" in broken.last_error
    assert list(PendingTask.objects.all()) == [broken]
    assert "failed again" in caplog.text
    assert "Broker" not in caplog.text


def test_a_kept_task_of_no_known_name_stays_and_says_so(caplog):
    PendingTask.objects.create(task="participants.tasks.no_such_task", args=[])
    with caplog.at_level(logging.INFO, logger="peernetworks.queue"):
        assert pending_tasks_retry() == 0
    assert PendingTask.objects.get().last_error == "unknown task"
    assert "not a task of this project" in caplog.text


def test_queueing_stays_fast_with_the_broker_down(broker_down):
    """No publishing retries and no result-store reconnects: well under a second."""
    import time

    started = time.monotonic()
    assert enqueue(notify_hub_of_registration, 0) is False
    assert time.monotonic() - started < 1.0
    assert PendingTask.objects.get().task == "participants.tasks.notify_hub_of_registration"
