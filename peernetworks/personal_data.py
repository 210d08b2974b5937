"""What each model declares about personal data and the audit trail, read through the app
registry, so the core (audit) and the privacy app never name the programme apps.

A model declares, beside `HUB_SCOPE`:
- `AUDITED = True`: every change is recorded in the audit trail (GDPR-5); its default
  manager must be an AuditedManager, so bulk paths are recorded too.
- `PERSONAL_FIELDS`: the fields holding a participant's personal data (never stored in the
  audit trail; blanked or replaced on erasure, GDPR-3).
- `NOT_PERSONAL`: the free-text or JSON fields of a personal-data model that are not, and why
  (tests/gdpr fail when such a model gains a text field in neither).
- `SUBJECT_LOOKUPS`: how a row reaches the participant it is about (subject access, GDPR-2).
"""

from functools import cache

from django.apps import apps
from django.db import models

CHOICE = "a fixed choice (coded value), no free text about the person"
RULE_CODES = "eligibility rule codes copied from the assessment, not about the person"


def _declaring(attribute: str) -> list[type[models.Model]]:
    return [model for model in apps.get_models() if attribute in model.__dict__]


@cache
def audited_models() -> tuple[type[models.Model], ...]:
    return tuple(model for model in apps.get_models() if model.__dict__.get("AUDITED"))


@cache
def personal_fields() -> dict[str, tuple[str, ...]]:
    """Model label -> its personal fields."""
    return {m._meta.label: tuple(m.PERSONAL_FIELDS) for m in _declaring("PERSONAL_FIELDS")}


@cache
def not_personal() -> dict[str, dict[str, str]]:
    """Model label -> {field: why it is not personal data}."""
    return {m._meta.label: dict(m.NOT_PERSONAL) for m in _declaring("NOT_PERSONAL")}


@cache
def subject_lookups() -> dict[str, tuple[str, ...]]:
    """Model label -> the lookups from its rows to the participant they are about."""
    return {m._meta.label: tuple(m.SUBJECT_LOOKUPS) for m in _declaring("SUBJECT_LOOKUPS")}
