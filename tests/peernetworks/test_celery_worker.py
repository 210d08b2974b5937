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
