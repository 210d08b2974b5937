"""The schedule's, observations' and joining instructions' tasks belong to this app: tasks kept
in the outbox (`PendingTask.task`, the task's dotted name) are renamed to match, so they can
still be sent."""

from django.db import migrations

from peernetworks.model_moves import move_task_names

TASKS = [
    "send_joining_instructions",
    "notify_facilitator_of_observation",
    "notify_session_rescheduled",
]


def forwards(apps, schema_editor):
    move_task_names(apps, "cohorts", "sessions", TASKS)


def backwards(apps, schema_editor):
    move_task_names(apps, "sessions", "cohorts", TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("programme_sessions", "0005_plausible_dates"),
        ("peernetworks", "0007_plausible_dates"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
