"""``python manage.py assess_eligibility FILE.json`` (INTERCHANGE.md)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import CreativeSicCode
from tests.peernetworks.factories import ProgrammeYearFactory

pytestmark = pytest.mark.django_db


def application(**overrides) -> dict:
    data = {
        "ref": "A-1",
        "application_date": "2022-01-10",
        "trading_start_date": "2019-06-01",
        "employees_full_time": 8,
        "employees_part_time_permanent": 2,
        "associates_freelancers": 0,
        "pays_staff_via_paye": True,
        "turnover_gbp": 500_000,
        "sic_code": "25620",
        "legal_form": "ltd",
        "aspiration_to_improve": True,
        "is_senior_decision_maker": True,
        "trading_address_in_hub_area": True,
        "previous_participation": "none",
        "business_already_has_participant": False,
    }
    data.update(overrides)
    return data


def run(tmp_path: Path, content: str) -> tuple[str, list]:
    path = tmp_path / "applications.json"
    path.write_text(content, encoding="utf-8")
    out = StringIO()
    call_command("assess_eligibility", str(path), stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def test_it_prints_one_decision_per_application_in_order(tmp_path):
    applications = [
        application(ref="ok"),
        application(ref="low-turnover", turnover_gbp=99_999),
        application(ref="charity", legal_form="charity"),
        application(ref="bad", sic_code="123"),
        "not an application",
    ]
    _, decisions = run(tmp_path, json.dumps(applications))
    assert [d["ref"] for d in decisions] == ["ok", "low-turnover", "charity", "bad", None]
    assert [d["outcome"] for d in decisions] == [
        "eligible",
        "ineligible",
        "needs_discretion",
        "invalid",
        "invalid",
    ]
    assert decisions[0] == {
        "ref": "ok",
        "outcome": "eligible",
        "flexibilities": [],
        "failed_rules": [],
        "discretion": [],
        "reasons": [],
    }
    assert decisions[1]["reasons"] == ["ELIG-4: turnover of £99,999 is below the £100,000 minimum."]
    assert list(decisions[3]["errors"]) == ["sic_code"]
    assert list(decisions[4]["errors"]) == ["application"]


def test_it_prints_exactly_one_json_array_and_nothing_else(tmp_path):
    stdout, decisions = run(tmp_path, json.dumps([application()]))
    assert stdout.strip().startswith("[")
    assert json.loads(stdout) == decisions
    assert len(stdout.strip().splitlines()) == 1


def test_it_prints_an_empty_array_for_no_applications(tmp_path):
    stdout, decisions = run(tmp_path, "[]")
    assert decisions == []


def test_it_uses_the_current_programme_years_thresholds(tmp_path):
    ProgrammeYearFactory(min_employees=3)
    small = application(employees_full_time=3, employees_part_time_permanent=0)
    _, decisions = run(tmp_path, json.dumps([small]))
    assert decisions[0]["outcome"] == "eligible"


def test_it_uses_the_active_creative_sic_codes(tmp_path):
    CreativeSicCode.objects.update_or_create(code4="2562", defaults={"is_active": True})
    CreativeSicCode.objects.filter(code4="5911").update(is_active=False)
    associates = {"employees_full_time": 3, "employees_part_time_permanent": 0}
    _, decisions = run(
        tmp_path,
        json.dumps(
            [
                application(
                    ref="machining", sic_code="25620", associates_freelancers=2, **associates
                ),
                application(ref="film", sic_code="59111", associates_freelancers=2, **associates),
            ]
        ),
    )
    assert decisions[0]["flexibilities"] == ["creative"]
    assert decisions[1]["failed_rules"] == ["ELIG-3"]


def test_it_writes_nothing_to_the_database(tmp_path):
    applications = [application(), application(ref="x", turnover_gbp=-1)]
    with CaptureQueriesContext(connection) as queries:
        run(tmp_path, json.dumps(applications))
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert statements
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("assess_eligibility", str(tmp_path / "missing.json"), stdout=StringIO())


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[{]",
        "",
    ],
)
def test_it_refuses_a_file_that_is_not_json(tmp_path, content):
    path = tmp_path / "applications.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("assess_eligibility", str(path), stdout=StringIO())


def test_it_refuses_a_file_that_is_not_utf_8(tmp_path):
    path = tmp_path / "applications.json"
    path.write_bytes(b'["\xff\xfe"]')
    with pytest.raises(CommandError):
        call_command("assess_eligibility", str(path), stdout=StringIO())


@pytest.mark.parametrize("content", ['{"ref": "A-1"}', "42", '"applications"', "null"])
def test_it_refuses_json_that_is_not_an_array(tmp_path, content):
    path = tmp_path / "applications.json"
    path.write_text(content, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="JSON array"):
        call_command("assess_eligibility", str(path), stdout=out)
    assert out.getvalue() == ""


def test_it_exits_non_zero_with_a_message_on_stderr(tmp_path):
    path = tmp_path / "applications.json"
    path.write_text('{"not": "an array"}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "assess_eligibility", str(path)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "peernetworks.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "JSON array" in result.stderr
