"""Helpers for the data migrations that move models or tasks from one app to another while
their tables stay where they are. They take the migration's historical `apps`, so they work
at any point of the migration history; keep their behaviour stable."""

ERASE = "erase"


def move_content_types(apps, old: str, new: str, models: list[str]) -> None:
    """Content types (and so permissions and admin history) follow models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    for name in models:
        model = name.lower()
        kept = ContentType.objects.filter(app_label=old, model=model).first()
        if kept is None:
            continue  # a fresh database: post_migrate makes the content type under `new`
        duplicate = ContentType.objects.filter(app_label=new, model=model).first()
        if duplicate is not None:
            # Made by post_migrate between two runs of migrate. The old one keeps what points at
            # it (permissions granted, admin history); the duplicate's admin history moves to
            # it, and the duplicate goes with its own, unused, permissions.
            LogEntry.objects.filter(content_type=duplicate).update(content_type=kept)
            duplicate.delete()
        ContentType.objects.filter(pk=kept.pk).update(app_label=new)


def _rename(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value)


def move_audit_labels(apps, old: str, new: str, models: list[str]) -> None:
    """The audit trail's stored names of models follow them to their new app: the lower-case
    label in `model_label`, and the label in an erasure's `changed_fields` and `changes` keys."""
    AuditEvent = apps.get_model("peernetworks", "AuditEvent")
    for name in models:
        AuditEvent.objects.filter(model_label=f"{old}.{name.lower()}").update(
            model_label=f"{new}.{name.lower()}"
        )
    labels = {f"{old}.{name}": f"{new}.{name}" for name in models}
    erasures = AuditEvent.objects.filter(action=ERASE).only("changed_fields", "changes")
    changed = []
    for event in erasures.iterator():
        fields = event.changed_fields if isinstance(event.changed_fields, list) else None
        changes = event.changes if isinstance(event.changes, dict) else None
        if not any(label in (fields or ()) or label in (changes or {}) for label in labels):
            continue
        if fields is not None:
            event.changed_fields = sorted(_rename(labels, label) for label in fields)
        if changes is not None:
            event.changes = dict(
                sorted((_rename(labels, label), count) for label, count in changes.items())
            )
        changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["changed_fields", "changes"], batch_size=500)


def move_task_names(apps, old: str, new: str, tasks: list[str]) -> None:
    """Tasks kept in the outbox are named by dotted path: rename them so they can still be
    sent."""
    PendingTask = apps.get_model("peernetworks", "PendingTask")
    for task in tasks:
        PendingTask.objects.filter(task=f"{old}.tasks.{task}").update(task=f"{new}.tasks.{task}")
