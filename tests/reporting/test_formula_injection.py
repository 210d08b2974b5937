"""No export writes a formula from data (OWASP CSV injection): text typed by the public or by
staff that starts with =, +, -, @, a tab or a carriage return is defused with a leading
apostrophe in every CSV and XLSX, and XLSX cells from data are never formulas."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import Business, Participant
from peernetworks.spreadsheets import FORMULA_STARTS, csv_text, neutralised
from privacy.selectors import participant_subject_access, subject_access_csv
from reporting.models import KpiReturn
from reporting.services import kpi_returns_compile
from tests.reporting.test_exports import OCTOBER, frozen, load, read_csv, staff  # noqa: F401

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://attacker.example","Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.fixture
def poisoned():
    load()
    participants = list(Participant.objects.filter(business__hub__slug="h0").order_by("pk"))
    for n, participant in enumerate(participants[: len(PAYLOADS)]):
        payload = PAYLOADS[n]
        Business.objects.filter(pk=participant.business_id).update(name=payload)
        Participant.objects.filter(pk=participant.pk).update(
            first_name=payload, job_title=payload, evaluation_consent=True
        )
    kpi_returns_compile(month=OCTOBER)
    KpiReturn.objects.filter(hub__slug="h0").update(narrative=PAYLOADS[0])
    return participants[0]


def assert_no_formula_text(cells):
    risky = [cell for cell in cells if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]
    assert risky == []


def xlsx_cells(response):
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [cell.value for cell in cells]


def test_every_export_defuses_formula_text(client, poisoned):
    client.force_login(staff("h0"))
    kpi_return = KpiReturn.objects.get(hub__slug="h0")
    downloads = {
        "return csv": reverse("reporting:return-export", args=[kpi_return.pk, "csv"]),
        "return xlsx": reverse("reporting:return-export", args=[kpi_return.pk, "xlsx"]),
        "evaluator csv": reverse("reporting:evaluator-export", args=["csv"]),
        "evaluator xlsx": reverse("reporting:evaluator-export", args=["xlsx"]),
    }
    seen = []
    for name, url in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name.endswith("csv"):
            cells = [cell for row in read_csv(response) for cell in row]
        else:
            cells = xlsx_cells(response)
        assert_no_formula_text(cells)
        seen += cells
    # The payloads are there, defused, not dropped.
    assert "'" + PAYLOADS[0] in seen
    assert "'" + PAYLOADS[2] in seen

    subject_access = subject_access_csv(participant_subject_access(poisoned))
    import csv

    cells = [cell for row in csv.reader(io.StringIO(subject_access)) for cell in row]
    assert_no_formula_text(cells)
    assert "'" + PAYLOADS[0] in cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 161 496 0000", "'+44 161 496 0000"),
        ("-", "'-"),
        ("@home", "'@home"),
        ("\r=1", "'\r=1"),
        ("Acme Ltd", "Acme Ltd"),
        (-5, -5),  # numbers stay numbers
        (None, None),
    ],
)
def test_neutralised(value, expected):
    assert neutralised(value) == expected


def test_csv_text_defuses_and_formats():
    assert csv_text("=A1") == "'=A1"
    assert csv_text(True) == "true"
    assert csv_text(None) == ""
    assert csv_text(-3) == "-3"
