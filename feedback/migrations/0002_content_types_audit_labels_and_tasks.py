"""The feedback models now belong to this app: their content types (and so permissions and
admin history), the audit trail's stored labels and any kept tasks follow them.

The audit trail names a model by its lower-case label in `model_label`
("feedback.sessionfeedback") and, in an erasure's event, by its label in `changed_fields` and
as a key of `changes` ("feedback.SessionFeedback")."""

from django.db import migrations

from peernetworks.model_moves import move_audit_labels, move_content_types, move_task_names

MODELS = [
    "SessionFeedback",
    "FeedbackInvitation",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyAnswer",
]
TASKS = ["send_session_feedback_links", "send_survey_invitation", "send_survey_reminders"]


def forwards(apps, schema_editor):
    move_content_types(apps, "participants", "feedback", MODELS)
    move_audit_labels(apps, "participants", "feedback", MODELS)
    move_task_names(apps, "participants", "feedback", TASKS)


def backwards(apps, schema_editor):
    move_content_types(apps, "feedback", "participants", MODELS)
    move_audit_labels(apps, "feedback", "participants", MODELS)
    move_task_names(apps, "feedback", "participants", TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("participants", "0011_feedback_moved_to_feedback_app"),
        ("peernetworks", "0007_plausible_dates"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
