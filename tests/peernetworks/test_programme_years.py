"""Programme years as a life-cycle (PY-1..PY-7): status from the dates, no overlap, the
registration window, starting a new year, each record decided and counted with its own year,
and jobs on any date. Time is frozen at year ends, month ends and clock changes."""

import io
import json
import logging
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from feedback.models import SurveyQuestion
from participants.models import EligibilityOutcome
from participants.services import participant_assess, participant_record_discretion
from peernetworks.models import HubYear, ProgrammeYear, YearStatus
from peernetworks.selectors import registration_window
from peernetworks.services import (
    hub_registration_close,
    hub_registration_reopen,
    programme_year_create,
)
from reporting.models import KpiReturn
from reporting.services import kpi_returns_compile
from reporting.tasks import compile_previous_month
from tests.participants.factories import BusinessFactory, ParticipantFactory
from tests.peernetworks.factories import HubYearFactory, ProgrammeYearFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def two_years(db):
    """2021/22, then 2022/23 with different numbers."""
    first = ProgrammeYearFactory(min_turnover_gbp=100_000, joining_instructions_notice_hours=48)
    second = ProgrammeYearFactory(
        name="2022/23",
        start=date(2022, 4, 1),
        end=date(2023, 3, 31),
        min_turnover_gbp=200_000,
        joining_instructions_notice_hours=72,
    )
    return first, second


# PY-2: the life-cycle follows the dates ---------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (at(2021, 3, 31, 23, 59), YearStatus.UPCOMING),
        (at(2021, 4, 1, 0, 0), YearStatus.RUNNING),
        (at(2022, 3, 31, 23, 59), YearStatus.RUNNING),
        (at(2022, 4, 1, 0, 0), YearStatus.CLOSED),
    ],
)
def test_a_year_is_upcoming_running_or_closed_by_its_dates_in_london(moment, status):
    year = ProgrammeYearFactory()
    with time_machine.travel(moment, tick=False):
        assert year.status() == status


def test_the_default_year_is_the_running_one_else_the_latest_closed_else_the_next(two_years):
    first, second = two_years
    with time_machine.travel(at(2022, 3, 31, 23, 30), tick=False):
        assert ProgrammeYear.current() == first
        assert ProgrammeYear.running() == first
    with time_machine.travel(at(2022, 4, 1, 0, 30), tick=False):
        assert ProgrammeYear.current() == second
    with time_machine.travel(at(2023, 6, 1, 9), tick=False):
        assert ProgrammeYear.running() is None
        assert ProgrammeYear.current() == second  # the latest closed
    with time_machine.travel(at(2020, 6, 1, 9), tick=False):
        assert ProgrammeYear.current() == first  # nothing has begun: the first upcoming


def test_years_never_overlap(two_years):
    with pytest.raises(ValidationError) as refused:
        programme_year_create(name="2022/23b", start=date(2023, 3, 31), end=date(2024, 3, 30))
    assert "overlap 2022/23" in refused.value.message_dict["start"][0]
    # Touching end to start is fine.
    programme_year_create(name="2023/24", start=date(2023, 4, 1), end=date(2024, 3, 31))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
def test_the_database_refuses_overlapping_years_that_bypass_validation(two_years):
    with pytest.raises(IntegrityError, match="programme_year_no_overlap"), transaction.atomic():
        ProgrammeYear.objects.create(name="X", start=date(2022, 1, 1), end=date(2022, 12, 31))


# PY-3: the registration window ---------------------------------------------------------------


def register_page(client, hub) -> str:
    return client.get(reverse("register", kwargs={"hub_slug": hub.slug})).content.decode()


def test_registration_opens_on_its_date_and_closes_after_the_year(client, hub, two_years):
    first, second = two_years
    second.registration_opens_on = date(2022, 3, 1)
    second.save()
    with time_machine.travel(at(2021, 3, 31, 12)):
        window = registration_window(hub, date(2021, 3, 31))
        assert (window.year, window.next_opening) == (None, date(2021, 4, 1))
        body = register_page(client, hub)
        assert "Registration is closed" in body and "1 April 2021" in body
    assert registration_window(hub, date(2021, 4, 1)).year == first
    assert registration_window(hub, date(2022, 2, 28)).year == first
    # Both windows are open in March 2022: new sign-ups join the year that is running.
    assert registration_window(hub, date(2022, 3, 1)).year == first
    assert registration_window(hub, date(2022, 4, 1)).year == second
    window = registration_window(hub, date(2023, 4, 1))
    assert (window.year, window.next_opening) == (None, None)
    with time_machine.travel(at(2023, 4, 1, 12)):
        assert "have not been announced yet" in register_page(client, hub)


def test_an_upcoming_years_early_window_takes_registrations_for_that_year(hub):
    ProgrammeYearFactory()
    upcoming = ProgrammeYearFactory(
        name="2022/23",
        start=date(2022, 4, 1),
        end=date(2023, 3, 31),
        registration_opens_on=date(2022, 3, 1),
    )
    assert registration_window(hub, date(2022, 4, 2)).year == upcoming
    # On 1 March 2022 the running year still takes them; once the hub closes its own
    # registration for 2021/22, the next year's early window does.
    hub_registration_close(
        hub=hub, year=ProgrammeYear.objects.get(name="2021/22"), on=date(2022, 3, 1)
    )
    assert registration_window(hub, date(2022, 3, 1)).year == upcoming


def test_a_hub_can_close_its_own_registration_early_and_reopen_it(client, hub, other_hub):
    year = ProgrammeYearFactory()
    hub_registration_close(hub=hub, year=year, on=date(2021, 11, 1))
    assert registration_window(hub, date(2021, 10, 31)).year == year
    closed = registration_window(hub, date(2021, 11, 1))
    assert (closed.year, closed.closed_early) == (None, True)
    assert registration_window(other_hub, date(2021, 11, 1)).year == year  # its own only
    with time_machine.travel(at(2021, 11, 2, 10)):
        assert "not taking new" in register_page(client, hub)
        response = client.post(
            reverse("register", kwargs={"hub_slug": hub.slug}), {"acknowledged": "on"}
        )
        assert "Registration is closed" in response.content.decode()
        assert client.session.get("registration_privacy") is None
    hub_registration_reopen(hub=hub, year=year)
    assert registration_window(hub, date(2021, 11, 2)).year == year


# PY-4: starting a new year -------------------------------------------------------------------


def test_start_programme_year_copies_every_number_and_leaves_the_old_year_untouched(hub):
    old = ProgrammeYearFactory(
        name="2025/26",
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        cohort_max=10,
        group_hours_required=Decimal("20"),
        min_turnover_gbp=150_000,
        charter_text="Our own charter.",
    )
    HubYearFactory(hub=hub, programme_year=old, target_participants=123)
    SurveyQuestion.objects.create(
        programme_year=old, kind="baseline", topic="Cash", text="How is cash?", order=3
    )
    ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=old, registered_on=date(2025, 6, 1)
    )
    with time_machine.travel(at(2026, 2, 2, 9)):
        kpi_returns_compile(month=date(2025, 10, 1))
    before = list(KpiReturn.objects.order_by("pk").values())
    old_values = ProgrammeYear.objects.filter(pk=old.pk).values().get()

    out = io.StringIO()
    call_command(
        "start_programme_year",
        "--from",
        "2025/26",
        "--name",
        "2026/27",
        "--start",
        "2026-04-01",
        "--end",
        "2027-03-31",
        stdout=out,
    )
    new = ProgrammeYear.objects.get(name="2026/27")
    assert (new.cohort_max, new.group_hours_required, new.min_turnover_gbp) == (
        10,
        Decimal("20"),
        150_000,
    )
    assert new.charter_text == "Our own charter."
    assert HubYear.objects.get(hub=hub, programme_year=new).target_participants == 123
    assert list(
        SurveyQuestion.objects.filter(programme_year=new).values_list("topic", "text", "order")
    ) == [("Cash", "How is cash?", 3)]
    # The old year, its questions and its returns are byte for byte as they were.
    assert ProgrammeYear.objects.filter(pk=old.pk).values().get() == old_values
    assert SurveyQuestion.objects.filter(programme_year=old).count() == 1
    assert list(KpiReturn.objects.order_by("pk").values()) == before
    assert "2026/27 started" in out.getvalue()


def test_start_programme_year_refuses_bad_input_naming_it(hub):
    ProgrammeYearFactory()
    with pytest.raises(CommandError, match="--from: no programme year"):
        call_command(
            "start_programme_year", "--from", "1999/00", "--name", "x", "--start",
            "2022-04-01", "--end", "2023-03-31",
        )  # fmt: skip
    with pytest.raises(CommandError, match="--start must be a date"):
        call_command(
            "start_programme_year", "--from", "2021/22", "--name", "x", "--start",
            "April", "--end", "2023-03-31",
        )  # fmt: skip
    with pytest.raises(CommandError, match="start: The new year must start after 2021/22"):
        call_command(
            "start_programme_year", "--from", "2021/22", "--name", "x", "--start",
            "2022-03-01", "--end", "2023-03-31",
        )  # fmt: skip
    assert ProgrammeYear.objects.count() == 1


def test_the_national_coordinator_starts_the_next_year_in_the_admin(
    client, national_coordinator, hub_staff
):
    old = ProgrammeYearFactory()
    HubYearFactory(hub=hub_staff.hub, programme_year=old, target_participants=50)
    url = reverse("admin:peernetworks_programmeyear_start_next", args=[old.pk])

    client.force_login(hub_staff)
    assert client.get(url).status_code == 403

    client.force_login(national_coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["name"].initial == "2022/23"
    assert page.context["form"]["start"].initial == date(2022, 4, 1)
    refused = client.post(url, {"name": "2022/23", "start": "2022-03-01", "end": "2023-03-31"})
    assert refused.status_code == 200
    assert "must start after 2021/22" in str(refused.context["form"].errors["start"])
    response = client.post(url, {"name": "2022/23", "start": "2022-04-01", "end": "2023-03-31"})
    new = ProgrammeYear.objects.get(name="2022/23")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:peernetworks_programmeyear_change", args=[new.pk])
    assert HubYear.objects.get(programme_year=new).target_participants == 50


# PY-5: a participant is assessed with their own year's numbers ------------------------------


def test_a_participant_is_reassessed_with_their_own_years_thresholds(hub, two_years):
    first, second = two_years
    participant = ParticipantFactory(
        business=BusinessFactory(hub=hub, turnover_gbp=150_000),
        programme_year=first,
        registered_on=date(2021, 6, 1),
    )
    participant_assess(participant=participant)
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    # Later, in 2022/23 whose minimum turnover is £200,000: still judged by 2021/22's.
    with time_machine.travel(at(2022, 6, 1, 9)):
        participant_assess(participant=participant, trigger="re-assessed")
    participant.refresh_from_db()
    assert participant.eligibility_outcome == EligibilityOutcome.ELIGIBLE
    newcomer = ParticipantFactory(
        business=BusinessFactory(hub=hub, turnover_gbp=150_000),
        programme_year=second,
        registered_on=date(2022, 6, 1),
    )
    participant_assess(participant=newcomer)
    assert newcomer.eligibility_outcome == EligibilityOutcome.INELIGIBLE
    assert "ELIG-4" in newcomer.eligibility_failed_rules


# PY-1 and KPI-2: each year's figures come from its own records -------------------------------


def compile_json(month: str) -> dict:
    out = io.StringIO()
    call_command("compile_kpi_return", "--month", month, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_return_counts_only_its_own_years_records(hub, two_years):
    first, second = two_years
    ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=first, registered_on=date(2021, 6, 1)
    )
    ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=second, registered_on=date(2022, 4, 2)
    )
    for month, year, registered in (("2022-03", "2021/22", 1), ("2022-04", "2022/23", 1)):
        figures = compile_json(month)
        assert figures["programme_year"] == year
        assert figures["national"]["participants_registered"] == registered


def test_eligibility_counts_as_at_the_month_end(hub, programme_year):
    participant = ParticipantFactory(
        business=BusinessFactory(hub=hub, legal_form="charity"),  # ELIG-12: the hub decides
        programme_year=programme_year,
        registered_on=date(2021, 9, 20),
    )
    participant_assess(participant=participant)
    assert participant.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
    with time_machine.travel(at(2021, 10, 1, 0, 30)):  # the first minutes of October
        participant_record_discretion(
            participant=participant, decision="approved", reason="Local priority"
        )
    participant.refresh_from_db()
    assert participant.discretion_decided_on == date(2021, 10, 1)
    assert compile_json("2021-09")["national"]["participants_eligible"] == 0
    assert compile_json("2021-10")["national"]["participants_eligible"] == 1


# PY-6: jobs on any date ----------------------------------------------------------------------


def test_the_monthly_job_skips_a_month_no_year_covers(hub, programme_year, caplog):
    with (
        caplog.at_level(logging.INFO, logger="reporting.tasks"),
        time_machine.travel(at(2023, 5, 1, 6), tick=False),
    ):
        result = compile_previous_month.delay().get()
    assert result == "2023-04: skipped, no programme year"
    assert "No programme year covers April 2023" in caplog.text
    assert not KpiReturn.objects.exists()
    with pytest.raises(CommandError, match="No programme year covers April 2023"):
        call_command("compile_kpi_return", "--month", "2023-04")


def test_the_last_month_is_compiled_and_due_after_the_year_has_closed(hub, programme_year):
    ParticipantFactory(
        business=BusinessFactory(hub=hub),
        programme_year=programme_year,
        registered_on=date(2022, 3, 31),
    )
    # 1 April 2022 at 00:05 in London is still 31 March in UTC (BST began on 27 March).
    with time_machine.travel(at(2022, 4, 1, 0, 5), tick=False):
        assert programme_year.status() == YearStatus.CLOSED
        compile_previous_month.delay()
    kpi_return = KpiReturn.objects.get()
    assert (kpi_return.month, kpi_return.due_date) == (date(2022, 3, 1), date(2022, 4, 7))
    assert kpi_return.programme_year == programme_year
    assert kpi_return.participants_registered == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a trigger on PostgreSQL")
def test_the_database_refuses_a_member_or_attendance_of_another_year(hub, two_years):
    from cohorts.models import CohortMembership
    from sessions.models import Attendance
    from tests.cohorts.factories import CohortFactory
    from tests.sessions.factories import SessionFactory

    first, second = two_years
    cohort = CohortFactory(hub=hub, programme_year=first)
    session = SessionFactory(cohort=cohort)
    stranger = ParticipantFactory(
        business=BusinessFactory(hub=hub), programme_year=second, registered_on=date(2022, 5, 1)
    )
    with (
        pytest.raises(IntegrityError, match="cohort_membership_same_programme_year"),
        transaction.atomic(),
    ):
        CohortMembership.objects.create(
            cohort=cohort, participant=stranger, seat=1, joined_at=timezone.now()
        )
    with (
        pytest.raises(IntegrityError, match="attendance_same_programme_year"),
        transaction.atomic(),
    ):
        Attendance.objects.create(session=session, participant=stranger, status="present")


def test_a_session_just_after_midnight_in_london_counts_in_the_new_year(hub, two_years):
    """00:30 on 1 April 2022 in London is 23:30 on 31 March in UTC: the session's date, and
    so its month and programme year, is London's."""
    from tests.cohorts.factories import CohortFactory
    from tests.sessions.factories import SessionFactory

    _, second = two_years
    cohort = CohortFactory(hub=hub, programme_year=second)
    SessionFactory(cohort=cohort, starts_at=at(2022, 4, 1, 0, 30), status="delivered")
    assert compile_json("2022-03")["national"]["sessions_delivered"] == 0
    april = compile_json("2022-04")
    assert (april["programme_year"], april["national"]["sessions_delivered_in_month"]) == (
        "2022/23",
        1,
    )
