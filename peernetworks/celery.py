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
        "task": "cohorts.tasks.send_joining_instructions",
        "schedule": crontab(minute=5),
    },
    "healthz-heartbeat": {
        "task": "peernetworks.tasks.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
}
