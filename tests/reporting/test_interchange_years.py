"""The interchange with several programme years in one database (PY-1, PY-2, PY-7;
INTERCHANGE.md): a second year's file reuses the stored clusters, hubs and users when they agree,
refuses a year that exists or overlaps, and `export_programme --year` writes exactly that year."""

import json
from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from cohorts.models import Cohort
from participants.models import Business, DiscretionDecision, Participant
from peernetworks.models import Cluster, GrowthHub, HubYear, ProgrammeYear, User
from reporting.interchange.exporter import programme_export
from reporting.interchange.importer import ImportFailed, programme_import
from sessions.models import Attendance, Session
from tests.reporting.generator import programme
from tests.reporting.test_interchange import _empty_the_database

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def first_year() -> dict:
    return programme(3)


def second_year() -> dict:
    return programme(7, year="2022/23", refs="y2-")


def counts() -> tuple:
    return tuple(
        m.objects.count()
        for m in (
            ProgrammeYear,
            Cluster,
            GrowthHub,
            HubYear,
            User,
            Business,
            Participant,
            Cohort,
            Session,
            Attendance,
        )
    )


def refused(data) -> list[str]:
    before = counts()
    with pytest.raises(ImportFailed) as failure:
        programme_import(data)
    assert counts() == before  # nothing written
    return failure.value.errors


def export(*args) -> dict:
    out = StringIO()
    call_command("export_programme", *args, stdout=out)
    return json.loads(out.getvalue())


def refs(data: dict, key: str) -> set[str]:
    return {row["ref"] for row in data[key]}


def test_a_second_year_reuses_the_stored_clusters_hubs_and_users():
    programme_import(first_year())
    shared = (Cluster.objects.count(), GrowthHub.objects.count(), User.objects.count())
    loaded = programme_import(second_year())
    assert loaded.year.name == "2022/23"
    assert (Cluster.objects.count(), GrowthHub.objects.count(), User.objects.count()) == shared
    assert list(ProgrammeYear.objects.order_by("start").values_list("name", flat=True)) == [
        "2021/22",
        "2022/23",
    ]
    # Each year keeps its own target for the same hub.
    targets = dict(
        HubYear.objects.filter(hub__slug="h0").values_list(
            "programme_year__name", "target_participants"
        )
    )
    assert targets == {"2021/22": 100, "2022/23": 110}
    by_year = {
        name: Participant.objects.filter(programme_year__name=name).count()
        for name in ("2021/22", "2022/23")
    }
    assert by_year == {
        "2021/22": len(first_year()["participants"]),
        "2022/23": len(second_year()["participants"]),
    }
    assert set(
        Cohort.objects.filter(programme_year__name="2022/23").values_list("ref", flat=True)
    ) == refs(second_year(), "cohorts")


def test_the_years_may_come_in_any_order():
    programme_import(second_year())
    programme_import(first_year())
    assert ProgrammeYear.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda d: d["hubs"][0].update(name="Hub Zero"),
            'hubs[0].name: "Hub Zero" differs from the stored hub "h0" ("Hub 0")',
        ),
        (
            lambda d: d["hubs"][1].update(cluster="north"),
            'hubs[1].cluster: "north" differs from the stored hub "h1" ("south")',
        ),
        (
            lambda d: d["users"][0].update(email="new@h0.example"),
            'users[0].email: "new@h0.example" differs from the stored user "h0-staff" ("")',
        ),
        (
            lambda d: d["users"][1].update(role="provider"),
            'users[1].role: "provider" differs from the stored user "h0-fac" ("facilitator")',
        ),
        (
            lambda d: d["users"][2].update(hub="h1"),
            'users[2].hub: "h1" differs from the stored user "h0-coach" ("h0")',
        ),
        (
            lambda d: d["clusters"][0].update(name="The North"),
            'clusters[0].name: "The North" differs from the stored cluster "north" ("North")',
        ),
    ],
)
def test_a_shared_record_that_disagrees_is_an_error_naming_the_field(change, error):
    programme_import(first_year())
    data = second_year()
    change(data)
    assert error in refused(data)
    assert not ProgrammeYear.objects.filter(name="2022/23").exists()


def test_a_new_hub_may_not_take_a_stored_hubs_name():
    programme_import(first_year())
    data = second_year()
    data["hubs"].append({"slug": "h9", "name": "Hub 0", "cluster": "north"})
    errors = refused(data)
    assert errors == [
        f'hubs[{len(data["hubs"]) - 1}].name: "Hub 0" is the name of the stored hub "h0"; '
        "use that slug or another name"
    ]


def test_the_target_is_the_files_year_and_never_a_conflict():
    programme_import(first_year())
    data = second_year()
    data["hubs"][0]["target_participants"] = 7
    del data["hubs"][1]["target_participants"]  # optional: 0
    programme_import(data)
    year = ProgrammeYear.objects.get(name="2022/23")
    assert HubYear.objects.get(hub__slug="h0", programme_year=year).target_participants == 7
    assert HubYear.objects.get(hub__slug="h1", programme_year=year).target_participants == 0
    assert (
        HubYear.objects.get(hub__slug="h0", programme_year__name="2021/22").target_participants
        == 100
    )


def test_a_year_that_is_already_stored_is_refused():
    programme_import(first_year())
    again = programme(3, year="2021/22", refs="again-")
    errors = refused(again)
    assert errors[0].startswith(
        'programme_year.name: the year "2021/22" is already in the database'
    )


def test_an_overlapping_year_is_refused_naming_the_stored_year():
    programme_import(first_year())
    data = programme(
        8, year="2021/22 extended", start=date(2022, 1, 1), end=date(2022, 12, 31), refs="x-"
    )
    errors = refused(data)
    assert errors[0] == (
        "programme_year.start: 2022-01-01 to 2022-12-31 overlaps the stored year "
        '"2021/22" (2021-04-01 to 2022-03-31); programme years never overlap, so correct the '
        "file's dates"
    )


def participant_errors(errors: list[str]) -> list[str]:
    """Without the follow-on errors of records naming a refused participant."""
    return [e for e in errors if e.startswith("participants[")]


def test_a_registration_outside_the_files_year_is_refused():
    data = first_year()
    late, early = [i for i, p in enumerate(data["participants"]) if not p["discretion"]][:2]
    data["participants"][late]["registered_on"] = "2022-04-01"
    data["participants"][early]["registered_on"] = "2021-03-31"
    assert participant_errors(refused(data)) == [
        f'participants[{late}].registered_on: 2022-04-01 is outside the programme year "2021/22" '
        "(2021-04-01 to 2022-03-31); a participant belongs to the year they registered in, so "
        "import them with that year's file",
        f'participants[{early}].registered_on: 2021-03-31 is outside the programme year "2021/22" '
        "(2021-04-01 to 2022-03-31); a participant belongs to the year they registered in, so "
        "import them with that year's file",
    ]
    assert ProgrammeYear.objects.count() == 0


def test_export_writes_exactly_the_named_year():
    first, second = first_year(), second_year()
    programme_import(first)
    programme_import(second)
    for data in (first, second):
        name = data["programme_year"]["name"]
        exported = export("--year", name)
        assert exported["programme_year"]["name"] == name
        for key in ("participants", "cohorts", "sessions", "businesses"):
            assert refs(exported, key) == refs(data, key), key
        for key in ("attendance", "feedback", "observations"):
            assert len(exported[key]) == len(data[key]), key
        for key in ("one_to_one", "surveys"):
            assert {row["participant"] for row in exported[key]} == {
                row["participant"] for row in data[key]
            }, key
        assert {h["slug"]: h["target_participants"] for h in exported["hubs"]} == {
            h["slug"]: h["target_participants"] for h in data["hubs"]
        }
    assert not refs(export("--year", "2021/22"), "participants") & refs(second, "participants")


def test_export_defaults_to_the_running_year_else_the_latest():
    programme_import(first_year())
    programme_import(second_year())
    for moment, name in (
        (datetime(2022, 1, 10, 12, tzinfo=LONDON), "2021/22"),
        (datetime(2022, 6, 10, 12, tzinfo=LONDON), "2022/23"),
        (datetime(2030, 6, 10, 12, tzinfo=LONDON), "2022/23"),
    ):
        with time_machine.travel(moment, tick=False):
            assert export()["programme_year"]["name"] == name


def test_export_refuses_an_unknown_year_naming_it():
    programme_import(first_year())
    with pytest.raises(CommandError, match='no programme year is called "2019/20"') as refusal:
        export("--year", "2019/20")
    assert "2021/22" in str(refusal.value)


def test_each_years_export_imports_into_an_empty_database_and_exports_the_same():
    programme_import(first_year())
    programme_import(second_year())
    exports = {
        name: programme_export(ProgrammeYear.objects.get(name=name))
        for name in ("2021/22", "2022/23")
    }
    for name, exported in exports.items():
        _empty_the_database()
        programme_import(exported)
        assert programme_export() == exported, name
    # Both exports load into one database as well, sharing hubs and users, and stay the same.
    _empty_the_database()
    for exported in exports.values():
        programme_import(exported)
    for name, exported in exports.items():
        assert programme_export(ProgrammeYear.objects.get(name=name)) == exported, name


def test_the_discretion_decision_date_round_trips():
    data = first_year()
    decided = [p for p in data["participants"] if p["discretion"]]
    decided[0]["discretion"]["decided_on"] = "2022-03-31"
    decided[0]["registered_on"] = "2021-12-01"
    decided[1]["discretion"].pop("decided_on", None)
    programme_import(data)

    later = Participant.objects.get(ref=decided[0]["ref"])
    decision = DiscretionDecision.objects.get(participant=later)
    assert decision.decided_at == datetime.combine(date(2022, 3, 31), time(12), tzinfo=LONDON)
    if later.discretion_decision:  # stored on the participant when the hub had to decide
        assert later.discretion_decided_on == date(2022, 3, 31)

    exported = {p["ref"]: p for p in programme_export()["participants"]}
    assert exported[decided[0]["ref"]]["discretion"]["decided_on"] == "2022-03-31"
    assert exported[decided[1]["ref"]]["discretion"]["decided_on"] == decided[1]["registered_on"]
    undecided = next(p for p in data["participants"] if not p["discretion"])
    assert exported[undecided["ref"]]["discretion"] is None

    again = programme_export()
    _empty_the_database()
    programme_import(again)
    assert programme_export() == again


def test_the_decision_date_sets_the_participants_eligibility_date():
    data = programme(1, hubs=1)
    participant = data["participants"][0]
    business = next(b for b in data["businesses"] if b["ref"] == participant["business"])
    business.update(
        trading_address_in_hub_area=False,  # the hub must decide where the business trades
        sic_code="25620",
        legal_form="ltd",
        trading_start_date="2010-01-01",
        employees_full_time=9,
        employees_part_time_permanent=0,
        pays_staff_via_paye=True,
        turnover_gbp=250_000,
        pre_covid=None,
        viable_going_forward=None,
    )
    participant.update(
        registered_on="2021-06-10",
        previous_participation="none",
        is_senior_decision_maker=True,
        discretion={"decision": "approved", "reason": "Agreed", "decided_on": "2021-08-31"},
    )
    programme_import(data)
    stored = Participant.objects.get(ref=participant["ref"])
    assert (stored.eligibility_outcome, stored.discretion_decision) == (
        "needs_discretion",
        "approved",
    )
    assert stored.discretion_decided_on == date(2021, 8, 31)


def test_a_decision_before_the_registration_is_refused():
    data = first_year()
    data["participants"][0].update(
        registered_on="2021-09-01",
        discretion={"decision": "approved", "reason": "Hub", "decided_on": "2021-08-31"},
    )
    data["participants"][1].update(
        discretion={"decision": "approved", "reason": "Hub", "decided_on": "31/08/2021"}
    )
    assert participant_errors(refused(data)) == [
        "participants[0].discretion.decided_on: 2021-08-31 is before the participant registered "
        "(2021-09-01); give the date the hub decided",
        "participants[1].discretion.decided_on: must be a date YYYY-MM-DD",
    ]


def test_drop_out_outside_control_is_accepted_and_must_be_true_or_false():
    data = first_year()
    data["participants"][0]["drop_out_outside_control"] = True
    data["participants"][1]["drop_out_outside_control"] = False
    data["participants"][2]["drop_out_outside_control"] = "yes"
    assert participant_errors(refused(data)) == [
        "participants[2].drop_out_outside_control: must be true or false"
    ]
    data["participants"][2]["drop_out_outside_control"] = True
    programme_import(data)
    assert Participant.objects.count() == len(data["participants"])


def test_the_commands_say_which_year_they_handled(tmp_path):
    path = tmp_path / "second.json"
    path.write_text(json.dumps(second_year()))
    out = StringIO()
    call_command("import_programme", str(path), stdout=out)
    assert out.getvalue().startswith("Imported 2022/23: ")
    target = tmp_path / "out.json"
    call_command("export_programme", "--year", "2022/23", "--output", str(target))
    assert json.loads(target.read_text())["programme_year"]["name"] == "2022/23"


def test_a_year_the_application_would_refuse_is_an_error_naming_the_field():
    data = first_year()
    data["programme_year"]["group_hours_required"] = 18.125
    errors = refused(data)
    assert errors == [
        "programme_year.group_hours_required: Ensure that there are no more than 2 decimal places."
    ]
