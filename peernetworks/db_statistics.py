"""Planner statistics after a bulk load.

A database filled in one go (seed_demo, import_programme, restore_database) has no statistics
until autovacuum gets round to it, and PostgreSQL then plans some portal queries a hundred times
slower than they need be (docs/performance.md measured 515 ms against 4 ms). The commands that
load in bulk refresh the statistics themselves rather than leave it to the operator.
"""

from django.db import connections


def planner_statistics_refresh(using: str = "default") -> None:
    """ANALYZE the whole database (PostgreSQL and SQLite both understand it)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
