"""Recording AuditEvents, the one place that writes them: post_save/post_delete receivers for
the models that declare `AUDITED = True` (peernetworks.personal_data) record one event per
create, update and delete; changed fields are found by comparing with the values the instance
was loaded with (captured at post_init, no extra query). Bulk paths (QuerySet.update/delete,
bulk_create, bulk_update) do not all send signals: the audited models' managers use
AuditedQuerySet, which records one event per model and hub per call, with the count and the
ids. Exports and erasures call `record_export` / `record_erasure`."""

from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.signals import post_delete, post_init, post_save

from ..models import AuditAction, AuditEvent
from ..personal_data import audited_models
from .context import AuditContext, actor_of, context_var, current_context
from .hubs import hub_ids
from .values import (
    changes_of,
    compared_fields,
    describe,
    initial_values,
    plain,
    snapshot,
)


def _event(context: AuditContext, **values):
    actor_id, label, method, path = actor_of(context)
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
    context = current_context()
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
    context = current_context()
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
    context = current_context()
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


def _loaded(sender, instance, **kwargs) -> None:
    instance._audit_loaded = snapshot(instance)


def _saved(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw:  # fixtures and restores load history as it was
        return
    if created:
        names, changes = initial_values(instance)
    else:
        names, changes = changes_of(instance, getattr(instance, "_audit_loaded", {}), update_fields)
    instance._audit_loaded = snapshot(instance)
    if not created and not names:
        return
    context = current_context()
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
    context = current_context()
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


class AuditedQuerySet(models.QuerySet):
    """The audited models' querysets: bulk writes record one event per call (and hub)."""

    def update(self, **kwargs):
        scope = self._chain()
        scope.query.select_for_update = False  # a read of what is about to change, no lock
        rows = list(scope.order_by().values_list("pk", self.model.HUB_SCOPE))
        count = super().update(**kwargs)
        if count and rows:
            storable = {name: s for name, _, s in compared_fields(self.model)}
            if hasattr(self.model, "audit_values_storable"):
                storable = {}  # rows judged one by one: a bulk write keeps no values at all
            changes = {
                name: [None, plain(value)]
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
        context = context_var.get()
        owned = context is None
        if owned:
            context = AuditContext()
            token = context_var.set(context)
        outer, context.deleted = context.deleted, []
        try:
            result = super().delete()
            deleted = context.deleted
        finally:
            context.deleted = outer
            if owned:
                context_var.reset(token)
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
        objs = list(objs)
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            hubs = hub_ids(created)
            for obj in created:
                obj._audit_loaded = snapshot(obj)
            _record_bulk(
                AuditAction.BULK_CREATE,
                self.model,
                [(o.pk, h) for o, h in zip(created, hubs, strict=True)],
            )
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if objs:
            hubs = hub_ids(objs)
            for obj in objs:
                obj._audit_loaded = snapshot(obj)
            _record_bulk(
                AuditAction.BULK_UPDATE,
                self.model,
                [(o.pk, h) for o, h in zip(objs, hubs, strict=True)],
                changed_fields=sorted(fields),
            )
        return count


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)
