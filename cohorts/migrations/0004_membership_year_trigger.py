"""PY-1 in the database: a cohort member belongs to the cohort's programme year, and so does
every attendance (its participant and its session's cohort). A CHECK cannot read another
table, so on PostgreSQL a trigger refuses any write that mixes years, whatever wrote it; the
services refuse the same with a message naming the field. SQLite relies on the services."""

from django.db import migrations

MEMBERSHIP = """
CREATE OR REPLACE FUNCTION pn_membership_same_year() RETURNS trigger AS $$
BEGIN
  IF (SELECT programme_year_id FROM participants_participant WHERE id = NEW.participant_id)
     IS DISTINCT FROM
     (SELECT programme_year_id FROM cohorts_cohort WHERE id = NEW.cohort_id) THEN
    RAISE EXCEPTION 'cohort_membership_same_programme_year'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cohort_membership_same_programme_year
  BEFORE INSERT OR UPDATE OF participant_id, cohort_id ON cohorts_cohortmembership
  FOR EACH ROW EXECUTE FUNCTION pn_membership_same_year();
"""

ATTENDANCE = """
CREATE OR REPLACE FUNCTION pn_attendance_same_year() RETURNS trigger AS $$
BEGIN
  IF (SELECT programme_year_id FROM participants_participant WHERE id = NEW.participant_id)
     IS DISTINCT FROM
     (SELECT c.programme_year_id FROM programme_sessions_session s
        JOIN cohorts_cohort c ON c.id = s.cohort_id WHERE s.id = NEW.session_id) THEN
    RAISE EXCEPTION 'attendance_same_programme_year'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER attendance_same_programme_year
  BEFORE INSERT OR UPDATE OF participant_id, session_id ON programme_sessions_attendance
  FOR EACH ROW EXECUTE FUNCTION pn_attendance_same_year();
"""

DROP = """
DROP TRIGGER IF EXISTS cohort_membership_same_programme_year ON cohorts_cohortmembership;
DROP FUNCTION IF EXISTS pn_membership_same_year();
DROP TRIGGER IF EXISTS attendance_same_programme_year ON programme_sessions_attendance;
DROP FUNCTION IF EXISTS pn_attendance_same_year();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MEMBERSHIP)
        schema_editor.execute(ATTENDANCE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0003_quality_item_updates"),
        ("participants", "0007_discretion_decided_on"),
        ("programme_sessions", "0003_attendancechange_sessionnote_absencefollowup_and_more"),
    ]

    operations = [migrations.RunPython(create, drop)]
