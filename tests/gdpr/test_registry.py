"""GDPR-1: every text or JSON field of a model holding personal data is classified, so a model
gaining an unregistered personal field fails here."""

from django.apps import apps
from django.db import models

from participants.gdpr import NOT_PERSONAL, PERSONAL_FIELDS, SUBJECT_LOOKUPS

LOCAL_APPS = [
    "peernetworks",
    "participants",
    "cohorts",
    "programme_sessions",
    "one_to_one",
    "reporting",
]
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def personal_models():
    for app in LOCAL_APPS:
        for model in apps.get_app_config(app).get_models():
            if getattr(model, "PERSONAL_DATA", False):
                yield model


def test_every_text_field_of_a_personal_data_model_is_classified():
    unclassified = []
    for model in personal_models():
        label = model._meta.label
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            registered = field.name in PERSONAL_FIELDS.get(label, [])
            allowed = field.name in NOT_PERSONAL.get(label, {})
            if not (registered or allowed):
                unclassified.append(f"{label}.{field.name}")
    assert unclassified == [], (
        "Add these to participants.gdpr.PERSONAL_FIELDS, or to NOT_PERSONAL with a reason"
    )


def test_no_field_is_both_personal_and_not_personal():
    for label, names in PERSONAL_FIELDS.items():
        assert not set(names) & set(NOT_PERSONAL.get(label, {})), label


def test_every_registered_field_exists():
    for registry in (PERSONAL_FIELDS, NOT_PERSONAL):
        for label, names in registry.items():
            model = apps.get_model(label)
            for name in names:
                model._meta.get_field(name)  # raises FieldDoesNotExist


def test_every_allow_listed_field_gives_a_reason():
    for label, reasons in NOT_PERSONAL.items():
        for name, reason in reasons.items():
            assert reason.strip(), f"{label}.{name}"


def test_every_personal_data_model_says_how_it_reaches_its_participant():
    missing = [m._meta.label for m in personal_models() if m._meta.label not in SUBJECT_LOOKUPS]
    assert missing == []
    assert set(PERSONAL_FIELDS) <= set(SUBJECT_LOOKUPS)


def test_every_model_pointing_at_a_participant_is_personal_data_and_reachable():
    from participants.models import Participant

    for app in LOCAL_APPS:
        for model in apps.get_app_config(app).get_models():
            points = any(
                f.is_relation and f.related_model is Participant
                for f in model._meta.get_fields()
                if f.concrete or f.many_to_many
            )
            if points:
                assert getattr(model, "PERSONAL_DATA", False), model._meta.label
                assert model._meta.label in SUBJECT_LOOKUPS, model._meta.label


def test_a_new_unregistered_field_would_fail(monkeypatch):
    """The check above really looks at the models: pretend a field was added."""
    from participants.models import Participant

    field = models.CharField(max_length=50, blank=True)
    field.set_attributes_from_name("nickname")
    field.model = Participant
    monkeypatch.setattr(
        Participant._meta, "concrete_fields", (*Participant._meta.concrete_fields, field)
    )
    try:
        test_every_text_field_of_a_personal_data_model_is_classified()
    except AssertionError:
        return
    raise AssertionError("an unregistered field passed the registry test")
