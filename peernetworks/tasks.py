"""Programme-wide background jobs."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task
def heartbeat() -> str:
    """Records that the worker and beat are alive; /healthz may read it."""
    stamp = timezone.now().isoformat()
    cache.set("celery-heartbeat", stamp, timeout=None)
    return stamp


@shared_task(ignore_result=False)  # its caller waits for the answer
def ping() -> str:
    """A trivial round trip used to prove a real worker is consuming the broker."""
    return "pong"


@shared_task
def retry_pending_tasks() -> int:
    """Sends tasks kept while the broker was down (peernetworks.queue)."""
    from .queue import pending_tasks_retry

    return pending_tasks_retry()
