"""The quality models belong to this app: their content types (and so their permissions and
admin history) and the audit trail's stored labels follow them.

The audit trail names a model by its lower-case label in `model_label` ("quality.qualityitem")
and, in an erasure's event, by its label in `changed_fields` and as a key of `changes`
("quality.QualityItem")."""

from django.db import migrations

from peernetworks.model_moves import move_audit_labels, move_content_types

MODELS = [
    "QualityItem",
    "QualityItemUpdate",
    "QualityAction",
    "PractitionerProfile",
    "ProfileCheck",
    "FacilitatorPeerGroup",
    "PeerGroupMeeting",
    "AlumniConsent",
    "ContinuingSession",
]


def forwards(apps, schema_editor):
    move_content_types(apps, "cohorts", "quality", MODELS)
    move_audit_labels(apps, "cohorts", "quality", MODELS)


def backwards(apps, schema_editor):
    move_content_types(apps, "quality", "cohorts", MODELS)
    move_audit_labels(apps, "quality", "cohorts", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_initial"),
        ("cohorts", "0007_quality_moved_to_quality_app"),
        ("peernetworks", "0007_plausible_dates"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
