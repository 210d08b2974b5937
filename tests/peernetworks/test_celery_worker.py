"""A real task through the real broker to a real worker process (CI sets CELERY_BROKER_URL)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set: no broker to test"),
]


@pytest.fixture(scope="module")
def worker():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peernetworks.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "peernetworks",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_it_runs_a_task_on_a_real_worker(worker, settings):
    from peernetworks.celery import app
    from peernetworks.tasks import ping

    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        result = ping.apply_async()
        assert result.get(timeout=max(1, deadline - time.monotonic())) == "pong"
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_the_command_sends_a_kept_task_to_the_worker(worker):
    """`manage.py retry_pending_tasks` in a fresh process (no worker has loaded the tasks
    there) sends a task kept in the outbox through the broker to the real worker."""
    from celery.result import AsyncResult
    from django.db import connection

    from peernetworks.celery import app
    from peernetworks.models import PendingTask

    PendingTask.objects.create(task="peernetworks.tasks.ping", args=[])
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        url = f"sqlite:///{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peernetworks.settings.local",
        "DATABASE_URL": url,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "retry_pending_tasks"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 task(s) sent." in done.stdout
    task_id = done.stdout.split(" as task ")[1].split(".")[0]
    app.conf.task_always_eager = False
    try:
        assert AsyncResult(task_id, app=app).get(timeout=60) == "pong"
    finally:
        app.conf.task_always_eager = True
    assert not PendingTask.objects.exists()
