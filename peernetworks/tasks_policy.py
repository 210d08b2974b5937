"""One retry policy for every task that sends email (issue 9 item 5).

A mail server that refuses or drops a connection raises OSError (smtplib.SMTPException and
socket errors both are). The task is then retried with exponential backoff, without jitter so
the schedule is predictable: 1, 2, 4, 8, 16, 32 minutes, then hourly (`retry_backoff_max`),
eight retries in all (about three hours). When the last retry fails the email is not lost: the
task is kept in the PendingTask outbox, which `retry_pending_tasks` (beat, every five minutes)
sends again, and an ERROR is logged for operations. Sending one again is safe: the batch jobs
record whom they have emailed and skip them; a one-off notification at worst repeats a message
the server accepted before the failure.
"""

import logging

from celery import Task

log = logging.getLogger(__name__)


class EmailTask(Task):
    """A task whose final failure is kept in the outbox and logged, never silently dropped."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if self.request.is_eager:
            # In-process (no broker): the caller, peernetworks.queue.enqueue, keeps it.
            return
        log.error(
            "Task %s%s failed after %d attempt(s), kept in the outbox: %r",
            self.name,
            tuple(args),
            self.request.retries + 1,
            exc,
        )
        if not isinstance(exc, OSError):
            return  # a bug, not an outage: sending it again would fail the same way
        from .models import PendingTask

        PendingTask.objects.create(
            task=self.name,
            args=list(args),
            attempts=self.request.retries + 1,
            last_error=f"gave up after {self.request.retries + 1} attempt(s): {exc!r}"[:2000],
        )


EMAIL_RETRY = {
    "base": EmailTask,
    "autoretry_for": (OSError,),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": False,
    "max_retries": 8,
}
