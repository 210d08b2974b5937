"""Logging one-to-one support through the service: the OTO rules at each edge, by route."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from one_to_one.models import OneToOneSession
from one_to_one.services import one_to_one_log, support_decline
from tests.cohorts.factories import ready_participant
from tests.one_to_one.factories import (
    FIRST_DAY,
    LAST_DAY,
    OneToOneSessionFactory,
    assigned,
    cohort_with_schedule,
)
from tests.peernetworks.factories import FacilitatorFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(programme_year, hub):
    _cohort, participants, _sessions = cohort_with_schedule(hub)
    return participants[0]


@pytest.fixture
def provider(participant):
    return assigned(participant)


def log(participant, provider, day, hours="1.5", **kwargs):
    values = {"route": "programme", "provider": provider, "mode": "video", "platform": "zoom"}
    return one_to_one_log(
        participant=participant, date=day, hours=Decimal(hours), **{**values, **kwargs}
    )


def refusal(callable_, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return error.value.message_dict


def test_it_logs_a_session_on_the_day_of_the_first_group_session(participant, provider):
    session, warnings = log(participant, provider, FIRST_DAY, themes=["people", "innovation"])
    assert warnings == []
    session.refresh_from_db()
    assert (session.date, session.hours, session.provider) == (FIRST_DAY, Decimal("1.5"), provider)
    assert session.theme_labels == ["People", "Innovation"]


def test_it_refuses_a_session_the_day_before_the_first_group_session(participant, provider):
    errors = refusal(log, participant, provider, FIRST_DAY - timedelta(days=1))
    assert "before the cohort's first group session" in errors["date"][0]
    assert not OneToOneSession.objects.exists()


def test_it_refuses_support_before_any_group_session_is_delivered(programme_year, hub):
    _cohort, (participant,), _ = cohort_with_schedule(hub, delivered=0)
    errors = refusal(log, participant, assigned(participant), date(2021, 10, 1))
    assert "has not had one yet" in errors["date"][0]


def test_it_refuses_support_for_a_participant_in_no_cohort(programme_year, hub):
    participant = ready_participant(hub)
    errors = refusal(log, participant, assigned(participant), date(2021, 10, 1))
    assert "first group session" in errors["date"][0]


def test_it_counts_only_delivered_sessions_as_the_first(programme_year, hub):
    _cohort, (participant,), sessions = cohort_with_schedule(hub, delivered=0)
    sessions[0].status = "cancelled"
    sessions[0].save()
    sessions[1].status = "delivered"
    sessions[1].save()
    provider = assigned(participant)
    assert refusal(log, participant, provider, FIRST_DAY)
    assert log(participant, provider, FIRST_DAY + timedelta(days=14)).warnings == []


def test_it_allows_one_month_after_the_final_session_without_a_warning(participant, provider):
    assert log(participant, provider, date(2021, 12, 30)).warnings == []


def test_it_warns_but_logs_one_month_and_a_day_after_the_final_session(participant, provider):
    session, warnings = log(participant, provider, date(2021, 12, 31))
    assert len(warnings) == 1 and "Logged anyway." in warnings[0]
    assert OneToOneSession.objects.filter(pk=session.pk).exists()


def test_it_measures_the_window_from_a_planned_final_session(programme_year, hub):
    _cohort, (participant,), _ = cohort_with_schedule(hub, delivered=2)
    provider = assigned(participant)
    assert log(participant, provider, LAST_DAY + timedelta(days=30)).warnings == []


def test_it_allows_the_programme_year_end(participant, provider):
    session, warnings = log(participant, provider, date(2022, 3, 31))
    assert session.pk and warnings  # outside the one-month window: a warning only


def test_it_refuses_the_day_after_the_programme_year_end(participant, provider):
    errors = refusal(log, participant, provider, date(2022, 4, 1))
    assert "after the programme year ends on 31/03/2022" in errors["date"][0]
    assert not OneToOneSession.objects.exists()


def test_it_logs_existing_provision_without_a_provider(participant):
    session, _ = one_to_one_log(
        participant=participant,
        date=date(2021, 10, 1),
        hours="2",
        route="existing_provision",
        existing_programme=" Business Growth Programme ",
        nature_of_support="Growth adviser sessions",
    )
    session.refresh_from_db()
    assert session.provider is None and session.existing_programme == "Business Growth Programme"


@pytest.mark.parametrize(
    ("blank", "field"),
    [
        ({"existing_programme": ""}, "existing_programme"),
        ({"nature_of_support": ""}, "nature_of_support"),
        ({"hours": None}, "hours"),
    ],
)
def test_it_refuses_existing_provision_missing_what_oto_4_requires(participant, blank, field):
    values = {
        "participant": participant,
        "date": date(2021, 10, 1),
        "hours": "2",
        "route": "existing_provision",
        "existing_programme": "Business Growth Programme",
        "nature_of_support": "Growth adviser sessions",
    }
    errors = refusal(one_to_one_log, **{**values, **blank})
    assert list(errors) == [field]
    assert not OneToOneSession.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-0.5", "NaN", "-Infinity"])
def test_it_refuses_hours_that_are_not_positive(participant, provider, hours):
    assert "hours" in refusal(log, participant, provider, date(2021, 10, 1), hours=hours)


def test_it_names_every_refused_field_at_once(participant):
    errors = refusal(
        one_to_one_log,
        participant=participant,
        date=date(2022, 4, 1),
        hours="0",
        route="programme",
    )
    assert set(errors) == {"date", "hours", "provider", "mode"}


def test_it_refuses_a_provider_of_another_hub(participant, other_hub):
    errors = refusal(log, participant, ProviderFactory(hub=other_hub), date(2021, 10, 1))
    assert "another Growth Hub" in errors["provider"][0]


def test_it_refuses_a_user_who_is_not_a_provider(participant, hub):
    errors = refusal(log, participant, FacilitatorFactory(hub=hub), date(2021, 10, 1))
    assert "not an active one-to-one provider" in errors["provider"][0]


def test_it_refuses_an_unknown_theme(participant, provider):
    assert "themes" in refusal(log, participant, provider, date(2021, 10, 1), themes=["golf"])


def test_it_keeps_a_platform_only_for_video(participant, provider):
    session, _ = log(participant, provider, date(2021, 10, 1), mode="phone", platform="zoom")
    assert session.platform == ""


def test_it_warns_when_the_participant_had_declined_support(participant, provider):
    support_decline(participant=participant, declined_on=date(2021, 9, 20))
    _session, warnings = log(participant, provider, date(2021, 10, 1))
    assert any("declined" in warning for warning in warnings)


def test_it_allows_more_than_the_minimum(participant, provider):
    for day in (1, 2, 3):
        log(participant, provider, date(2021, 10, day), hours="2")
    assert OneToOneSession.objects.filter(participant=participant).count() == 3


def test_the_database_refuses_hours_that_are_not_positive(participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        OneToOneSessionFactory(participant=participant, hours=Decimal("0"))


def test_the_database_refuses_a_programme_session_without_a_provider(participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        OneToOneSessionFactory(participant=participant, provider=None)


def test_the_database_refuses_existing_provision_without_a_programme_name(participant):
    with pytest.raises(IntegrityError), transaction.atomic():
        OneToOneSessionFactory(participant=participant, route="existing_provision", provider=None)


def test_it_refuses_an_unknown_platform(participant, provider):
    assert "platform" in refusal(log, participant, provider, date(2021, 10, 1), platform="icq")
