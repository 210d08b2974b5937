"""KPI-2 for generated programmes: the database compile agrees with a naive reference
implementation for every figure of every hub, cluster and the nation, also when the database
holds several programme years (PY-1: each month counts only its own year's records)."""

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from reporting.kpi import KPI_FIELDS
from tests.reporting.generator import programme
from tests.reporting.reference import reference_kpis

pytestmark = pytest.mark.django_db

MONTHS = ["2021-04", "2021-06", "2021-10", "2021-12", "2022-02", "2022-03"]
# April just after one year's end (records of the earlier year are dated in it), a month when
# discretion decisions and completions build up, and the last month.
MONTHS_2022 = ["2022-04", "2022-07", "2022-09", "2022-11", "2023-01", "2023-03"]
SEEDS = [5, 6]


def compile_json(month: str) -> dict:
    out = StringIO()
    call_command("compile_kpi_return", "--month", month, "--json", stdout=out)
    return json.loads(out.getvalue())


def import_file(tmp_path, data: dict) -> None:
    path = tmp_path / f"programme-{data['programme_year']['name'].replace('/', '-')}.json"
    path.write_text(json.dumps(data))
    call_command("import_programme", str(path), stdout=StringIO())


def assert_agrees(data: dict, month: str) -> None:
    compiled = compile_json(month)
    assert compiled["programme_year"] == data["programme_year"]["name"], month
    expected = reference_kpis(data, month)
    assert {row["hub"] for row in compiled["hubs"]} == set(expected["hubs"])
    for row in compiled["hubs"]:
        hub = row.pop("hub")
        assert row == pytest.approx(_full(expected["hubs"][hub])), (month, hub)
    for row in compiled["clusters"]:
        cluster = row.pop("cluster")
        assert row == pytest.approx(_full(expected["clusters"][cluster])), (month, cluster)
    assert compiled["national"] == pytest.approx(_full(expected["national"])), month


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_it_agrees_with_the_reference_for_every_figure(seed, tmp_path):
    data = programme(seed)
    import_file(tmp_path, data)
    for month in MONTHS:
        assert_agrees(data, month)


def two_years(seed: int) -> tuple[dict, dict]:
    """The same hubs, clusters and users in both years; refs of their own."""
    return programme(seed), programme(seed + 100, year="2022/23", refs="y2-")


@pytest.mark.parametrize("seed", SEEDS)
def test_two_years_in_one_database_each_agree_with_their_own_file(seed, tmp_path):
    first, second = two_years(seed)
    import_file(tmp_path, first)
    import_file(tmp_path, second)
    for month in MONTHS:
        assert_agrees(first, month)
    for month in MONTHS_2022:
        assert_agrees(second, month)


def test_the_generated_years_exercise_the_added_figures():
    """The comparisons mean something only if the files hold these cases."""
    files = [data for seed in SEEDS for data in two_years(seed)]
    totals = Counter()
    for data in files:
        totals.update(reference_kpis(data, data["programme_year"]["end"][:7])["national"])
    for name in (
        "participants_completed",
        "participants_one_to_one_programme",
        "participants_one_to_one_existing_provision",
        "drop_out_surveys_completed",
    ):
        assert totals[name] > 0, name
    # Completed needs both: some finish the group hours short of the one-to-one minimum.
    assert totals["participants_completed"] < totals["participants_completed_group_hours"]
    # Some approvals come after registration, so a month's eligible count depends on them.
    changed = 0
    for data in files:
        decided_at_registration = json.loads(json.dumps(data))
        for p in decided_at_registration["participants"]:
            if p["discretion"]:
                p["discretion"].pop("decided_on", None)
        for month in MONTHS + MONTHS_2022:
            if _in_year(data, month):
                changed += reference_kpis(data, month)["national"].get(
                    "participants_eligible", 0
                ) != reference_kpis(decided_at_registration, month)["national"].get(
                    "participants_eligible", 0
                )
    assert changed


def _in_year(data: dict, month: str) -> bool:
    year = data["programme_year"]
    return year["start"][:7] <= month <= year["end"][:7]


def test_an_approval_decided_after_the_month_counts_from_its_own_month(tmp_path):
    data = programme(1, hubs=1)
    business = dict(
        data["businesses"][0],
        trading_address_in_hub_area=False,  # ELIG-6: the hub must decide
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
    participant = dict(
        data["participants"][0],
        business=business["ref"],
        registered_on="2021-06-10",
        previous_participation="none",
        is_senior_decision_maker=True,
        cohort=None,
        dropped_out_on=None,
        discretion={"decision": "approved", "reason": "Agreed", "decided_on": "2021-08-31"},
    )
    data.update(businesses=[business], participants=[participant])
    for key in ("sessions", "attendance", "one_to_one", "feedback", "surveys", "observations"):
        data[key] = []
    import_file(tmp_path, data)
    figures = {
        month: compile_json(month)["national"] for month in ("2021-07", "2021-08", "2021-09")
    }
    assert [f["participants_registered"] for f in figures.values()] == [1, 1, 1]
    assert [f["participants_eligible"] for f in figures.values()] == [0, 1, 1]
    for month in figures:
        assert_agrees(data, month)


def _full(figures: dict) -> dict:
    return {name: figures.get(name, 0) for name in KPI_FIELDS}
