"""One retry policy for every task that sends email (issue 9 item 5).

A mail server that refuses or drops a connection raises OSError (smtplib.SMTPException and
socket errors both are). The task is then retried with exponential backoff, without jitter so
the schedule is predictable: 1, 2, 4, 8, 16, 32 minutes, then hourly (`retry_backoff_max`),
eight retries in all (about three hours). When the last retry fails the email is not lost: the
task is kept, parked, in the PendingTask outbox and an ERROR is logged for operations; a system
administrator sends it again from the admin ("Send again now") or with
`retry_pending_tasks --parked` once the mail server is mended. Parked tasks are not retried
automatically, so a message the server keeps refusing is not tried for ever. Sending one again
is safe: the batch jobs record whom they have emailed and skip them; a one-off notification at
worst repeats a message the server accepted before the failure.
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
            parked=True,
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
