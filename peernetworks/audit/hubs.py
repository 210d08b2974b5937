"""Which hub an audited object belongs to, via its model's HUB_SCOPE path (peernetworks.access),
looked up once per parent and kept on the audit context."""

from collections import defaultdict

from .context import AuditContext, current_context


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
    context = context or current_context()
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
