"""Benchmark: the KPI compile at national scale against a hand-written SQL aggregate.

Usage (PostgreSQL with the national demo loaded: two programme years by default, the running
one and the closed one before it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pn_national \
        .venv/bin/python manage.py seed_demo --scale national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pn_national \
        .venv/bin/python benchmarks/kpi_compile.py [--month YYYY-MM]

The month defaults to the last one that has ended (the one the scheduled job compiles on the
1st). Prints the compile's time and query count, the time of one hand-written SQL statement
that computes the same per-hub figures for the programme year covering the month (PY-1: the
other years' records are in the tables but not counted), the time to read every table of the
project once, and the ratios. Figures are recorded in docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peernetworks.settings.local")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from reporting.kpi import Period, month_end, parse_month  # noqa: E402
from reporting.services import kpi_figures, programme_year_for  # noqa: E402

LOCAL_APPS = [
    "peernetworks",
    "participants",
    "cohorts",
    "programme_sessions",
    "one_to_one",
    "reporting",
]

# The same per-hub facts as reporting/facts.py, in one statement (PostgreSQL): only the records
# of the programme year covering the month (PY-1).
HAND_WRITTEN = """
WITH
p AS (
  SELECT b.hub_id,
    COUNT(*) FILTER (WHERE p.registered_on BETWEEN %(start)s AND %(end)s) AS registered,
    COUNT(*) FILTER (WHERE p.registered_on BETWEEN %(start)s AND %(end)s AND (
      p.eligibility_outcome IN ('eligible', 'eligible_with_flexibility')
      OR (p.eligibility_outcome = 'needs_discretion' AND p.discretion_decision = 'approved'
          AND p.discretion_decided_on <= %(end)s)))
      AS eligible,
    COUNT(*) FILTER (WHERE p.dropped_out_on BETWEEN %(start)s AND %(end)s) AS dropped
  FROM participants_participant p JOIN participants_business b ON b.id = p.business_id
  WHERE p.programme_year_id = %(year)s
  GROUP BY b.hub_id),
ds AS (
  SELECT s.*, c.hub_id FROM programme_sessions_session s
  JOIN cohorts_cohort c ON c.id = s.cohort_id
  WHERE c.programme_year_id = %(year)s
    AND s.status = 'delivered' AND s.starts_at >= %(lo)s AND s.starts_at < %(hi)s),
s AS (
  SELECT hub_id, COUNT(*) AS sessions,
    COUNT(*) FILTER (WHERE starts_at >= %(mlo)s) AS in_month,
    SUM(duration_hours) AS hours, COUNT(DISTINCT cohort_id) AS cohorts
  FROM ds GROUP BY hub_id),
cc AS (
  SELECT hub_id, COUNT(*) AS completed FROM (
    SELECT hub_id, cohort_id FROM ds GROUP BY hub_id, cohort_id
    HAVING SUM(duration_hours) >= %(required)s) x GROUP BY hub_id),
att AS (
  SELECT a.participant_id, b.hub_id,
    SUM(COALESCE(a.minutes_attended, ds.duration_hours * 60)) AS minutes
  FROM programme_sessions_attendance a JOIN ds ON ds.id = a.session_id
  JOIN participants_participant p ON p.id = a.participant_id
  JOIN participants_business b ON b.id = p.business_id
  WHERE a.status IN ('present', 'late', 'left_early')
  GROUP BY a.participant_id, b.hub_id),
started AS (
  SELECT hub_id, COUNT(*) AS started,
    COUNT(*) FILTER (WHERE minutes >= %(required)s * 60) AS completed_hours
  FROM att GROUP BY hub_id),
oto AS (
  SELECT o.participant_id, b.hub_id,
    SUM(o.hours) FILTER (WHERE o.route = 'programme') AS programme,
    SUM(o.hours) FILTER (WHERE o.route = 'existing_provision') AS existing
  FROM one_to_one_onetoonesession o JOIN participants_participant p ON p.id = o.participant_id
  JOIN participants_business b ON b.id = p.business_id
  WHERE p.programme_year_id = %(year)s AND o.date BETWEEN %(start)s AND %(end)s
  GROUP BY o.participant_id, b.hub_id),
o AS (
  SELECT hub_id, SUM(programme) AS programme, SUM(existing) AS existing,
    COUNT(*) FILTER (WHERE COALESCE(programme, 0) + COALESCE(existing, 0) >= %(minimum)s) AS met
  FROM oto GROUP BY hub_id),
f AS (
  SELECT b.hub_id, COUNT(*) AS responses, SUM(f.satisfaction) AS satisfaction
  FROM participants_sessionfeedback f JOIN participants_participant p ON p.id = f.participant_id
  JOIN participants_business b ON b.id = p.business_id
  WHERE p.programme_year_id = %(year)s AND f.submitted_on BETWEEN %(start)s AND %(end)s
  GROUP BY b.hub_id),
ob AS (
  SELECT c.hub_id, COUNT(*) AS observations FROM programme_sessions_observation ob
  JOIN programme_sessions_session s ON s.id = ob.session_id
  JOIN cohorts_cohort c ON c.id = s.cohort_id
  WHERE c.programme_year_id = %(year)s AND ob.completed_on BETWEEN %(start)s AND %(end)s
  GROUP BY c.hub_id),
sv AS (
  SELECT b.hub_id, COUNT(*) FILTER (WHERE r.kind = 'baseline') AS baseline,
    COUNT(*) FILTER (WHERE r.kind = 'exit') AS exit
  FROM participants_surveyresponse r JOIN participants_participant p ON p.id = r.participant_id
  JOIN participants_business b ON b.id = p.business_id
  WHERE p.programme_year_id = %(year)s AND r.completed_on BETWEEN %(start)s AND %(end)s
  GROUP BY b.hub_id),
t AS (
  SELECT ds.hub_id, json_object_agg(x.name, x.n) AS topics FROM (
    SELECT ds.hub_id, tp.name, COUNT(DISTINCT ds.id) AS n FROM ds
    JOIN programme_sessions_session_topics st ON st.session_id = ds.id
    JOIN programme_sessions_topic tp ON tp.id = st.topic_id GROUP BY ds.hub_id, tp.name) x
  JOIN (SELECT DISTINCT hub_id FROM ds) ds ON ds.hub_id = x.hub_id GROUP BY ds.hub_id)
SELECT h.id, p.registered, p.eligible, p.dropped, s.sessions, s.in_month, s.hours, s.cohorts,
  cc.completed, started.started, started.completed_hours, o.programme, o.existing, o.met,
  f.responses, f.satisfaction, ob.observations, sv.baseline, sv.exit, t.topics
FROM peernetworks_growthhub h
LEFT JOIN p ON p.hub_id = h.id LEFT JOIN s ON s.hub_id = h.id LEFT JOIN cc ON cc.hub_id = h.id
LEFT JOIN started ON started.hub_id = h.id LEFT JOIN o ON o.hub_id = h.id
LEFT JOIN f ON f.hub_id = h.id LEFT JOIN ob ON ob.hub_id = h.id LEFT JOIN sv ON sv.hub_id = h.id
LEFT JOIN t ON t.hub_id = h.id
"""


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def read_every_table() -> int:
    rows = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label in LOCAL_APPS:
                cursor.execute(f'SELECT * FROM "{model._meta.db_table}"')
                rows += len(cursor.fetchall())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", help="YYYY-MM (default: the last month that has ended)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.month is None:
        args.month = f"{timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}"
    month = parse_month(args.month)
    year = programme_year_for(month)
    period = Period(month_start=month, month_end=month_end(month), year_start=year.start)
    lo, hi = period.to_date
    mlo, _ = period.in_month
    params = {
        "year": year.pk,
        "start": year.start,
        "end": period.month_end,
        "lo": lo,
        "hi": hi,
        "mlo": mlo,
        "required": year.group_hours_required,
        "minimum": year.one_to_one_minimum_hours,
    }

    with CaptureQueriesContext(connection) as queries:
        kpi_figures(month=month)
    compile_time, _ = timed(lambda: kpi_figures(month=month), args.repeat)

    def hand_written():
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN, params)
            return cursor.fetchall()

    sql_time, rows = timed(hand_written, args.repeat)
    read_time, table_rows = timed(read_every_table, max(1, args.repeat // 2))

    print(f"database:            {connection.vendor}")
    print(f"month:               {args.month} ({year.name})")
    print(f"rows in the tables:  {table_rows}")
    print(f"compile:             {compile_time * 1000:.1f} ms, {len(queries)} queries")
    print(f"hand-written SQL:    {sql_time * 1000:.1f} ms, 1 query, {len(rows)} hubs")
    print(f"read every table:    {read_time * 1000:.1f} ms")
    print(f"compile / SQL:       {compile_time / sql_time:.2f}x (goal: within 2x)")
    print(f"compile / read all:  {compile_time / read_time:.2f}x (bar: at most 3x)")


if __name__ == "__main__":
    main()
