"""import_programme and export_programme (INTERCHANGE.md): all or nothing, errors with their
paths, and export → import → export gives back the same records and fields. Several years in one
database: test_interchange_years.py."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cohorts.models import Cohort
from participants.models import Business, Participant
from peernetworks.models import GrowthHub, User
from reporting.interchange.exporter import programme_export
from reporting.interchange.importer import ImportFailed, programme_import
from sessions.models import Attendance, Session
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db


def import_file(tmp_path, data) -> tuple[str, str]:
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(data))
    out, err = StringIO(), StringIO()
    call_command("import_programme", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple:
    return tuple(
        m.objects.count()
        for m in (GrowthHub, User, Business, Participant, Cohort, Session, Attendance)
    )


def test_the_export_imports_into_an_empty_database_and_exports_the_same(
    tmp_path, django_db_blocker
):
    import_file(tmp_path, programme(4))
    first = programme_export()
    _empty_the_database()
    assert Participant.objects.count() == 0
    programme_import(first)
    assert programme_export() == first


def _empty_the_database():
    from django.apps import apps

    from feedback.models import SessionFeedback, SurveyResponse

    # Delete dependants first: the import created every row, so this leaves the schema empty.
    from one_to_one.models import OneToOneSession
    from participants.models import DiscretionDecision, EligibilityAssessment
    from peernetworks.models import Cluster, HubYear, ProgrammeYear
    from sessions.models import Observation

    for model in (SessionFeedback, SurveyResponse, Observation, Attendance, OneToOneSession):
        model.objects.all().delete()
    apps.get_model("cohorts", "CohortMembership").objects.all().delete()
    for model in (Session, DiscretionDecision, EligibilityAssessment):
        model.objects.all().delete()
    for model in (Participant, Cohort, Business, User, HubYear, GrowthHub, Cluster):
        model.objects.all().delete()
    ProgrammeYear.objects.all().delete()


def test_it_reports_every_error_with_its_path_and_saves_nothing(tmp_path):
    data = programme(2)
    data["participants"][3]["business"] = "B9-nope"
    data["attendance"][0]["status"] = "asleep"
    data["feedback"][0]["satisfaction"] = 6
    data["one_to_one"][0]["hours"] = 0
    data["sessions"][1]["duration_hours"] = -2
    before = counts()
    with pytest.raises(CommandError, match="Nothing imported"):
        import_file(tmp_path, data)
    assert counts() == before
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    errors = failure.value.errors
    assert 'participants[3].business: unknown business "B9-nope"' in errors
    assert any(e.startswith("attendance[0].status: must be one of") for e in errors)
    assert "feedback[0].satisfaction: must be at most 5" in errors
    assert "one_to_one[0].hours: must be more than 0" in errors
    assert "sessions[1].duration_hours: must be more than 0" in errors


def test_it_refuses_unknown_top_level_keys_and_the_wrong_format(tmp_path):
    data = programme(1)
    data["extras"] = []
    data["format"] = "something-else"
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    assert "extras: unknown top-level key" in failure.value.errors
    assert 'format: must be "peer-networks-programme/1"' in failure.value.errors


def test_it_refuses_a_ref_that_already_exists(tmp_path):
    data = programme(1)
    programme_import(data)
    again = programme(1, year="2022/23")  # another year, on the same refs
    with pytest.raises(ImportFailed) as failure:
        programme_import(again)
    errors = failure.value.errors
    for kind, first in (
        ("businesses", again["businesses"][0]["ref"]),
        ("cohorts", again["cohorts"][0]["ref"]),
        ("participants", again["participants"][0]["ref"]),
        ("sessions", again["sessions"][0]["ref"]),
    ):
        assert f'{kind}[0].ref: "{first}" already exists in the database' in errors
    assert not any(e.startswith(("hubs[", "users[", "clusters[")) for e in errors)


def test_it_enforces_integrity_rules(tmp_path):
    data = programme(1)
    session = next(s for s in data["sessions"])
    outsider = next(p for p in data["participants"] if p["cohort"] != session["cohort"])
    data["attendance"].append(
        {
            "session": session["ref"],
            "participant": outsider["ref"],
            "status": "present",
            "minutes_attended": None,
        }
    )
    duplicate = dict(data["attendance"][0])
    data["attendance"].append(duplicate)
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    errors = "\n".join(failure.value.errors)
    assert "is not in the cohort of session" in errors
    assert "a second attendance for this participant and session" in errors


def test_it_refuses_a_cross_hub_reference(tmp_path):
    data = programme(1)
    data["cohorts"][0]["facilitator"] = "h1-fac" if data["cohorts"][0]["hub"] != "h1" else "h0-fac"
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    assert any("cross-hub" in e for e in failure.value.errors)


def small_programme(members: int) -> dict:
    """One hub, one cohort, `members` participants all allocated to it."""
    data = programme(1, hubs=1)
    business = data["businesses"][0]
    participant = data["participants"][0]
    data["businesses"] = [dict(business, ref=f"B{i}") for i in range(members)]
    data["participants"] = [
        dict(participant, ref=f"P{i}", business=f"B{i}", cohort=data["cohorts"][0]["ref"])
        for i in range(members)
    ]
    for key in ("sessions", "attendance", "one_to_one", "feedback", "surveys", "observations"):
        data[key] = []
    return data


def test_it_accepts_eleven_members_and_refuses_a_twelfth():
    programme_import(small_programme(11))
    assert Participant.objects.count() == 11
    _empty_the_database()
    with pytest.raises(ImportFailed) as failure:
        programme_import(small_programme(12))
    assert failure.value.errors == [
        f"participants[11].cohort: {small_programme(12)['cohorts'][0]['ref']} already has 11 "
        "participants (cohort_max)"
    ]
    assert Participant.objects.count() == 0


def test_the_export_command_writes_json(tmp_path):
    import_file(tmp_path, programme(1))
    out = StringIO()
    call_command("export_programme", stdout=out)
    assert json.loads(out.getvalue())["format"] == "peer-networks-programme/1"
    target = tmp_path / "out.json"
    call_command("export_programme", "--output", str(target), stdout=StringIO())
    assert json.loads(target.read_text())["participants"]


def test_it_refuses_values_beyond_the_databases_range_naming_them():
    data = programme(1)
    data["businesses"][0]["turnover_gbp"] = 10**30
    data["businesses"][1]["employees_full_time"] = 2**40
    data["participants"][0]["first_name"] = "Ann\x00"
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    errors = failure.value.errors
    assert f"businesses[0].turnover_gbp: must be at most {10**15}" in errors
    assert "businesses[1].employees_full_time: must be at most 2147483647" in errors
    assert "participants[0].first_name: must not contain a NUL character" in errors
    assert counts() == (0,) * 7


def test_it_refuses_json_nested_too_deeply(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match="nested too deeply"):
        call_command("import_programme", str(path), stdout=StringIO(), stderr=StringIO())


def test_generated_refs_never_collide_with_stored_ones(tmp_path):
    """An import may store a ref that looks generated (`business-1`) on another record; the
    record the export would have called that gets another ref, and the file re-imports."""
    data = programme(1, hubs=1)
    programme_import(data)
    stored = Business.objects.order_by("pk").first()
    created = Business.objects.create(
        **{
            field: getattr(stored, field)
            for field in ("hub", "sic_code", "legal_form", "trading_start_date",
                          "employees_full_time", "employees_part_time_permanent",
                          "pays_staff_via_paye", "turnover_gbp")
        },
        name="Made in the app Ltd",
    )  # fmt: skip
    Business.objects.filter(pk=stored.pk).update(ref=f"business-{created.pk}")
    participant = Participant.objects.filter(business=stored).first()
    Participant.objects.filter(pk=participant.pk).update(ref=None, business=created)
    exported = programme_export()
    refs = [b["ref"] for b in exported["businesses"]]
    assert len(refs) == len(set(refs))
    assert f"business-{created.pk}-2" in refs
    assert f"participant-{participant.pk}" in [p["ref"] for p in exported["participants"]]
