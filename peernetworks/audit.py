"""The audit trail (SPEC §10 GDPR-5, issue 9 item 3): the one place that records AuditEvents.

- Who: `acting_as(...)` sets the actor for what runs inside it. The middleware sets the signed-in
  user for each request, a Celery signal "system: <task>" for each task, and `command_actor`
  "command: <name>" for management commands. Outside all of them the actor is "system".
- What: post_save/post_delete receivers for the models in AUDITED_MODELS record one event per
  create, update and delete; changed fields are found by comparing with the values the
  instance was loaded with (captured at post_init, no extra query).
- Bulk paths (QuerySet.update/delete, bulk_create, bulk_update) do not all send signals: the
  audited models' managers use AuditedQuerySet, which records one event per model and hub per
  call, with the count and the ids.
- Exports and erasures call `record_export` / `record_erasure`.

No personal values are ever stored (participants.gdpr.PERSONAL_FIELDS; free text is treated as
personal unless the registry says otherwise): an event names the fields that changed and keeps
old/new values only for fields that are not personal data.
"""

import copy
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, wraps

from django.apps import apps
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.signals import post_delete, post_init, post_save

# GDPR-5: businesses, participants, eligibility decisions, cohorts, sessions, attendance,
# one-to-one logs, feedback and surveys, and KPI returns. Each model's default manager must be
# an AuditedQuerySet (tests/audit checks), so its bulk paths are recorded too.
AUDITED_MODELS = [
    "participants.Business",
    "participants.Participant",
    "participants.EqualityData",
    "participants.EligibilityAssessment",
    "participants.DiscretionDecision",
    "participants.SessionFeedback",
    "participants.SurveyResponse",
    "participants.SurveyAnswer",
    "cohorts.Cohort",
    "cohorts.CohortMembership",
    "programme_sessions.Session",
    "programme_sessions.Attendance",
    "one_to_one.ProviderAssignment",
    "one_to_one.OneToOneSession",
    "one_to_one.ActionPlan",
    "one_to_one.Referral",
    "one_to_one.ProviderDeclaration",
    "one_to_one.SupportDeclined",
    "reporting.KpiReturn",
]

TEXT_LIMIT = 200  # stored values are short: codes, numbers, dates, names of things


# Who


@dataclass
class AuditContext:
    label: str = "system"
    request: object = None
    user: object = None
    # (model label, pk, remaining hub path) -> hub id, so each parent is looked up once.
    hubs: dict = field(default_factory=dict)
    # While a QuerySet.delete() runs: the objects its cascade deletes, recorded as one event.
    deleted: list | None = None


_context: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


@contextmanager
def acting_as(*, label: str = "system", request=None, user=None) -> Iterator[AuditContext]:
    """Everything recorded inside is attributed to this request, user or job label."""
    context = AuditContext(label=label, request=request, user=user)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def command_actor(handle):
    """Decorates a management command's `handle`: events it causes say "command: <name>"."""

    @wraps(handle)
    def wrapper(self, *args, **options):
        name = type(self).__module__.rsplit(".", 1)[-1]
        with acting_as(label=f"command: {name}"):
            return handle(self, *args, **options)

    return wrapper


def _current() -> AuditContext:
    return _context.get() or AuditContext()


def _actor(context: AuditContext) -> tuple[int | None, str, str, str]:
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
    _task_tokens[task_id] = _context.set(AuditContext(label=f"system: {name}"))


def task_finished(sender=None, task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _context.reset(token)
        except ValueError:  # reset in another context (should not happen): just clear it
            _context.set(None)


# What may be stored


@cache
def audited_models() -> tuple[type[models.Model], ...]:
    return tuple(apps.get_model(label) for label in AUDITED_MODELS)


@cache
def _registry() -> tuple[dict, dict]:
    from participants.gdpr import NOT_PERSONAL, PERSONAL_FIELDS

    return PERSONAL_FIELDS, NOT_PERSONAL


def value_is_storable(model, model_field) -> bool:
    """GDPR-5 without personal values: registered personal fields never; free text and JSON
    only when the registry says they are not personal; on personal-data models, any text
    that is not a fixed choice only when registered as not personal."""
    personal, not_personal = _registry()
    label, name = model._meta.label, model_field.name
    if name in personal.get(label, ()):
        return False
    if name in not_personal.get(label, {}):
        return True
    if isinstance(model_field, models.TextField | models.JSONField):
        return False
    if isinstance(model_field, models.CharField) and not model_field.choices:
        return not getattr(model, "PERSONAL_DATA", False)
    return True


@cache
def _fields(model) -> tuple[tuple[str, str, bool], ...]:
    """(name, attname, value storable) of the fields compared, auto-timestamps left out."""
    return tuple(
        (f.name, f.attname, value_is_storable(model, f))
        for f in model._meta.concrete_fields
        if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    )


def _plain(value):
    if isinstance(value, models.Model):  # update(programme_year=year) stores the key
        return value.pk
    if isinstance(value, str) and len(value) > TEXT_LIMIT:
        return value[:TEXT_LIMIT] + "…"
    return value


def _snapshot(instance) -> dict:
    values = instance.__dict__
    return {
        attname: copy.deepcopy(values[attname])
        if isinstance(values[attname], list | dict)
        else values[attname]
        for _, attname, _ in _fields(type(instance))
        if attname in values
    }


def describe(model, pk) -> str:
    """Never the object's str() (a person's name): its kind and id."""
    return f"{str(model._meta.verbose_name).capitalize()} #{pk}"[:200]


# Which hub (via the model's HUB_SCOPE path, peernetworks.access)


def _frontier(obj, parts: tuple[str, ...]):
    """Follows the hub path through relations already loaded on `obj`: ("hub", id) when it
    reaches the hub, or (key, parent pk) where a lookup is needed."""
    current = obj
    for i, name in enumerate(parts):
        model_field = current._meta.get_field(name)
        value = getattr(current, model_field.attname)
        if i == len(parts) - 1 or value is None:
            return None, value
        if model_field.is_cached(current):
            current = model_field.get_cached_value(current)
            continue
        return (model_field.related_model, tuple(parts[i + 1 :])), value
    return None, None


def hub_ids(objs: list, context: AuditContext | None = None) -> list[int | None]:
    """The hub of each object: one query per kind of parent not yet known, none when the path
    is loaded (or `hub_id` is on the object)."""
    context = context or _current()
    if not objs:
        return []
    parts = tuple(type(objs[0]).HUB_SCOPE.split("__"))
    frontiers = [_frontier(obj, parts) for obj in objs]
    wanted: dict = defaultdict(set)
    for key, pk in frontiers:
        if key is not None and (key[0]._meta.label, pk, key[1]) not in context.hubs:
            wanted[key].add(pk)
    for (model, rest), pks in wanted.items():
        pks = sorted(pks)
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            rows = (
                model._base_manager.filter(pk__in=chunk)
                .order_by()
                .values_list("pk", "__".join(rest))
            )
            found = dict(rows)
            for pk in chunk:
                context.hubs[(model._meta.label, pk, rest)] = found.get(pk)
    return [
        value if key is None else context.hubs.get((key[0]._meta.label, value, key[1]))
        for key, value in frontiers
    ]


# Recording


def _event(context: AuditContext, **values):
    from .models_audit import AuditEvent

    actor_id, label, method, path = _actor(context)
    return AuditEvent(
        actor_id=actor_id,
        actor_label=label,
        request_method=method,
        request_path=path,
        **values,
    )


def _model_label(model) -> str:
    return model._meta.label_lower


def record_export(*, what: str, hub_id: int | None, rows: int = 0, fmt: str = "") -> None:
    """KPI-5, GDPR-5: an export (a download, a subject access export, a command's file)."""
    from .models_audit import AuditAction

    context = _current()
    description = f"{what} ({fmt})" if fmt else what
    _event(
        context,
        action=AuditAction.EXPORT,
        hub_id=hub_id,
        model_label="export",
        description=description[:200],
        count=rows,
    ).save()


def record_erasure(*, participant, tables: dict[str, int]) -> None:
    """GDPR-3: a participant's personal data erased; which tables, how many rows."""
    from .models_audit import AuditAction

    context = _current()
    hub_id = hub_ids([participant], context)[0]
    _event(
        context,
        action=AuditAction.ERASE,
        hub_id=hub_id,
        model_label=_model_label(type(participant)),
        object_id=str(participant.pk),
        description=describe(type(participant), participant.pk),
        changed_fields=sorted(tables),
        changes={label: count for label, count in sorted(tables.items())},
        count=sum(tables.values()),
    ).save()


def _record_bulk(action: str, model, objs_hubs: Iterable[tuple[object, int | None]], **extra):
    """One event per hub for a bulk call (usually one hub)."""
    from .models_audit import AuditEvent

    context = _current()
    by_hub: dict = defaultdict(list)
    for pk, hub_id in objs_hubs:
        by_hub[hub_id].append(pk)
    events = [
        _event(
            context,
            action=action,
            hub_id=hub_id,
            model_label=_model_label(model),
            object_id=str(pks[0]) if len(pks) == 1 and pks[0] is not None else "",
            object_ids=[pk for pk in pks if pk is not None][: AuditEvent.MAX_IDS],
            description=f"{len(pks)} × {model._meta.verbose_name}"[:200],
            count=len(pks),
            **extra,
        )
        for hub_id, pks in by_hub.items()
    ]
    AuditEvent.objects.bulk_create(events)


def _values_storable(instance) -> bool:
    """A model may say that one of its rows is personal data as a whole (a sole trader's
    business is the person): then no value of it is kept, only the names of the fields."""
    check = getattr(instance, "audit_values_storable", None)
    return check() if check is not None else True


def _changes(instance, old: dict, update_fields) -> tuple[list[str], dict]:
    values = instance.__dict__
    names, changes = [], {}
    keep_values = _values_storable(instance)
    for name, attname, storable in _fields(type(instance)):
        if update_fields is not None and name not in update_fields and attname not in update_fields:
            continue
        if attname not in values:
            continue
        new = values[attname]
        before = old.get(attname, _MISSING)
        if before == new and before is not _MISSING:
            continue
        names.append(name)
        if storable and keep_values:
            changes[name] = [None if before is _MISSING else _plain(before), _plain(new)]
    return names, changes


_MISSING = object()


def _initial_values(instance) -> tuple[list[str], dict]:
    """A new object: the fields given a value, and the values that are not personal."""
    values = instance.__dict__
    names, changes = [], {}
    keep_values = _values_storable(instance)
    for name, attname, storable in _fields(type(instance)):
        value = values.get(attname)
        if value in (None, "", [], {}) or attname == instance._meta.pk.attname:
            continue
        names.append(name)
        if storable and keep_values:
            changes[name] = _plain(value)
    return names, changes


def _loaded(sender, instance, **kwargs) -> None:
    instance._audit_loaded = _snapshot(instance)


def _saved(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    from .models_audit import AuditAction

    if raw:  # fixtures and restores load history as it was
        return
    if created:
        names, changes = _initial_values(instance)
    else:
        names, changes = _changes(instance, getattr(instance, "_audit_loaded", {}), update_fields)
    instance._audit_loaded = _snapshot(instance)
    if not created and not names:
        return
    context = _current()
    _event(
        context,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        hub_id=hub_ids([instance], context)[0],
        model_label=_model_label(sender),
        object_id=str(instance.pk),
        description=describe(sender, instance.pk),
        changed_fields=names,
        changes=changes,
    ).save()


def _deleted(sender, instance, **kwargs) -> None:
    from .models_audit import AuditAction

    context = _current()
    hub_id = hub_ids([instance], context)[0]
    if context.deleted is not None:  # part of a QuerySet.delete(): recorded in bulk after it
        context.deleted.append((sender, instance.pk, hub_id))
        return
    _event(
        context,
        action=AuditAction.DELETE,
        hub_id=hub_id,
        model_label=_model_label(sender),
        object_id=str(instance.pk),
        description=describe(sender, instance.pk),
    ).save()


def connect() -> None:
    """Called once from the app's ready()."""
    for model in audited_models():
        uid = f"audit-{model._meta.label_lower}"
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}-init")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")


# Bulk paths


class AuditedQuerySet(models.QuerySet):
    """The audited models' querysets: bulk writes record one event per call (and hub)."""

    def update(self, **kwargs):
        from .models_audit import AuditAction

        scope = self._chain()
        scope.query.select_for_update = False  # a read of what is about to change, no lock
        rows = list(scope.order_by().values_list("pk", self.model.HUB_SCOPE))
        count = super().update(**kwargs)
        if count and rows:
            storable = {name: s for name, _, s in _fields(self.model)}
            if hasattr(self.model, "audit_values_storable"):
                storable = {}  # rows judged one by one: a bulk write keeps no values at all
            changes = {
                name: [None, _plain(value)]
                for name, value in kwargs.items()
                if storable.get(name) and not isinstance(value, Combinable | models.Expression)
            }
            _record_bulk(
                AuditAction.BULK_UPDATE,
                self.model,
                rows,
                changed_fields=sorted(kwargs),
                changes=changes,
            )
        return count

    update.alters_data = True
    update.queryset_only = False

    def delete(self):
        from .models_audit import AuditAction

        context = _context.get()
        owned = context is None
        if owned:
            context = AuditContext()
            token = _context.set(context)
        outer, context.deleted = context.deleted, []
        try:
            result = super().delete()
            deleted = context.deleted
        finally:
            context.deleted = outer
            if owned:
                _context.reset(token)
        by_model: dict = defaultdict(list)
        for model, pk, hub_id in deleted:
            by_model[model].append((pk, hub_id))
        for model, rows in by_model.items():
            if outer is not None:  # a delete inside another bulk delete: let that record it
                outer.extend((model, pk, hub_id) for pk, hub_id in rows)
            else:
                _record_bulk(AuditAction.BULK_DELETE, model, rows)
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        from .models_audit import AuditAction

        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            hubs = hub_ids(created)
            for obj in created:
                obj._audit_loaded = _snapshot(obj)
            _record_bulk(
                AuditAction.BULK_CREATE,
                self.model,
                [(o.pk, h) for o, h in zip(created, hubs, strict=True)],
            )
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        from .models_audit import AuditAction

        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if objs:
            hubs = hub_ids(objs)
            for obj in objs:
                obj._audit_loaded = _snapshot(obj)
            _record_bulk(
                AuditAction.BULK_UPDATE,
                self.model,
                [(o.pk, h) for o, h in zip(objs, hubs, strict=True)],
                changed_fields=sorted(fields),
            )
        return count


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)
