"""GDPR-3: erasure by anonymisation, in every table, aggregates and KPI returns intact."""

from datetime import date

import pytest
from django.apps import apps
from django.db import models

from participants.models import EqualityData, Participant
from peernetworks.personal_data import personal_fields
from privacy.selectors import subject_rows
from privacy.services import erased_email, is_anonymised, participant_anonymise
from reporting.interchange.importer import programme_import
from reporting.models import KpiReturn
from reporting.services import kpi_figures, kpi_returns_compile
from sessions.models import Attendance
from tests.gdpr.world import populate
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db

MONTHS = [date(2021, m, 1) for m in range(6, 13)] + [date(2022, m, 1) for m in (1, 2, 3)]
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


def figures():
    result = []
    for month in MONTHS:
        compiled = kpi_figures(month=month)
        result.append(
            (
                [(hub.pk, f) for hub, f in compiled.hubs],
                [(c.pk, f) for c, f in compiled.clusters],
                compiled.national,
            )
        )
    return result


def personal_values(participant) -> set[str]:
    values = set()
    for label, names in personal_fields().items():
        if label in ("participants.EqualityData", "participants.EligibilityAssessment"):
            continue
        for obj in subject_rows(label, participant):
            values |= {getattr(obj, n) for n in names if len(getattr(obj, n) or "") > 3}
    return values


def text_values_in_database():
    """Every text and JSON value of every local model, as strings."""
    for app in LOCAL_APPS:
        for model in apps.get_app_config(app).get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            for row in model._default_manager.values_list(*names):
                for value in row:
                    yield model._meta.label, str(value)


@pytest.fixture
def world(db):
    programme_import(programme(5))
    attended = Attendance.objects.values_list("participant", flat=True).first()
    return populate(Participant.objects.get(pk=attended))


def test_no_registered_value_of_the_participant_is_left_anywhere(world):
    values = personal_values(world)
    assert len(values) > 30
    participant_anonymise(participant=world, by=None)
    leaks = [
        (label, value)
        for label, text in text_values_in_database()
        for value in values
        if value in text
    ]
    assert leaks == []
    world.refresh_from_db()
    assert world.first_name == world.last_name == "Erased"
    assert world.email == erased_email(world)
    assert is_anonymised(world)
    assert not EqualityData.objects.filter(participant=world).exists()
    for assessment in world.assessments.all():
        assert assessment.inputs.get("ref", "") == ""


def test_kpi_figures_and_returns_are_unchanged(world):
    kpi_returns_compile(month=date(2021, 10, 1))
    returns_before = [r.figures() for r in KpiReturn.objects.order_by("pk")]
    before = figures()
    counts = {
        m._meta.label: m.objects.count()
        for m in apps.get_app_config("programme_sessions").get_models()
    }
    participant_anonymise(participant=world, by=None)
    assert figures() == before
    assert [r.figures() for r in KpiReturn.objects.order_by("pk")] == returns_before
    assert counts == {
        m._meta.label: m.objects.count()
        for m in apps.get_app_config("programme_sessions").get_models()
    }


def test_anonymising_twice_changes_nothing(world):
    def data():  # the audit trail records each run (GDPR-5), with no personal values
        return [row for row in text_values_in_database() if row[0] != "peernetworks.AuditEvent"]

    participant_anonymise(participant=world, by=None)
    first = data()
    participant_anonymise(participant=world, by=None)
    assert data() == first


def test_other_participants_are_untouched(world):
    others = list(Participant.objects.exclude(pk=world.pk).values_list("pk", "first_name", "email"))
    participant_anonymise(participant=world, by=None)
    assert (
        list(Participant.objects.exclude(pk=world.pk).values_list("pk", "first_name", "email"))
        == others
    )


def test_constraints_hold_after_erasure(world):
    participant_anonymise(participant=world, by=None)
    for app in LOCAL_APPS:
        for model in apps.get_app_config(app).get_models():
            for obj in model._default_manager.all():
                obj.validate_constraints()
