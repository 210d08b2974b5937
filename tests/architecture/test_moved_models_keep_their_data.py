"""Feedback and quality models moved out of participants and cohorts into their own apps,
keeping their tables. A database holding the demo programme, taken back to the schema before
the move and brought forward again, keeps every row, its values, the content types (so
permissions and admin history) and the stored audit history, relabelled."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peernetworks.models import AuditEvent

MOVED = {
    "feedback": (
        "participants",
        [
            "SessionFeedback",
            "FeedbackInvitation",
            "SurveyQuestion",
            "SurveyResponse",
            "SurveyAnswer",
        ],
    ),
    "quality": (
        "cohorts",
        [
            "QualityItem",
            "QualityItemUpdate",
            "QualityAction",
            "PractitionerProfile",
            "ProfileCheck",
            "FacilitatorPeerGroup",
            "PeerGroupMeeting",
            "AlumniConsent",
            "ContinuingSession",
        ],
    ),
}
BEFORE_THE_MOVE = [("feedback", None), ("quality", None)]


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table the moved models use, read with plain SQL."""
    tables = {}
    with connection.cursor() as cursor:
        for app_label, (_old, names) in MOVED.items():
            for name in names:
                model = apps.get_model(app_label, name)
                table = model._meta.db_table
                cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - our names
                tables[table] = cursor.fetchall()
    return tables


def _labels(app_label: str) -> tuple[set[str], set[str]]:
    _old, names = MOVED[app_label]
    return {n.lower() for n in names}, set(names)


def _audit_labels() -> set[str]:
    return set(AuditEvent.objects.values_list("model_label", flat=True))


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_demo_programme_survives_the_move_of_feedback_and_quality():
    call_command("seed_demo", "--scale", "small")
    before = _snapshot()
    assert sum(len(rows) for rows in before.values()) > 100
    assert all(before[apps.get_model("feedback", "SessionFeedback")._meta.db_table])
    content_types = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    labels = _audit_labels()
    assert {"feedback.sessionfeedback", "quality.qualityitem"} & labels

    _migrate(BEFORE_THE_MOVE)

    # Before the move, everything carries the old app's name.
    old_labels = _audit_labels()
    for app_label, (old, names) in MOVED.items():
        lowered = {n.lower() for n in names}
        assert not {
            label
            for label in old_labels
            if label.split(".")[0] == app_label and label.split(".")[1] in lowered
        }
        assert ContentType.objects.filter(app_label=old, model__in=lowered).exists()

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert _snapshot() == before
    assert _audit_labels() == labels
    for app_label, (old, names) in MOVED.items():
        for name in names:
            model = name.lower()
            assert not ContentType.objects.filter(app_label=old, model=model).exists()
            moved = ContentType.objects.filter(app_label=app_label, model=model).first()
            if (app_label, model) in content_types and moved is not None:
                # The content type (and what points at it) is the one from before the move.
                assert moved.pk == content_types[(app_label, model)]
