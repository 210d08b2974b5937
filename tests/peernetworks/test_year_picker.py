"""PY-1, PY-2, PY-7: every staff list, dashboard and export shows one programme year, the year
picked with ``?year=`` or else the default (the running year, else the latest closed one), and
never mixes years. A closed year's pages say it is history; an upcoming year's that it has not
started. Two years here: 2025/26 (closed) and 2026/27 (running on 3 December 2026)."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.services import cohort_allocate
from feedback.models import SessionFeedback
from reporting.models import ExportLog, KpiReturn
from sessions.selectors import portal_cohorts_for
from tests.cohorts.factories import CohortFactory, ready_participant
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import (
    FacilitatorFactory,
    HubYearFactory,
    NationalCoordinatorFactory,
    ProgrammeYearFactory,
)
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 3, 10, tzinfo=LONDON)
OLD, NEW = "2025/26", "2026/27"
CLOSED_BANNER = (
    "2025/26 closed on 31 March 2026. Its records are kept as they were; "
    "you are looking at history."
)
RULE_ID = re.compile(r"\b(?:PY|KPI|OTO|SES|COH|ONB|ELIG|SUR|GDPR|QM)-\d+\b")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def years(db):
    old = ProgrammeYearFactory(name=OLD, start=date(2025, 4, 1), end=date(2026, 3, 31))
    new = ProgrammeYearFactory(name=NEW, start=date(2026, 4, 1), end=date(2027, 3, 31))
    return old, new


def _cohort_with_member(hub, year, *, name: str, member: str, session_on: date):
    """A cohort of `year` with one member and one delivered session on `session_on` (past)."""
    cohort = CohortFactory(hub=hub, programme_year=year, name=name)
    participant = ready_participant(
        hub, programme_year=year, last_name=member, registered_on=year.start + timedelta(days=30)
    )
    cohort_allocate(cohort=cohort, participant=participant)
    session = SessionFactory(
        cohort=cohort,
        number=1,
        starts_at=datetime.combine(session_on, datetime.min.time().replace(hour=10), LONDON),
        duration_hours=Decimal("3"),
        status="delivered",
    )
    return cohort, participant, session


@pytest.fixture
def programme(years, hub):
    """Each year's records of one hub: a participant list, a cohort with a member, feedback,
    a KPI return, the hub's target and an export made during the year."""
    old, new = years
    HubYearFactory(hub=hub, programme_year=old, target_participants=120)
    HubYearFactory(hub=hub, programme_year=new, target_participants=150)
    records = {}
    for year, tag, day in (
        (old, "Oldyear", date(2025, 10, 7)),
        (new, "Newyear", date(2026, 10, 6)),
    ):
        cohort, participant, session = _cohort_with_member(
            hub, year, name=f"{tag} cohort", member=f"{tag}member", session_on=day
        )
        SessionFeedback.objects.create(
            session=session,
            participant=participant,
            satisfaction=4,
            relevance=4,
            facilitation=4,
            what_worked=f"{tag} comment",
            submitted_on=day,
        )
        month = day.replace(day=1)
        KpiReturn.objects.create(
            hub=hub,
            programme_year=year,
            month=month,
            due_date=date(month.year, month.month + 1, year.kpi_due_day),
            compiled_at=timezone.now(),
        )
        log = ExportLog.objects.create(hub=hub, what=f"{tag} export", format="csv", rows=1)
        ExportLog.objects.filter(pk=log.pk).update(
            at=datetime.combine(day, datetime.min.time(), LONDON)
        )
        records[tag] = (cohort, participant)
    return records


def _get(client, name: str, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


LISTS = {
    "participants:participant-list": lambda r: [p.last_name for p in r.context["page"]],
    "cohorts:cohort-list": lambda r: [c.name for c in r.context["cohorts"]],
    "one_to_one:progress": lambda r: [c.cohort.name for c in r.context["cohorts"]],
    "one_to_one:short-of-minimum": lambda r: [
        row.participant.last_name for row in r.context["page"]
    ],
    "feedback:overview": lambda r: [row.cohort.name for row in r.context["report"].cohorts],
    "feedback:comment-list": lambda r: [f.what_worked for f in r.context["page"]],
    "reporting:return-list": lambda r: [f"{k.month:%Y-%m}" for k in r.context["page"]],
    "reporting:export-list": lambda r: [log.what for log in r.context["page"]],
    "quality:evaluation": lambda r: [r.context["year"].name],
}
NEW_ONLY = {
    "participants:participant-list": ["Newyearmember"],
    "cohorts:cohort-list": ["Newyear cohort"],
    "one_to_one:progress": ["Newyear cohort"],
    "one_to_one:short-of-minimum": ["Newyearmember"],
    "feedback:overview": ["Newyear cohort"],
    "feedback:comment-list": ["Newyear comment"],
    "reporting:return-list": ["2026-10"],
    "reporting:export-list": ["Newyear export"],
    "quality:evaluation": [NEW],
}
OLD_ONLY = {
    name: [value.replace("Newyear", "Oldyear").replace("2026-10", "2025-10") for value in values]
    for name, values in NEW_ONLY.items()
}
OLD_ONLY["quality:evaluation"] = [OLD]


@pytest.mark.parametrize("name", list(LISTS))
def test_each_staff_list_shows_the_running_year_by_default_and_the_picked_year_on_request(
    staff_client, programme, name
):
    listed = LISTS[name]
    default = _get(staff_client, name)
    assert listed(default) == NEW_ONLY[name]
    assert CLOSED_BANNER not in default.content.decode()
    picked = _get(staff_client, name, year=OLD)
    assert listed(picked) == OLD_ONLY[name]
    page = picked.content.decode()
    assert CLOSED_BANNER in page
    assert not RULE_ID.search(page), RULE_ID.search(page)
    assert "Newyear" not in page


def test_the_home_page_and_dashboard_show_the_picked_year(staff_client, programme):
    home = _get(staff_client, "home", year=OLD)
    assert home.context["summary"].programme_year.name == OLD
    assert [hub.target for hub in home.context["summary"].hubs] == [120]
    assert CLOSED_BANNER in home.content.decode()
    assert not RULE_ID.search(home.content.decode())
    response = _get(staff_client, "reporting:dashboard", year=OLD)
    board = response.context["board"]
    assert board.year.name == OLD
    assert CLOSED_BANNER in response.content.decode()
    assert not RULE_ID.search(response.content.decode())
    assert [r.month for r in board.open_returns] == [date(2025, 10, 1)]


def test_the_dashboard_uses_the_years_own_hub_targets(client, staff_client, programme, hub):
    board = _get(staff_client, "reporting:dashboard").context["board"]
    assert board.year.name == NEW
    assert [unit.target for unit in board.units] == [150] and board.total.target == 150
    old_board = _get(staff_client, "reporting:dashboard", year=OLD).context["board"]
    assert [unit.target for unit in old_board.units] == [120]
    assert old_board.total.target == 120
    assert len(old_board.months) == 12  # the closed year's every month, April to March
    client.force_login(NationalCoordinatorFactory())
    national = _get(client, "reporting:dashboard", year=OLD).context["board"]
    assert national.total.target == 120


def test_a_closed_years_page_says_it_is_history_and_an_upcoming_ones_that_it_has_not_started(
    staff_client, years
):
    ProgrammeYearFactory(name="2027/28", start=date(2027, 4, 1), end=date(2028, 3, 31))
    page = _get(staff_client, "participants:participant-list", year=OLD).content.decode()
    assert CLOSED_BANNER in page
    page = _get(staff_client, "participants:participant-list", year="2027/28").content.decode()
    assert "2027/28 has not started yet: it runs from 1 April 2027 to 31 March 2028." in page
    assert "you are looking at history" not in page


def test_without_a_running_year_the_default_is_the_latest_closed_one(client, years, hub, hub_staff):
    ProgrammeYearFactory(name="2028/29", start=date(2028, 4, 1), end=date(2029, 3, 31))
    old, new = years
    ParticipantFactory(business__hub=hub, programme_year=new, last_name="Newyear")
    ParticipantFactory(business__hub=hub, programme_year=old, last_name="Oldyear")
    # June 2027: 2026/27 has closed and 2028/29 has not started.
    with time_machine.travel(datetime(2027, 6, 1, 10, tzinfo=LONDON), tick=False):
        client.force_login(hub_staff)
        response = _get(client, "participants:participant-list")
    assert response.context["programme_year"].name == NEW
    assert [p.last_name for p in response.context["page"]] == ["Newyear"]
    assert "2026/27 closed on 31 March 2027." in response.content.decode()


def test_an_unknown_year_falls_back_to_the_default(staff_client, programme):
    for value in ("1999/00", "<script>", ""):
        response = _get(staff_client, "participants:participant-list", year=value)
        assert response.context["programme_year"].name == NEW
        assert [p.last_name for p in response.context["page"]] == ["Newyearmember"]


def test_the_picker_lists_every_year_newest_first_and_keeps_the_other_filters(staff_client, years):
    ProgrammeYearFactory(name="2027/28", start=date(2027, 4, 1), end=date(2028, 3, 31))
    page = _get(
        staff_client, "participants:participant-list", year=OLD, q="Shaw", show="ready", page=2
    ).content.decode()
    picker = re.search(r'<form[^>]*aria-label="Programme year".*?</form>', page, re.S).group(0)
    assert '<label for="year-picker" class="form-label">Programme year</label>' in picker
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', picker)
    assert options == [
        ("2027/28", "", "2027/28 (upcoming)"),
        (NEW, "", "2026/27 (running)"),
        (OLD, " selected", "2025/26 (closed)"),
    ]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', picker)
    assert sorted(hidden) == [("q", "Shaw"), ("show", "ready")]
    assert '<button class="btn btn-outline-secondary" type="submit">Show</button>' in picker
    # The list's own filter form keeps the picked year.
    assert f'<input type="hidden" name="year" value="{OLD}">' in page


def test_pagination_keeps_the_picked_year(staff_client, years, hub):
    old, _ = years
    ParticipantFactory.create_batch(51, business__hub=hub, programme_year=old)
    page = _get(staff_client, "participants:participant-list", year=OLD, q="Shaw").content.decode()
    links = re.findall(r'<a class="page-link" href="([^"]*)">Next</a>', page)
    assert len(links) == 1
    assert "year=2025%2F26" in links[0] and "q=Shaw" in links[0] and "page=2" in links[0]


def test_the_picker_costs_one_query_however_many_years(staff_client, years, hub):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            _get(staff_client, "participants:participant-list", year=OLD)
        return len(captured)

    two = count()
    for n in range(4):
        ProgrammeYearFactory(
            name=f"{2030 + n}/{31 + n}", start=date(2030 + n, 4, 1), end=date(2031 + n, 3, 31)
        )
    assert count() == two


def test_the_evaluator_export_is_of_the_picked_year_and_logged_with_it(staff_client, programme):
    page = _get(staff_client, "reporting:export-list", year=OLD).content.decode()
    csv_url = reverse("reporting:evaluator-export", args=["csv"])
    assert f'href="{csv_url}?year=2025%2F26"' in page
    response = staff_client.get(csv_url, {"year": OLD})
    assert response.status_code == 200
    assert "evaluator-export-2025-26.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["programme_year"] for row in rows] == [OLD]
    log = ExportLog.objects.order_by("-pk").first()
    assert log.what == "Evaluator export 2025/26" and log.rows == 1
    default = staff_client.get(csv_url)
    rows = list(csv.DictReader(io.StringIO(default.content.decode("utf-8-sig"))))
    assert [row["programme_year"] for row in rows] == [NEW]
    assert ExportLog.objects.order_by("-pk").first().what == "Evaluator export 2026/27"


def test_the_facilitator_portal_shows_the_running_and_upcoming_years_cohorts(years, hub):
    old, new = years
    upcoming = ProgrammeYearFactory(name="2027/28", start=date(2027, 4, 1), end=date(2028, 3, 31))
    facilitator = FacilitatorFactory(hub=hub)
    for year in (old, new, upcoming):
        CohortFactory(hub=hub, programme_year=year, name=year.name, lead_facilitator=facilitator)
    assert sorted(c.name for c in portal_cohorts_for(facilitator)) == ["2026/27", "2027/28"]
    assert [c.name for c in portal_cohorts_for(facilitator, year=old)] == [OLD]
    with time_machine.travel(datetime(2028, 6, 1, 10, tzinfo=LONDON), tick=False):
        # Nothing runs or is coming: the latest closed year's cohorts, as on staff pages.
        assert [c.name for c in portal_cohorts_for(facilitator)] == ["2027/28"]
