"""Bulk loads refresh the planner's statistics (docs/performance.md: a freshly seeded PostgreSQL
database planned the facilitator portal's query at 515 ms instead of 4 ms)."""

import pytest
from django.core.management import call_command
from django.db import connection

from peernetworks.db_statistics import planner_statistics_refresh
from tests.participants.factories import ParticipantFactory


def _has_statistics(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
                " AND EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = %s)",
                [table],
            )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_refresh_gathers_statistics_for_loaded_tables(programme_year):
    ParticipantFactory.create_batch(3)
    planner_statistics_refresh()
    assert _has_statistics("participants_participant")


@pytest.mark.django_db
def test_seed_demo_leaves_the_planner_statistics_fresh():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _has_statistics("participants_participant")
    assert _has_statistics("programme_sessions_attendance")
