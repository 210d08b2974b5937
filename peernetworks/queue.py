"""Sending background tasks without ever losing one: how they are queued, kept and retried.

`enqueue_on_commit(task, *args)` sends the task once the surrounding transaction commits. If the
broker cannot be reached, the request still succeeds: the task is kept as a PendingTask and
`retry_pending_tasks` (beat, every five minutes; also a command of that name) sends it again.

Every task that sends email shares one retry policy (`EMAIL_RETRY`, with `EmailTask`). A mail
server that refuses or drops a connection raises OSError (smtplib.SMTPException and socket
errors both are). The task is then retried with exponential backoff, without jitter so the
schedule is predictable: 1, 2, 4, 8, 16, 32 minutes, then hourly (`retry_backoff_max`), eight
retries in all (about three hours). When the last retry fails the email is not lost: the task
is kept, parked, in the PendingTask outbox and an ERROR is logged for operations; a system
administrator sends it again from the admin ("Send again now") or with
`retry_pending_tasks --parked` once the mail server is mended. Parked tasks are not retried
automatically, so a message the server keeps refusing is not tried for ever. Sending one again
is safe: the batch jobs record whom they have emailed and skip them; a one-off notification at
worst repeats a message the server accepted before the failure.
"""

import logging

from celery import Task
from django.db import transaction

from .models import PendingTask

log = logging.getLogger(__name__)


def _in_process() -> bool:
    """Without a broker (development, tests) tasks run inside the call to apply_async, so an
    exception from it is the task's own failure, not the broker's."""
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def enqueue(task, *args) -> bool:
    """Sends now; on a broker failure keeps it for later. Returns whether it was sent."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # never fail the request: keep the task for later
        if _in_process():
            log.error("Task %s%s failed; kept for later: %r", task.name, args, error)
        else:
            log.warning("Broker unavailable, keeping %s%s for later: %r", task.name, args, error)
        PendingTask.objects.create(task=task.name, args=list(args), last_error=repr(error)[:2000])
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))


def registered_tasks():
    """Every task of the project. A worker imports the task modules when it starts; a command
    or a web request has not, so they are imported here before a kept task is looked up."""
    from celery import current_app
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # each installed app's tasks module, as a worker does
    return current_app.tasks


def pending_tasks_retry(*, limit: int = 500, parked: bool = False, only=None, on_sent=None) -> int:
    """Sends kept tasks again, oldest first; each one that goes through is removed.

    By default only the tasks kept while the broker was down; `parked=True` also sends those
    that gave up against a failing mail server (EmailTask); `only` limits it to a
    queryset of PendingTask (the admin's action); `on_sent(pending, result)` hears of each.

    Each kept task is tried on its own: one that fails (in-process, its own exception) is
    recorded with its real cause and the next is tried; a broker that is still down stops the
    round, since every other task would fail the same way."""
    tasks = registered_tasks()
    in_process = _in_process()
    kept = PendingTask.objects.all() if only is None else only
    if not parked:
        kept = kept.filter(parked=False)
    sent = 0
    for pending in kept.order_by("created_at", "pk")[:limit]:
        task = tasks.get(pending.task)
        if task is None:
            log.error("Kept task %s is not a task of this project; left in the outbox.", pending)
            pending.last_error = "unknown task"
            pending.attempts += 1
            pending.save(update_fields=["last_error", "attempts"])
            continue
        try:
            with transaction.atomic():  # a task that fails in-process leaves nothing behind
                result = task.apply_async(args=pending.args, retry=False)
        except Exception as error:
            pending.attempts += 1
            pending.last_error = repr(error)[:2000]
            pending.save(update_fields=["attempts", "last_error"])
            if in_process:
                log.error("Kept task %s failed again: %r", pending, error)
                continue
            log.warning("Broker still unavailable; %s stays in the outbox: %r", pending, error)
            break
        if on_sent is not None:
            on_sent(pending, result)
        pending.delete()
        sent += 1
    return sent


class EmailTask(Task):
    """A task whose final failure is kept in the outbox and logged, never silently dropped."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if self.request.is_eager:
            # In-process (no broker): the caller, `enqueue`, keeps it.
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
