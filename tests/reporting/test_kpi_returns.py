"""KPI-1 and KPI-4: stored drafts, idempotent compiles, frozen submissions, due dates."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import KpiReturn, ReturnAction, ReturnStatus
from reporting.services import (
    kpi_return_reopen,
    kpi_return_submit,
    kpi_returns_compile,
    kpi_returns_mark_overdue,
)
from reporting.tasks import compile_previous_month, mark_overdue_returns, previous_month
from tests.peernetworks.factories import NationalCoordinatorFactory, UserFactory
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
OCTOBER = date(2021, 10, 1)


def load(seed: int = 1, hubs: int = 3) -> dict:
    from reporting.interchange.importer import programme_import

    data = programme(seed, hubs=hubs)
    programme_import(data)
    return data


def test_it_stores_one_draft_per_hub_and_updates_it_in_place():
    load()
    kpi_returns_compile(month=OCTOBER)
    first = {r.hub_id: r.pk for r in KpiReturn.objects.all()}
    assert len(first) == 3
    assert all(r.status == ReturnStatus.DRAFT for r in KpiReturn.objects.all())
    kpi_returns_compile(month=OCTOBER)
    assert {r.hub_id: r.pk for r in KpiReturn.objects.all()} == first
    # A compile that changes nothing adds no revision (KPI-4: idempotent).
    assert all(r.revisions.count() == 1 for r in KpiReturn.objects.all())


def test_it_never_touches_a_submitted_return_until_it_is_reopened():
    load()
    kpi_returns_compile(month=OCTOBER)
    kpi_return = KpiReturn.objects.order_by("hub__slug").first()
    staff = UserFactory(hub=kpi_return.hub)
    with time_machine.travel(datetime(2021, 11, 5, 10, tzinfo=LONDON), tick=False):
        kpi_return_submit(kpi_return=kpi_return, by=staff)
    kpi_return.refresh_from_db()
    assert kpi_return.status == ReturnStatus.SUBMITTED_ON_TIME
    KpiReturn.objects.filter(pk=kpi_return.pk).update(participants_registered=999)
    kpi_returns_compile(month=OCTOBER)
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered == 999  # frozen
    with pytest.raises(ValidationError):
        kpi_return_reopen(kpi_return=kpi_return, by=staff, reason="  ")
    kpi_return_reopen(kpi_return=kpi_return, by=staff, reason="A late attendance correction")
    kpi_returns_compile(month=OCTOBER)
    kpi_return.refresh_from_db()
    assert kpi_return.participants_registered != 999
    actions = list(kpi_return.revisions.values_list("action", flat=True))
    assert ReturnAction.REOPENED in actions and ReturnAction.SUBMITTED in actions


@pytest.mark.parametrize(
    ("submitted", "status"),
    [
        (datetime(2021, 11, 7, 23, 59, tzinfo=LONDON), ReturnStatus.SUBMITTED_ON_TIME),
        (datetime(2021, 11, 8, 0, 1, tzinfo=LONDON), ReturnStatus.SUBMITTED_LATE),
    ],
)
def test_it_is_on_time_up_to_and_including_the_7th(submitted, status):
    load()
    kpi_returns_compile(month=OCTOBER)
    kpi_return = KpiReturn.objects.first()
    assert kpi_return.due_date == date(2021, 11, 7)
    with time_machine.travel(submitted, tick=False):
        kpi_return_submit(kpi_return=kpi_return, by=UserFactory(hub=kpi_return.hub))
    kpi_return.refresh_from_db()
    assert kpi_return.status == status


def test_it_marks_unsubmitted_returns_overdue_after_the_due_date_and_alerts_once(mailoutbox):
    load()
    NationalCoordinatorFactory(email="national@example.org")
    kpi_returns_compile(month=OCTOBER)
    assert kpi_returns_mark_overdue(today=date(2021, 11, 7)) == []
    with time_machine.travel(datetime(2021, 11, 8, 9, tzinfo=LONDON), tick=False):
        assert mark_overdue_returns() == 3
        assert mark_overdue_returns() == 0  # idempotent
    assert KpiReturn.objects.filter(status=ReturnStatus.OVERDUE).count() == 3
    assert len(mailoutbox) == 3
    assert "national@example.org" in mailoutbox[0].to


def test_it_compiles_the_previous_month_on_the_first():
    load()
    assert previous_month(date(2021, 11, 1)) == OCTOBER
    assert previous_month(date(2022, 1, 1)) == date(2021, 12, 1)
    with time_machine.travel(datetime(2021, 11, 1, 6, 15, tzinfo=LONDON), tick=False):
        compile_previous_month()
    assert KpiReturn.objects.filter(month=OCTOBER).count() == 3


def test_it_runs_the_same_number_of_queries_for_any_number_of_hubs():
    from reporting.interchange.importer import programme_import

    load(seed=5, hubs=1)
    with CaptureQueriesContext(connection) as small:
        kpi_returns_compile(month=OCTOBER)
    # Eight more hubs and a second programme year in the same database: a first compile of
    # one of its months runs the same queries.
    programme_import(programme(6, hubs=8, prefix="x", year="2022/23"))
    with CaptureQueriesContext(connection) as large:
        kpi_returns_compile(month=date(2022, 10, 1))
    assert KpiReturn.objects.filter(month=date(2022, 10, 1)).count() == 9
    assert len(large) == len(small)


def test_the_command_prints_exactly_one_json_object_with_every_field():
    load()
    out = StringIO()
    call_command("compile_kpi_return", "--month", "2021-10", "--hub", "h1", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["month"] == "2021-10" and data["due_date"] == "2021-11-07"
    assert [row["hub"] for row in data["hubs"]] == ["h1"]
    assert [row["cluster"] for row in data["clusters"]] == ["south"]
    assert set(data["national"]) == set(data["hubs"][0]) - {"hub"}
    assert KpiReturn.objects.filter(hub__slug="h1").count() == 1
    assert KpiReturn.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2021-13"], "YYYY-MM"),
        (["--month", "2030-01"], "No programme year"),
        (["--month", "2021-10", "--hub", "nowhere"], "Unknown hub"),
    ],
)
def test_the_command_refuses_bad_arguments(args, message):
    load()
    with pytest.raises(CommandError, match=message):
        call_command("compile_kpi_return", *args, stdout=StringIO())
