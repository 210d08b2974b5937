"""Production settings: refuse to start without a secret, DEBUG off, check --deploy clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_production_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="peernetworks.settings.production",
        DJANGO_ALLOWED_HOSTS="pn.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_passes_the_deployment_checklist_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="peernetworks.settings.production",
        DJANGO_SECRET_KEY="x" * 30 + "a-long-random-production-secret-1234567890",
        DJANGO_ALLOWED_HOSTS="pn.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_it_keeps_debug_off_in_production_whatever_the_environment_says():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SETTINGS_MODULE="peernetworks.settings.production",
        DJANGO_SECRET_KEY="y" * 60,
        DJANGO_ALLOWED_HOSTS="pn.example.org",
        DJANGO_DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_production_writes_one_json_object_per_log_line_and_starts_sentry_with_a_dsn():
    import json

    result = manage(
        "shell",
        "-c",
        "import logging, sentry_sdk; print(sentry_sdk.get_client().is_active()); "
        "logging.getLogger('peernetworks.check').warning('hello %s', 'there')",
        DJANGO_SETTINGS_MODULE="peernetworks.settings.production",
        DJANGO_SECRET_KEY="z" * 60,
        DJANGO_ALLOWED_HOSTS="pn.example.org",
        SENTRY_DSN="https://public@127.0.0.1:9/1",  # never reached: no event is sent
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    hello = next(line for line in lines if line["logger"] == "peernetworks.check")
    assert (hello["level"], hello["message"]) == ("WARNING", "hello there")
    assert result.stdout.strip().endswith("True")  # error reporting started
