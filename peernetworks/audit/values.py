"""What an event may keep: the names of the fields that changed, and old/new values only for
fields that are not personal data (each model's PERSONAL_FIELDS; free text is treated as
personal unless the registry says otherwise). Objects are described by their kind and id."""

import copy
from functools import cache

from django.db import models

from ..personal_data import not_personal as declared_not_personal
from ..personal_data import personal_fields

TEXT_LIMIT = 200  # stored values are short: codes, numbers, dates, names of things


def value_is_storable(model, model_field) -> bool:
    """GDPR-5 without personal values: registered personal fields never; free text and JSON
    only when the registry says they are not personal; on personal-data models, any text
    that is not a fixed choice only when registered as not personal."""
    personal, not_personal = personal_fields(), declared_not_personal()
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
def compared_fields(model) -> tuple[tuple[str, str, bool], ...]:
    """(name, attname, value storable) of the fields compared, auto-timestamps left out."""
    return tuple(
        (f.name, f.attname, value_is_storable(model, f))
        for f in model._meta.concrete_fields
        if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    )


def plain(value):
    if isinstance(value, models.Model):  # update(programme_year=year) stores the key
        return value.pk
    if isinstance(value, str) and len(value) > TEXT_LIMIT:
        return value[:TEXT_LIMIT] + "…"
    return value


def snapshot(instance) -> dict:
    values = instance.__dict__
    return {
        attname: copy.deepcopy(values[attname])
        if isinstance(values[attname], list | dict)
        else values[attname]
        for _, attname, _ in compared_fields(type(instance))
        if attname in values
    }


def describe(model, pk) -> str:
    """Never the object's str() (a person's name): its kind and id."""
    return f"{str(model._meta.verbose_name).capitalize()} #{pk}"[:200]


def values_storable(instance) -> bool:
    """A model may say that one of its rows is personal data as a whole (a sole trader's
    business is the person): then no value of it is kept, only the names of the fields."""
    check = getattr(instance, "audit_values_storable", None)
    return check() if check is not None else True


_MISSING = object()


def changes_of(instance, old: dict, update_fields) -> tuple[list[str], dict]:
    values = instance.__dict__
    names, changes = [], {}
    keep_values = values_storable(instance)
    for name, attname, storable in compared_fields(type(instance)):
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
            changes[name] = [None if before is _MISSING else plain(before), plain(new)]
    return names, changes


def initial_values(instance) -> tuple[list[str], dict]:
    """A new object: the fields given a value, and the values that are not personal."""
    values = instance.__dict__
    names, changes = [], {}
    keep_values = values_storable(instance)
    for name, attname, storable in compared_fields(type(instance)):
        value = values.get(attname)
        if value in (None, "", [], {}) or attname == instance._meta.pk.attname:
            continue
        names.append(name)
        if storable and keep_values:
            changes[name] = plain(value)
    return names, changes
