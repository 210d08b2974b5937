"""KPI-5 exports: a return as CSV and XLSX, the evaluator export in its documented column order
(consenting participants only, hub staff only), every export logged and kept to the scope."""

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from feedback.models import SurveyResponse
from participants.models import Participant
from peernetworks.models import User
from reporting.exports import EVALUATOR_COLUMNS, FIGURE_LABELS
from reporting.interchange.importer import programme_import
from reporting.kpi import KPI_FIELDS
from reporting.models import ExportLog, KpiReturn
from reporting.services import kpi_returns_compile
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import FacilitatorFactory, NationalCoordinatorFactory
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
OCTOBER = date(2021, 10, 1)
DOCS = Path(settings.BASE_DIR) / "docs" / "exports.md"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2021, 11, 3, 10, tzinfo=LONDON), tick=False):
        yield


def load(seed: int = 2, hubs: int = 2, prefix: str = "") -> None:
    data = programme(seed, hubs=hubs, prefix=prefix)
    if prefix:
        data["clusters"] = []
    programme_import(data)


@pytest.fixture
def returns():
    load()
    kpi_returns_compile(month=OCTOBER)
    return {r.hub.slug: r for r in KpiReturn.objects.select_related("hub")}


def staff(slug: str = "h0") -> User:
    return User.objects.get(username=f"{slug}-staff")


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def documented_columns() -> list[str]:
    """The evaluator columns as docs/exports.md lists them (its numbered table)."""
    text = DOCS.read_text()
    section = text[text.index("## Evaluator export") :]
    return re.findall(r"^\| (\d+) \| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_it_labels_every_kpi_figure_in_the_contracts_order():
    assert list(FIGURE_LABELS) == KPI_FIELDS


def test_a_return_downloads_as_csv_with_every_figure(client, returns):
    kpi_return = returns["h0"]
    client.force_login(staff("h0"))
    response = client.get(reverse("reporting:return-export", args=[kpi_return.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "kpi-return-h0-2021-10.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["field", "label", "value"]
    values = {row[0]: row[2] for row in rows[1:]}
    assert values["hub"] == "h0" and values["month"] == "2021-10"
    assert values["due_date"] == "2021-11-07" and values["status"] == "Draft"
    assert values["programme_year"] == "2021/22"
    figures = kpi_return.figures()
    for name in KPI_FIELDS:
        expected = figures[name]
        if name == "hot_topics":
            assert values[name] == "; ".join(expected)
        elif expected is None:
            assert values[name] == ""
        else:
            assert float(values[name]) == expected
    assert [row[0] for row in rows[-len(KPI_FIELDS) - 1 : -1]] == KPI_FIELDS
    assert rows[-1] == ["narrative", "Supporting narrative", ""]


def test_a_return_downloads_as_xlsx_with_every_figure(client, returns):
    kpi_return = returns["h1"]
    client.force_login(staff("h1"))
    response = client.get(reverse("reporting:return-export", args=[kpi_return.pk, "xlsx"]))
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    rows = read_xlsx(response)
    assert rows[0] == ["field", "label", "value"]
    values = {row[0]: row[2] for row in rows[1:]}
    assert values["hub"] == "h1"
    figures = kpi_return.figures()
    for name in KPI_FIELDS:
        if name == "hot_topics":
            assert (values[name] or "") == "; ".join(figures[name])
        elif figures[name] is None:
            assert values[name] in (None, "")
        else:
            assert values[name] == figures[name]
    assert isinstance(values["participants_registered"], int)


def test_every_export_is_logged_with_who_what_format_rows_and_hub(client, returns):
    kpi_return = returns["h0"]
    client.force_login(staff("h0"))
    client.get(reverse("reporting:return-export", args=[kpi_return.pk, "csv"]))
    client.get(reverse("reporting:return-export", args=[kpi_return.pk, "xlsx"]))
    client.get(reverse("reporting:evaluator-export", args=["csv"]))
    client.get(reverse("reporting:evaluator-export", args=["xlsx"]))
    logs = list(ExportLog.objects.order_by("pk"))
    assert [(log.what, log.format) for log in logs] == [
        ("KPI return h0 2021-10", "csv"),
        ("KPI return h0 2021-10", "xlsx"),
        ("Evaluator export 2021/22", "csv"),
        ("Evaluator export 2021/22", "xlsx"),
    ]
    consenting = Participant.objects.filter(business__hub__slug="h0", evaluation_consent=True)
    assert logs[2].rows == consenting.count()
    assert logs[0].rows == 9 + len(KPI_FIELDS) + 1  # what it is, the figures, the narrative
    assert all(log.by == staff("h0") and log.hub.slug == "h0" for log in logs)
    assert all(log.at == datetime(2021, 11, 3, 10, tzinfo=LONDON) for log in logs)


def test_the_export_log_page_shows_the_scopes_exports(client, returns):
    client.force_login(staff("h1"))
    client.get(reverse("reporting:return-export", args=[returns["h1"].pk, "csv"]))
    client.force_login(staff("h0"))
    client.get(reverse("reporting:return-export", args=[returns["h0"].pk, "csv"]))
    page = client.get(reverse("reporting:export-list"))
    assert [log.what for log in page.context["page"]] == ["KPI return h0 2021-10"]
    client.force_login(NationalCoordinatorFactory())
    page = client.get(reverse("reporting:export-list"))
    assert len(page.context["page"]) == 2
    assert b"evaluator.csv" not in page.content


def test_another_hubs_return_does_not_export_and_nothing_is_logged(client, returns):
    client.force_login(staff("h0"))
    url = reverse("reporting:return-export", args=[returns["h1"].pk, "csv"])
    assert client.get(url).status_code == 404
    url = reverse("reporting:return-export", args=[returns["h0"].pk, "pdf"])
    assert client.get(url).status_code == 404
    assert not ExportLog.objects.exists()


def test_the_national_coordinator_exports_any_return_but_not_the_evaluator_records(client, returns):
    national = NationalCoordinatorFactory()
    client.force_login(national)
    url = reverse("reporting:return-export", args=[returns["h1"].pk, "xlsx"])
    assert client.get(url).status_code == 200
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("reporting:evaluator-export", args=[fmt])).status_code == 403
    assert list(ExportLog.objects.values_list("by", "what")) == [
        (national.pk, "KPI return h1 2021-10")
    ]


def test_anonymous_and_facilitators_get_no_export(client, returns):
    url = reverse("reporting:evaluator-export", args=["csv"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    ret = reverse("reporting:return-export", args=[returns["h0"].pk, "csv"])
    assert client.get(ret).status_code == 302
    client.force_login(FacilitatorFactory(hub=returns["h0"].hub))
    assert client.get(url).status_code == 403
    assert client.get(ret).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_evaluator_columns_are_the_documented_ones_in_order(client):
    load()
    documented = documented_columns()
    assert [int(n) for n, _ in documented] == list(range(1, len(documented) + 1))
    assert [name for _, name in documented] == EVALUATOR_COLUMNS
    client.force_login(staff("h0"))
    rows = read_csv(client.get(reverse("reporting:evaluator-export", args=["csv"])))
    assert rows[0] == EVALUATOR_COLUMNS
    rows = read_xlsx(client.get(reverse("reporting:evaluator-export", args=["xlsx"])))
    assert rows[0] == EVALUATOR_COLUMNS


def test_the_evaluator_export_holds_only_the_hubs_consenting_participants(client):
    load()
    hub_participants = Participant.objects.filter(business__hub__slug="h0").order_by("pk")
    declined = list(hub_participants[:2])
    Participant.objects.filter(pk__in=[p.pk for p in declined]).update(evaluation_consent=False)
    client.force_login(staff("h0"))
    rows = read_csv(client.get(reverse("reporting:evaluator-export", args=["csv"])))
    header, records = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    refs = {r["participant_ref"] for r in records}
    assert refs == {p.ref for p in hub_participants if p not in declined}
    assert not refs & {p.ref for p in declined}
    assert {r["hub"] for r in records} == {"h0"}
    assert {r["evaluation_consent"] for r in records} == {"true"}
    assert len(header) == len(EVALUATOR_COLUMNS)


def test_the_evaluator_export_carries_business_and_baseline_records(client):
    load()
    participant = (
        Participant.objects.filter(
            business__hub__slug="h0", survey_responses__kind="baseline", memberships__isnull=False
        )
        .select_related("business")
        .first()
    )
    baseline = participant.survey_responses.get(kind="baseline")
    baseline.employees, baseline.turnover_gbp = 12, 456_000
    baseline.save()
    client.force_login(staff("h0"))
    book = read_xlsx(client.get(reverse("reporting:evaluator-export", args=["xlsx"])))
    records = [dict(zip(book[0], row, strict=True)) for row in book[1:]]
    record = next(r for r in records if r["participant_ref"] == participant.ref)
    business = participant.business
    assert record["business_name"] == business.name
    assert record["sic_code"] == business.sic_code
    assert record["legal_form"] == business.legal_form
    assert record["employees_full_time"] == business.employees_full_time
    assert record["turnover_gbp"] == business.turnover_gbp
    assert record["trading_start_date"].date() == business.trading_start_date
    assert record["registered_on"].date() == participant.registered_on
    assert record["eligibility_outcome"] == participant.eligibility_outcome
    assert record["cohort"] == participant.memberships.get(left_at__isnull=True).cohort.ref
    assert record["baseline_survey_completed_on"].date() == baseline.completed_on
    assert record["baseline_employees"] == 12 and record["baseline_turnover_gbp"] == 456_000
    assert record["programme_year"] == "2021/22"


@pytest.mark.parametrize("extra", [0, 30])
def test_exports_run_a_constant_number_of_queries(client, extra, django_assert_max_num_queries):
    load(hubs=1)
    kpi_returns_compile(month=OCTOBER)
    kpi_return = KpiReturn.objects.get(hub__slug="h0")
    year = kpi_return.programme_year
    for _ in range(extra):
        participant = ParticipantFactory(business__hub=kpi_return.hub, programme_year=year)
        SurveyResponse.objects.create(participant=participant, kind="baseline", employees=3)
    client.force_login(staff("h0"))
    # Completed cohorts' programme-year numbers and their delivered sessions; and, once for
    # the whole file when some participant has no stored ref, the refs in use (Refs).
    with django_assert_max_num_queries(11):
        client.get(reverse("reporting:evaluator-export", args=["xlsx"]))
    assert ExportLog.objects.get().rows == Participant.objects.count()
    with django_assert_max_num_queries(5):
        client.get(reverse("reporting:return-export", args=[kpi_return.pk, "csv"]))
    with django_assert_max_num_queries(7):
        client.get(reverse("reporting:export-list"))
