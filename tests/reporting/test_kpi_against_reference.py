"""KPI-2 for generated programmes: the database compile agrees with a naive reference
implementation for every figure of every hub, cluster and the nation."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.reporting.generator import programme
from tests.reporting.reference import reference_kpis

pytestmark = pytest.mark.django_db

MONTHS = ["2021-04", "2021-06", "2021-10", "2021-12", "2022-02", "2022-03"]


def compile_json(month: str) -> dict:
    out = StringIO()
    call_command("compile_kpi_return", "--month", month, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_it_agrees_with_the_reference_for_every_figure(seed, tmp_path):
    data = programme(seed)
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(data))
    call_command("import_programme", str(path), stdout=StringIO())
    for month in MONTHS:
        compiled = compile_json(month)
        expected = reference_kpis(data, month)
        for row in compiled["hubs"]:
            hub = row.pop("hub")
            assert row == pytest.approx(_full(expected["hubs"][hub])), (month, hub)
        for row in compiled["clusters"]:
            cluster = row.pop("cluster")
            assert row == pytest.approx(_full(expected["clusters"][cluster])), (month, cluster)
        assert compiled["national"] == pytest.approx(_full(expected["national"])), month


def _full(figures: dict) -> dict:
    from reporting.kpi import KPI_FIELDS

    return {name: figures.get(name, 0) for name in KPI_FIELDS}
