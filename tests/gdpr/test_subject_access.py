"""GDPR-2: the subject access export holds everything registered about the participant."""

import csv
import io
import json

import pytest

from peernetworks.personal_data import personal_fields, subject_lookups
from privacy.selectors import participant_subject_access, subject_access_csv, subject_rows
from tests.gdpr.world import zq
from tests.participants.factories import BusinessFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_every_table_about_the_participant_is_in_the_export(subject):
    export = participant_subject_access(subject)
    json.dumps(export)  # JSON-serialisable
    for label in subject_lookups():
        expected = set(subject_rows(label, subject).values_list("pk", flat=True))
        assert expected, f"the world leaves {label} empty"
        assert {row["id"] for row in export["tables"][label]} == expected, label


def test_every_registered_value_appears_in_json_and_csv(subject):
    export = participant_subject_access(subject)
    csv_rows = list(csv.DictReader(io.StringIO(subject_access_csv(export))))
    csv_values = {(r["table"], r["id"], r["field"]): r["value"] for r in csv_rows}
    checked = 0
    for label, names in personal_fields().items():
        by_id = {row["id"]: row for row in export["tables"][label]}
        for obj in subject_rows(label, subject):
            for name in names:
                value = getattr(obj, name)
                assert by_id[obj.pk][name] == value, f"{label}.{name}"
                shown = json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
                assert csv_values[(label, str(obj.pk), name)] == shown, f"{label}.{name}"
                checked += 1
    assert checked > 40
    assert subject.email in json.dumps(export)
    assert zq("answer") in json.dumps(export)


def test_the_export_holds_nothing_about_other_participants(subject, hub):
    other = ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=subject.programme_year
    )
    export = participant_subject_access(subject)
    assert [row["id"] for row in export["tables"]["participants.Participant"]] == [subject.pk]
    assert other.email not in json.dumps(export)
