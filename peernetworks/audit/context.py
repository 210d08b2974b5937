"""Who is acting, for the audit trail: `acting_as(...)` sets the actor for what runs inside it.
`AuditActorMiddleware` sets the signed-in user for each request, the Celery signals
(`task_started`, `task_finished`) "system: <task>" for each task, and `command_actor`
"command: <name>" for management commands. Outside all of them the actor is "system"."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps


@dataclass
class AuditContext:
    label: str = "system"
    request: object = None
    user: object = None
    # (model label, pk, remaining hub path) -> hub id, so each parent is looked up once.
    hubs: dict = field(default_factory=dict)
    # While a QuerySet.delete() runs: the objects its cascade deletes, recorded as one event.
    deleted: list | None = None


context_var: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


@contextmanager
def acting_as(*, label: str = "system", request=None, user=None) -> Iterator[AuditContext]:
    """Everything recorded inside is attributed to this request, user or job label."""
    context = AuditContext(label=label, request=request, user=user)
    token = context_var.set(context)
    try:
        yield context
    finally:
        context_var.reset(token)


def command_actor(handle):
    """Decorates a management command's `handle`: events it causes say "command: <name>"."""

    @wraps(handle)
    def wrapper(self, *args, **options):
        name = type(self).__module__.rsplit(".", 1)[-1]
        with acting_as(label=f"command: {name}"):
            return handle(self, *args, **options)

    return wrapper


def current_context() -> AuditContext:
    return context_var.get() or AuditContext()


def actor_of(context: AuditContext) -> tuple[int | None, str, str, str]:
    """(user id, label, request method, request path). The request's user is read only now,
    so requests that record nothing never load it."""
    user = context.user
    method = path = ""
    if context.request is not None:
        request = context.request
        method, path = request.method or "", request.path[:300]
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None, "anonymous (personal link or public form)", method, path
    if user is not None and getattr(user, "pk", None):
        return user.pk, user.get_username()[:150], method, path
    return None, context.label[:150], method, path


class AuditActorMiddleware:
    """Every change made during a request is attributed to its user (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request=request):
            return self.get_response(request)


_task_tokens: dict[str, object] = {}


def task_started(sender=None, task_id=None, task=None, **kwargs) -> None:
    """Celery task_prerun: changes made by a background job say "system: <task name>"."""
    name = getattr(task, "name", None) or getattr(sender, "name", "task")
    _task_tokens[task_id] = context_var.set(AuditContext(label=f"system: {name}"))


def task_finished(sender=None, task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            context_var.reset(token)
        except ValueError:  # reset in another context (should not happen): just clear it
            context_var.set(None)
