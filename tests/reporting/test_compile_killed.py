"""KPI-1, KPI-4: a compile killed mid-way (SIGKILL, as when a worker dies)
leaves nothing half-written, and running it again stores exactly what a clean compile stores.

The compile runs as `manage.py compile_kpi_return` in a separate process against a throwaway
database (a SQLite file; PostgreSQL too where DATABASE_URL points at it). It is killed at a
fixed point: with PN_FAULT_TEST_PAUSE_COMPILE set, the compile stops once it has written the
returns but not their revisions nor committed (reporting.services), and the test kills it
there. The Celery task that runs it in production is acknowledged late and re-queued when its
worker dies, so it is simply run again.

The month is the demo's: `seed_demo` builds the programme year covering today and compiles (and
mostly submits) the returns of every month that has ended. After seeding, the test takes the
latest ended month with feedback submitted in it (the last month before today, unless that one
had none) and deletes that month's returns and their revisions, so the killed compile is the
month's first.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from reporting.services import FAULT_TEST_PAUSE
from reporting.tasks import compile_previous_month

ROOT = Path(__file__).resolve().parents[2]

# Picks the month, in the seeded database and on its clock: the latest month that has ended
# by today, a programme year covers and had feedback submitted in it (so that CHANGE below
# changes its figures); then deletes that month's returns (their revisions go with them), as if
# the scheduled compile had not run yet. Prints the month as YYYY-MM.
PREPARE = """
from datetime import timedelta
from django.utils import timezone
from feedback.models import SessionFeedback
from peernetworks.models import ProgrammeYear
from reporting.kpi import month_end
from reporting.models import KpiReturn
from reporting.services import programme_year_for
today = timezone.localdate()
first = ProgrammeYear.objects.order_by("start").values_list("start", flat=True).first()
month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
while not SessionFeedback.objects.filter(
    submitted_on__range=(month, month_end(month)),
    participant__programme_year=programme_year_for(month),
).exists():
    assert first is not None and month > first, "no ended month of the demo has feedback"
    month = (month - timedelta(days=1)).replace(day=1)
KpiReturn.objects.filter(month=month).delete()
print(f"{month:%Y-%m}")
"""
# What the database holds for the month: each return and its revisions, without timestamps.
SNAPSHOT = """
import json
from reporting.kpi import parse_month
from reporting.models import KpiReturn, KpiReturnRevision
month = parse_month("{month}")
returns = {{
    r.hub.slug: {{"status": r.status, "due": r.due_date.isoformat(), **r.figures()}}
    for r in KpiReturn.objects.filter(month=month).select_related("hub")
}}
revisions = sorted(
    (r.kpi_return.hub.slug, r.action, json.dumps(r.figures, sort_keys=True))
    for r in KpiReturnRevision.objects.filter(kpi_return__month=month).select_related(
        "kpi_return__hub"
    )
)
print(json.dumps({{"returns": returns, "revisions": revisions}}, sort_keys=True))
"""
# What a clean compile computes for the month (its read side only, nothing stored).
FIGURES = """
import json
from reporting.kpi import parse_month
from reporting.services import kpi_figures
compiled = kpi_figures(month=parse_month("{month}"))
print(json.dumps({{hub.slug: figures for hub, figures in compiled.hubs}}, sort_keys=True))
"""
# Changes the month's facts, so that the next compile has something to update: the feedback
# submitted in the month goes (the year-to-date responses and mean satisfaction change).
CHANGE = """
from feedback.models import SessionFeedback
from reporting.kpi import month_end, parse_month
month = parse_month("{month}")
SessionFeedback.objects.filter(submitted_on__range=(month, month_end(month))).delete()
"""


def environment(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "PN_"))}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="peernetworks.settings.local")
    return env


def manage(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def snapshot(database_url: str, month: str) -> dict:
    return json.loads(manage(database_url, "shell", "-c", SNAPSHOT.format(month=month)))


def clean_figures(database_url: str, month: str) -> dict:
    return json.loads(manage(database_url, "shell", "-c", FIGURES.format(month=month)))


def compile_killed_midway(database_url: str, month: str, marker: Path) -> None:
    """Starts the compile, waits until it has written the returns, then SIGKILLs it."""
    env = {**environment(database_url), FAULT_TEST_PAUSE: str(marker)}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "compile_kpi_return", "--month", month],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the compile never reached the pause point"
            time.sleep(0.1)
        assert marker.read_text() == str(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    marker.unlink()


def stored_figures(state: dict) -> dict:
    return {
        hub: {k: v for k, v in row.items() if k not in ("status", "due")}
        for hub, row in state["returns"].items()
    }


def killed_and_rerun(database_url: str, tmp_path: Path) -> None:
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "seed_demo")
    month = manage(database_url, "shell", "-c", PREPARE)
    assert re.fullmatch(r"\d{4}-\d{2}", month), month
    marker = tmp_path / "compile-paused"

    # Killed during the month's first compile: no return and no revision remains.
    assert snapshot(database_url, month) == {"returns": {}, "revisions": []}
    compile_killed_midway(database_url, month, marker)
    assert snapshot(database_url, month) == {"returns": {}, "revisions": []}

    # Run again: exactly a clean compile, one revision per return.
    manage(database_url, "compile_kpi_return", "--month", month)
    first = snapshot(database_url, month)
    assert first["returns"] and stored_figures(first) == clean_figures(database_url, month)
    assert len(first["revisions"]) == len(first["returns"])
    assert {row["status"] for row in first["returns"].values()} == {"draft"}

    # The facts change; a re-compile is killed after updating the drafts: they stay as they were.
    manage(database_url, "shell", "-c", CHANGE.format(month=month))
    expected = clean_figures(database_url, month)
    assert expected != stored_figures(first)
    compile_killed_midway(database_url, month, marker)
    assert snapshot(database_url, month) == first

    # Run again: the new figures, and one new revision for each return that changed.
    manage(database_url, "compile_kpi_return", "--month", month)
    second = snapshot(database_url, month)
    assert stored_figures(second) == expected
    changed = sum(1 for hub in expected if expected[hub] != stored_figures(first)[hub])
    assert len(second["revisions"]) == len(first["revisions"]) + changed

    # Once more changes nothing (KPI-4: idempotent).
    manage(database_url, "compile_kpi_return", "--month", month)
    assert snapshot(database_url, month) == second


def test_the_monthly_compile_task_is_run_again_if_its_worker_dies():
    assert compile_previous_month.acks_late is True
    assert compile_previous_month.reject_on_worker_lost is True


def test_a_killed_compile_leaves_nothing_half_written_in_sqlite(tmp_path):
    killed_and_rerun(f"sqlite:///{tmp_path / 'compile.sqlite3'}", tmp_path)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL runs where DATABASE_URL is PostgreSQL (CI)",
)
def test_a_killed_compile_leaves_nothing_half_written_in_postgresql(tmp_path):
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"pn_killed_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        killed_and_rerun(f"{base}/{name}", tmp_path)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
