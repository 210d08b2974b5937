"""Sending background tasks without ever losing one.

`enqueue_on_commit(task, *args)` sends the task once the surrounding transaction commits. If the
broker cannot be reached, the request still succeeds: the task is kept as a PendingTask and
`retry_pending_tasks` (beat, every five minutes; also a management command) sends it again.
"""

import logging

from django.db import transaction

from .models import PendingTask

log = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """Sends now; on a broker failure keeps it for later. Returns whether it was sent."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # the broker is down or unreachable: never fail the request
        log.warning("Broker unavailable, keeping %s%s for later: %s", task.name, args, error)
        PendingTask.objects.create(task=task.name, args=list(args), last_error=repr(error)[:2000])
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))


def pending_tasks_retry(*, limit: int = 500, parked: bool = False, only=None) -> int:
    """Sends kept tasks again, oldest first; each one that goes through is removed.

    By default only the tasks kept while the broker was down; `parked=True` also sends those
    that gave up against a failing mail server (tasks_policy.EmailTask); `only` limits it to a
    queryset of PendingTask (the admin's action)."""
    from celery import current_app

    kept = PendingTask.objects.all() if only is None else only
    if not parked:
        kept = kept.filter(parked=False)
    sent = 0
    for pending in kept.order_by("created_at", "pk")[:limit]:
        task = current_app.tasks.get(pending.task)
        if task is None:
            pending.last_error = "unknown task"
            pending.attempts += 1
            pending.save(update_fields=["last_error", "attempts"])
            continue
        try:
            task.apply_async(args=pending.args, retry=False)
        except Exception as error:
            pending.attempts += 1
            pending.last_error = repr(error)[:2000]
            pending.save(update_fields=["attempts", "last_error"])
            break  # still down: try again next time
        pending.delete()
        sent += 1
    return sent
