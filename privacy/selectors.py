"""Reads for UK GDPR rights (SPEC §10): everything held about one participant (GDPR-2) and
who is past their programme year's retention period (GDPR-4). Which tables hold what, and how
their rows reach the participant, each model declares (peernetworks.personal_data)."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from participants.models import Participant
from peernetworks.models import ProgrammeYear
from peernetworks.personal_data import subject_lookups
from peernetworks.spreadsheets import csv_text


def subject_rows(label: str, participant: Participant) -> models.QuerySet:
    """The rows of one table that are about this participant."""
    model = apps.get_model(label)
    condition = Q()
    for lookup in subject_lookups()[label]:
        condition |= Q(**{lookup: participant.pk})
    return model._default_manager.filter(condition).distinct().order_by("pk")


# Subject access (GDPR-2)


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    for field in obj._meta.many_to_many:
        data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def participant_subject_access(participant: Participant) -> dict:
    """Everything held about one participant, JSON-serialisable, one list per table."""
    tables = {}
    for label in subject_lookups():
        rows = [_row(obj) for obj in subject_rows(label, participant)]
        if rows:
            tables[label] = rows
    return {
        "participant_id": participant.pk,
        "generated_at": timezone.now().isoformat(),
        "tables": tables,
    }


def subject_access_rows(export: dict) -> list[tuple]:
    """(table, id, field, value) for every value of an export."""
    rows = []
    for label, records in export["tables"].items():
        for record in records:
            for field, value in record.items():
                if field == "id":
                    continue
                if isinstance(value, dict | list):
                    value = json.dumps(value, sort_keys=True)
                rows.append((label, record.get("id"), field, "" if value is None else value))
    return rows


def subject_access_csv(export: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "id", "field", "value"])
    writer.writerows([csv_text(value) for value in row] for row in subject_access_rows(export))
    return out.getvalue()


def subject_access_record_count(export: dict) -> int:
    return sum(len(records) for records in export["tables"].values())


# Retention (GDPR-4)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def records_past_retention(today: date) -> models.QuerySet:
    """Participants not yet anonymised whose programme year ended more than its
    `retention_years` ago."""
    expired = [
        year.pk
        for year in ProgrammeYear.objects.all()
        if _years_after(year.end, year.retention_years) < today
    ]
    return (
        Participant.objects.filter(programme_year__in=expired)
        .exclude(email__startswith="erased-", email__endswith="@invalid.example")
        .select_related("business", "programme_year")
        .order_by("programme_year__end", "pk")
    )
