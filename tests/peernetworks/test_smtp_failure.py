"""A real mail-server failure. Emails are retried with exponential, capped backoff under one
shared policy (peernetworks.queue.EMAIL_RETRY); the submission that triggered the email is
saved; a final failure is kept in the outbox and logged, never lost.

The mail server is real: Django's SMTP backend talks to a closed port on this machine, or to a
tiny SMTP server (stdlib sockets) that answers 421 to the first connections and then accepts.
"""

import logging
import socket
import socketserver
import threading
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery import signals
from celery.app.trace import build_tracer

from feedback.tasks import (
    send_session_feedback_links,
    send_survey_invitation,
    send_survey_reminders,
)
from participants.models import Participant
from participants.tasks import notify_hub_of_registration
from peernetworks.models import PendingTask
from peernetworks.queue import EMAIL_RETRY, EmailTask
from reporting.models import KpiReturn, ReturnStatus
from reporting.services import kpi_returns_compile
from reporting.tasks import mark_overdue_returns
from sessions.tasks import (
    notify_facilitator_of_observation,
    notify_hub_of_disengagement,
    notify_session_rescheduled,
    send_joining_instructions,
)
from tests.participants.factories import ParticipantFactory
from tests.participants.test_registration import (
    WORKING_DAY,
    details_url,
    privacy_url,
    valid_answers,
)
from tests.peernetworks.factories import NationalCoordinatorFactory

pytestmark = pytest.mark.django_db

EMAIL_TASKS = [
    notify_hub_of_registration,
    send_session_feedback_links,
    send_survey_invitation,
    send_survey_reminders,
    send_joining_instructions,
    notify_facilitator_of_observation,
    notify_session_rescheduled,
    notify_hub_of_disengagement,
    mark_overdue_returns,
]


class FlakySMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: 421 (service not available) to the first
    `server.refusals` connections, then a normal session whose messages are kept."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server
        with server.lock:
            server.connections += 1
            refuse = server.connections <= server.refusals
        if refuse:
            self.reply("421 4.3.2 Service not available, try again later")
            return
        self.reply("220 flaky.example ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 flaky.example")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data)
                server.messages.append(b"".join(body).decode())
                self.reply("250 OK: queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class FlakySMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refusals: int):
        super().__init__(("127.0.0.1", 0), FlakySMTPHandler)
        self.refusals, self.connections, self.messages = refusals, 0, []
        self.lock = threading.Lock()


@pytest.fixture
def smtp_to(settings):
    """Points Django's real SMTP backend at a port on this machine."""

    def point(port: int) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5

    return point


@pytest.fixture
def mail_server_down(smtp_to):
    """A closed port: every connection is refused (ConnectionRefusedError, an OSError)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    smtp_to(port)


@pytest.fixture
def flaky_mail_server(smtp_to):
    servers = []

    def start(refusals: int) -> FlakySMTPServer:
        server = FlakySMTPServer(refusals)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        smtp_to(server.server_address[1])
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def countdowns(monkeypatch):
    """The countdown each retry asks for. In eager mode retries run at once, but they are
    computed exactly as on a worker; errors are returned rather than raised so that the eager
    retries run their course."""
    monkeypatch.setattr(notify_hub_of_registration.app.conf, "task_eager_propagates", False)
    asked = []

    def record(sender=None, reason=None, **kwargs):
        asked.append(reason.when)

    signals.task_retry.connect(record, weak=False)
    yield asked
    signals.task_retry.disconnect(record)


def hub_participant() -> Participant:
    participant = ParticipantFactory()
    hub = participant.business.hub
    hub.contact_email = "team@hub.example"
    hub.save()
    return participant


def run_on_a_worker(task, args, *, retries: int):
    """Runs a task through Celery's worker code path (not eager), as delivered for attempt
    `retries + 1`: the same tracer a worker process uses."""
    tracer = build_tracer(task.name, task, eager=False, propagate=False, app=task.app)
    request = {
        "id": str(uuid.uuid4()),
        "task": task.name,
        "retries": retries,
        "is_eager": False,
        "delivery_info": {"is_eager": False},
        "args": list(args),
        "kwargs": {},
    }
    return tracer(request["id"], list(args), {}, request)


def test_every_email_task_shares_one_retry_policy():
    for task in EMAIL_TASKS:
        assert isinstance(task, EmailTask), task.name
        assert task.autoretry_for == EMAIL_RETRY["autoretry_for"], task.name
        assert task.retry_backoff == EMAIL_RETRY["retry_backoff"], task.name
        assert task.retry_backoff_max == EMAIL_RETRY["retry_backoff_max"], task.name
        assert task.retry_jitter is False, task.name
        assert task.max_retries == EMAIL_RETRY["max_retries"], task.name


def test_a_mail_server_refusing_at_first_gets_the_email_after_growing_waits(
    flaky_mail_server, countdowns
):
    server = flaky_mail_server(refusals=3)
    participant = hub_participant()

    result = notify_hub_of_registration.apply(args=[participant.pk], throw=False)

    assert result.successful()
    assert countdowns == [60, 120, 240]  # 1, 2, 4 minutes
    assert server.connections == 4
    assert len(server.messages) == 1
    assert "team@hub.example" in server.messages[0]
    assert not PendingTask.objects.exists()


def test_a_mail_server_that_stays_down_is_retried_with_capped_backoff_then_stops(
    mail_server_down, countdowns
):
    participant = hub_participant()

    result = notify_hub_of_registration.apply(args=[participant.pk], throw=False)

    assert result.failed() and isinstance(result.result, ConnectionRefusedError)
    cap = EMAIL_RETRY["retry_backoff_max"]
    assert len(countdowns) == EMAIL_RETRY["max_retries"]  # then it stops
    assert countdowns == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert countdowns == sorted(countdowns) and max(countdowns) <= cap
    assert not PendingTask.objects.exists()  # in-process, the caller (enqueue) keeps it


def test_the_last_failure_on_a_worker_is_kept_in_the_outbox_and_logged(mail_server_down, caplog):
    participant = hub_participant()

    with caplog.at_level(logging.ERROR, logger="peernetworks.queue"):
        run_on_a_worker(
            notify_hub_of_registration, [participant.pk], retries=EMAIL_RETRY["max_retries"]
        )

    kept = PendingTask.objects.get()
    assert kept.task == "participants.tasks.notify_hub_of_registration"
    assert kept.args == [participant.pk]
    assert kept.attempts == EMAIL_RETRY["max_retries"] + 1
    assert kept.parked  # capped: waits for a person, not retried every five minutes
    assert "gave up after 9 attempt(s)" in kept.last_error
    assert "ConnectionRefusedError" in kept.last_error
    assert any(
        r.levelno == logging.ERROR and "notify_hub_of_registration" in r.getMessage()
        for r in caplog.records
    )


def test_an_earlier_failure_on_a_worker_is_only_retried(mail_server_down, countdowns, monkeypatch):
    """Before the last attempt a failure asks the broker for a later retry; nothing is kept."""
    sent = []
    monkeypatch.setattr(
        "celery.canvas.Signature.apply_async", lambda sig, *a, **kw: sent.append(sig)
    )
    participant = hub_participant()

    run_on_a_worker(notify_hub_of_registration, [participant.pk], retries=2)

    assert countdowns == [240]
    assert sent[0].options["countdown"] == 240
    assert not PendingTask.objects.exists()


def test_a_parked_email_waits_for_the_mail_server_and_goes_out_when_sent_again(
    mail_server_down, mailoutbox, settings
):
    from peernetworks.queue import pending_tasks_retry

    participant = hub_participant()
    run_on_a_worker(notify_hub_of_registration, [participant.pk], retries=8)
    assert PendingTask.objects.count() == 1

    assert pending_tasks_retry() == 0  # the five-minute job leaves a parked email alone
    assert PendingTask.objects.count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert pending_tasks_retry(parked=True) == 1  # eager in tests: sent now
    assert not PendingTask.objects.exists()
    assert len(mailoutbox) == 1


def test_the_admin_sends_a_parked_email_again(client, mailoutbox, settings):
    """A system administrator mends the mail server, then sends the parked email from the
    admin's outbox ("Send again now"); hub staff and the national coordinator cannot open it."""
    from django.urls import reverse

    from tests.peernetworks.factories import NationalCoordinatorFactory, UserFactory

    participant = hub_participant()
    parked = PendingTask.objects.create(
        task="participants.tasks.notify_hub_of_registration",
        args=[participant.pk],
        attempts=9,
        parked=True,
        last_error="gave up after 9 attempt(s): ConnectionRefusedError(111)",
    )
    changelist = reverse("admin:peernetworks_pendingtask_changelist")
    for someone in (UserFactory(hub=participant.business.hub), NationalCoordinatorFactory()):
        client.force_login(someone)
        assert client.get(changelist).status_code == 403
        client.post(changelist, {"action": "send_again", "_selected_action": [parked.pk]})
        assert PendingTask.objects.filter(pk=parked.pk).exists()

    admin_user = UserFactory(
        username="sysadmin", role="", hub=None, is_superuser=True, is_staff=True
    )
    client.force_login(admin_user)
    page = client.get(changelist)
    assert page.status_code == 200
    assert "notify_hub_of_registration" in page.content.decode()
    response = client.post(
        changelist, {"action": "send_again", "_selected_action": [parked.pk]}, follow=True
    )
    assert "1 of 1 task(s) sent." in response.content.decode()
    assert not PendingTask.objects.exists()
    assert len(mailoutbox) == 1


def test_a_registration_is_saved_and_its_email_kept_when_the_mail_server_is_down(
    client, programme_year, hub, mail_server_down, django_capture_on_commit_callbacks
):
    """The form submission never fails because of the mail server (no broker: in-process)."""
    hub.local_authorities = "Manchester\nSalford"
    hub.contact_email = "team@hub.example"
    hub.save()
    with time_machine.travel(WORKING_DAY):  # while the year's registration is open
        client.post(privacy_url(hub), {"acknowledged": "on"})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(details_url(hub), valid_answers())

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.email == "priya@northernwidgets.example"
    kept = PendingTask.objects.get()
    assert kept.task == "participants.tasks.notify_hub_of_registration"
    assert kept.args == [participant.pk]


def test_overdue_alerts_are_not_lost_when_the_mail_server_fails(
    mail_server_down, countdowns, settings, mailoutbox
):
    """KPI-1: the marking and its alerts are one transaction, so a retry alerts again."""
    from tests.reporting.test_kpi_returns import OCTOBER, load

    load(hubs=2)
    NationalCoordinatorFactory(email="national@example.org")
    kpi_returns_compile(month=OCTOBER)
    after_due = datetime(2021, 11, 8, 9, tzinfo=ZoneInfo("Europe/London"))

    with time_machine.travel(after_due, tick=False):
        assert mark_overdue_returns.apply(throw=False).failed()  # after its retries
    assert not KpiReturn.objects.filter(status=ReturnStatus.OVERDUE).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(after_due, tick=False):
        assert mark_overdue_returns.apply(throw=False).get() == 2
    assert len(mailoutbox) == 2
