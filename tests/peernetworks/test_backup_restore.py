"""`make backup` / `make restore` round trip on the demo data (the commands they run),
against a throwaway database: a SQLite file, and PostgreSQL when DATABASE_URL points at it."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT = (
    "from participants.models import Participant; from sessions.models import Attendance; "
    "print(Participant.objects.count(), Attendance.objects.count())"
)


def manage(database_url: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="peernetworks.settings.local")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def round_trip(database_url: str, backup: Path) -> None:
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "seed_demo")
    before = manage(database_url, "shell", "-c", COUNT)
    assert before.split()[0] != "0"
    manage(database_url, "backup_database", "--output", str(backup))
    manage(
        database_url,
        "shell",
        "-c",
        "from sessions.models import Attendance; Attendance.objects.all().delete()",
    )
    assert manage(database_url, "shell", "-c", COUNT) != before
    manage(database_url, "restore_database", "--yes", str(backup))
    assert manage(database_url, "shell", "-c", COUNT) == before


def test_it_backs_up_and_restores_a_sqlite_database(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'demo.sqlite3'}", tmp_path / "demo.backup")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL round trip runs where DATABASE_URL is PostgreSQL (CI)",
)
def test_it_backs_up_and_restores_a_postgresql_database(tmp_path):
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"pn_backup_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        round_trip(f"{base}/{name}", tmp_path / "demo.backup")
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
