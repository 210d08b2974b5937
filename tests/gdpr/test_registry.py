"""GDPR-1: every text or JSON field of a model holding personal data is classified, so a model
gaining an unregistered personal field fails here."""

from django.apps import apps
from django.db import models

from peernetworks.personal_data import not_personal, personal_fields, subject_lookups

LOCAL_APPS = [
    "peernetworks",
    "participants",
    "cohorts",
    "programme_sessions",
    "one_to_one",
    "feedback",
    "quality",
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
            registered = field.name in personal_fields().get(label, [])
            allowed = field.name in not_personal().get(label, {})
            if not (registered or allowed):
                unclassified.append(f"{label}.{field.name}")
    assert unclassified == [], (
        "Declare these in the model's PERSONAL_FIELDS, or in its NOT_PERSONAL with a reason"
    )


def test_no_field_is_both_personal_and_not_personal():
    for label, names in personal_fields().items():
        assert not set(names) & set(not_personal().get(label, {})), label


def test_every_registered_field_exists():
    for registry in (personal_fields(), not_personal()):
        for label, names in registry.items():
            model = apps.get_model(label)
            for name in names:
                model._meta.get_field(name)  # raises FieldDoesNotExist


def test_every_allow_listed_field_gives_a_reason():
    for label, reasons in not_personal().items():
        for name, reason in reasons.items():
            assert reason.strip(), f"{label}.{name}"


def test_every_personal_data_model_says_how_it_reaches_its_participant():
    missing = [m._meta.label for m in personal_models() if m._meta.label not in subject_lookups()]
    assert missing == []
    assert set(personal_fields()) <= set(subject_lookups())


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
                assert model._meta.label in subject_lookups(), model._meta.label


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
