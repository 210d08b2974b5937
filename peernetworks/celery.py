"""The Celery app, configured from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peernetworks.settings.local")

app = Celery("peernetworks")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every scheduled job, in one place. Times are UTC; anything daily runs outside the
# 01:00-03:00 Europe/London clock-change window.
app.conf.beat_schedule = {
    # SES-5: hourly, at 5 past, joining instructions for sessions due them.
    "send-joining-instructions": {
        "task": "sessions.tasks.send_joining_instructions",
        "schedule": crontab(minute=5),
    },
    # KPI-1: the previous month's returns on the 1st, at 06:15 UTC (after any clock change).
    "compile-kpi-returns": {
        "task": "reporting.tasks.compile_previous_month",
        "schedule": crontab(minute=15, hour=6, day_of_month=1),
    },
    # KPI-1: daily at 07:30 UTC, unsubmitted returns past the 7th are marked overdue.
    "mark-overdue-returns": {
        "task": "reporting.tasks.mark_overdue_returns",
        "schedule": crontab(minute=30, hour=7),
    },
    # SUR-1, SUR-5: daily at 08:30 UTC (09:30 in summer), survey invitations due, feedback
    # links not yet sent, and bounded reminders; also `manage.py send_survey_reminders`.
    "send-survey-reminders": {
        "task": "feedback.tasks.send_survey_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # Tasks kept while the broker was down are sent again (peernetworks.queue).
    "retry-pending-tasks": {
        "task": "peernetworks.tasks.retry_pending_tasks",
        "schedule": crontab(minute="*/5"),
    },
    "healthz-heartbeat": {
        "task": "peernetworks.tasks.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
}
