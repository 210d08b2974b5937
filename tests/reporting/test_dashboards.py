"""KPI-3 and KPI-6 dashboards: hub staff see their hub, the national coordinator the nation and
each cluster; the numbers are KPI-2's; charts come with the same numbers as tables; a constant
number of queries whatever the data's size."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peernetworks.models import User
from reporting.dashboards import combine_figures, programme_months
from reporting.interchange.importer import programme_import
from reporting.models import KpiReturn
from reporting.services import kpi_figures, kpi_return_submit, kpi_returns_compile
from tests.peernetworks.factories import (
    FacilitatorFactory,
    NationalCoordinatorFactory,
    ProgrammeYearFactory,
)
from tests.reporting.generator import programme

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2021, 11, 20, 10, tzinfo=LONDON)
NOVEMBER, OCTOBER = date(2021, 11, 1), date(2021, 10, 1)
# Session, user, hubs, programme year, stored returns, the live month's kpi_figures (about a
# dozen), and the page header's programme year and hub.
DASHBOARD_QUERIES = 22
PAST = [date(2021, m, 1) for m in range(4, 11)]  # April to October


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def load(seed: int = 3, hubs: int = 3) -> None:
    programme_import(programme(seed, hubs=hubs))


def compile_past() -> None:
    for month in PAST:
        kpi_returns_compile(month=month)


def staff(slug: str = "h0") -> User:
    return User.objects.get(username=f"{slug}-staff")


def board_of(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("reporting:dashboard"), params)
    assert response.status_code == 200
    return response.context["board"], response


def test_it_lists_the_programme_years_months_up_to_the_current_one():
    year = ProgrammeYearFactory()
    assert programme_months(year, date(2021, 11, 20)) == [*PAST, NOVEMBER]
    assert programme_months(year, date(2023, 1, 1))[-1] == date(2022, 3, 1)
    assert programme_months(year, date(2021, 3, 31)) == []


def test_it_adds_hub_figures_with_a_mean_over_all_responses():
    a = {**dict.fromkeys(combine_keys(), 0), "feedback_responses": 1, "mean_satisfaction": 5.0}
    b = {**dict.fromkeys(combine_keys(), 0), "feedback_responses": 3, "mean_satisfaction": 3.0}
    b["group_hours_delivered"] = 2.5
    total = combine_figures([a, b])
    assert total["feedback_responses"] == 4
    assert total["mean_satisfaction"] == 3.5  # not (5 + 3) / 2
    assert total["group_hours_delivered"] == 2.5
    none = {**dict.fromkeys(combine_keys(), 0), "mean_satisfaction": None}
    assert combine_figures([none])["mean_satisfaction"] is None


def combine_keys() -> list[str]:
    from reporting.kpi import COUNT_FIELDS, HOUR_FIELDS

    return [*COUNT_FIELDS, *HOUR_FIELDS]


def test_it_sends_anonymous_visitors_to_login_and_refuses_facilitators(client):
    load()
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(FacilitatorFactory(hub=staff().hub))
    assert client.get(reverse("reporting:dashboard")).status_code == 403


def test_hub_staff_see_their_hubs_live_figures_only(client):
    load()
    compiled = kpi_figures(month=NOVEMBER)
    figures = {hub.slug: f for hub, f in compiled.hubs}
    board, response = board_of(client, staff("h1"), cluster="north")  # ignored for hub staff
    body = response.content.decode()
    assert board.kind == "hub" and board.title == "Hub 1"
    assert [unit.name for unit in board.units] == ["Hub 1"]
    assert board.total.figures == figures["h1"]
    assert board.total.target == 100
    assert board.months[-1].source == "Live" and board.months[-1].month == NOVEMBER
    assert "Hub 0" not in body and "Hub 2" not in body
    assert response.context["chooser"] is None


def test_the_national_coordinator_sees_the_nation_and_each_cluster(client):
    load()
    compiled = kpi_figures(month=NOVEMBER)
    national = NationalCoordinatorFactory()
    board, response = board_of(client, national)
    assert board.kind == "national"
    assert board.total.figures == compiled.national
    assert [unit.name for unit in board.units] == ["North", "South"]
    clusters = {c.slug: f for c, f in compiled.clusters}
    assert board.units[0].figures == clusters["north"]
    assert board.total.target == 300
    assert 'name="cluster"' in response.content.decode()

    board, _ = board_of(client, national, cluster="north")
    assert board.kind == "cluster" and board.title == "North cluster"
    assert board.total.figures == clusters["north"]
    assert [unit.name for unit in board.units] == ["Hub 0", "Hub 2"]

    response = client.get(reverse("reporting:dashboard"), {"cluster": "nowhere"})
    assert response.status_code == 404


def test_it_reads_past_months_from_stored_returns_where_every_hub_has_one(client):
    load()
    compile_past()
    KpiReturn.objects.filter(month=OCTOBER, hub__slug="h0").update(participants_registered=500)
    board, _ = board_of(client, staff("h0"))
    october = next(p for p in board.months if p.month == OCTOBER)
    assert october.source == "Returns" and october.figures["participants_registered"] == 500
    assert board.months[-1].source == "Live"

    # A hub without a stored return: the month is computed live for the whole view.
    KpiReturn.objects.filter(month=OCTOBER, hub__slug="h2").delete()
    board, _ = board_of(client, NationalCoordinatorFactory())
    october = next(p for p in board.months if p.month == OCTOBER)
    assert october.source == "Live"
    assert october.figures == kpi_figures(month=OCTOBER).national
    september = next(p for p in board.months if p.month == date(2021, 9, 1))
    assert september.source == "Returns"
    expected = combine_figures(
        [r.figures() for r in KpiReturn.objects.filter(month=september.month)]
    )
    assert september.figures == expected


def test_the_charts_show_the_same_numbers_as_the_tables(client):
    load()
    compile_past()
    board, response = board_of(client, NationalCoordinatorFactory())
    charts = response.context["charts"]
    body = response.content.decode()
    assert set(charts) == {"recruitment", "group-hours", "progress", "satisfaction", "returns"}
    registered = charts["recruitment"]["datasets"][0]
    assert registered["label"] == "Registered"
    assert registered["data"] == [u.figures["participants_registered"] for u in board.units]
    hours = charts["group-hours"]["datasets"][0]["data"]
    assert hours == [p.figures["group_hours_delivered"] for p in board.months]
    assert charts["satisfaction"]["labels"] == [p.label for p in board.months]
    assert "Attended 18 group hours" in [d["label"] for d in charts["progress"]["datasets"]]
    assert "Had 3.5 h one-to-one" in [d["label"] for d in charts["progress"]["datasets"]]
    assert 'id="dashboard-charts"' in body
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in body
    for table in ("recruitment", "delivery", "hours-trend", "progress", "satisfaction", "returns"):
        start = body.index(f'id="table-{table}"')
        assert "<caption>" in body[start : start + 300]
    for unit in board.units:
        assert f'<th scope="row">{unit.name}</th>' in body


def test_it_counts_returns_by_status_and_lists_overdue_ones_in_words(client):
    load()
    compile_past()
    kpi_return_submit(kpi_return=KpiReturn.objects.get(month=OCTOBER, hub__slug="h0"), by=None)
    board, response = board_of(client, NationalCoordinatorFactory())
    october = next(row for row in board.returns_by_month if row.month == OCTOBER)
    assert october.counts == {"submitted_late": 1, "overdue": 2, "not_compiled": 0}
    assert october.cells == [0, 1, 0, 2, 0]
    body = response.content.decode()
    listed = body[body.index('id="open-returns"') :]
    assert listed.count("Overdue</span>") == 3 * len(PAST) - 1  # only one was submitted
    assert "Hub 0, October 2021" not in listed


def test_a_month_without_returns_shows_as_not_compiled(client):
    load()
    kpi_returns_compile(month=OCTOBER, hub_slug="h0")
    board, _ = board_of(client, NationalCoordinatorFactory())
    october = next(row for row in board.returns_by_month if row.month == OCTOBER)
    assert october.counts == {"overdue": 1, "not_compiled": 2}


def test_it_says_so_when_there_is_no_programme_year(client):
    user = NationalCoordinatorFactory()
    board, response = board_of(client, user)
    assert board.year is None
    assert "No programme year is set up yet." in response.content.decode()


def queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reporting:dashboard")).status_code == 200
    return len(captured)


def test_it_runs_the_same_number_of_queries_at_two_sizes(client):
    # A programme year is imported once (PY-1), so the larger programme is the next year's,
    # looked at in its own November.
    counts = []
    for seed, hubs, prefix, year in ((1, 1, "a", "2021/22"), (2, 6, "b", "2022/23")):
        data = programme(seed, hubs=hubs, prefix=prefix, year=year)
        if prefix == "b":
            data["clusters"] = []
        now = NOW.replace(year=int(year[:4]))
        with time_machine.travel(now, tick=False):
            programme_import(data)
            for month in PAST:
                kpi_returns_compile(month=month.replace(year=now.year))
            hub_staff = User.objects.get(username=f"{prefix}h0-staff")
            national = NationalCoordinatorFactory()
            counts.append((queries(client, hub_staff), queries(client, national)))
    assert counts[0] == counts[1]
    assert max(counts[0]) <= DASHBOARD_QUERIES


def test_months_without_returns_cost_a_fixed_number_of_queries_each(client):
    load(hubs=1)
    user = NationalCoordinatorFactory()
    without = queries(client, user)
    compile_past()
    with_returns = queries(client, user)
    per_month = (without - with_returns) / len(PAST)
    assert per_month == int(per_month) and per_month <= 14
