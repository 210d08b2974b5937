"""Implausible values are refused with a message naming the field: dates in year 1 or 9999
on any date field, and sessions of a few seconds."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from peernetworks.validators import validate_plausible_date
from sessions.models import Session
from sessions.schedule import check_session_length
from tests.cohorts.factories import CohortFactory
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import ProgrammeYearFactory

PROJECT_APPS = {"peernetworks", "participants", "cohorts", "programme_sessions", "one_to_one"}
PROJECT_APPS |= {"reporting"}
PROJECT_APPS |= {"quality"}


# Stamped by the clock, never typed: Django's own login dates and auto_now(_add) fields.
DJANGO_STAMPED = {f.name for f in AbstractUser._meta.concrete_fields}


def _project_date_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateField):  # DateTimeField is a DateField too
                continue
            if field.auto_now or field.auto_now_add or field.name in DJANGO_STAMPED:
                continue
            yield model, field


def test_every_date_field_of_the_programme_checks_the_date_is_plausible():
    fields = list(_project_date_fields())
    assert len(fields) > 50
    unchecked = [
        f"{model.__name__}.{field.name}"
        for model, field in fields
        if validate_plausible_date not in field.validators
    ]
    assert unchecked == []


@pytest.mark.parametrize(
    "value", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)]
)
def test_a_date_outside_1900_to_2100_is_refused(value):
    with pytest.raises(ValidationError, match="between 1 January 1900 and 31 December 2100"):
        validate_plausible_date(value)


def test_a_date_time_is_checked_by_its_date():
    validate_plausible_date(datetime(2100, 12, 31, 23, 59))
    with pytest.raises(ValidationError):
        validate_plausible_date(datetime(1, 1, 1, 9, 30))


@pytest.mark.django_db
def test_a_drop_out_dated_year_one_names_the_field():
    participant = ParticipantFactory()
    participant.dropped_out_on = date(1, 1, 1)

    with pytest.raises(ValidationError) as raised:
        participant.full_clean()

    assert "dropped_out_on" in raised.value.message_dict


# Session floor: a length under the year's shortest allowed session is refused.

LIMITS = {"recommended_min": Decimal(2), "recommended_max": Decimal(3)}


@pytest.mark.parametrize("hours", ["0.01", "0.25", "0.49"])
def test_a_session_under_the_floor_is_refused(hours):
    check = check_session_length(
        Decimal(hours), absolute_min=Decimal("0.5"), absolute_max=Decimal(8), **LIMITS
    )
    assert check.refused == "A session must last at least 0.5 hours."


def test_a_session_at_the_floor_is_only_warned_about():
    check = check_session_length(
        Decimal("0.5"), absolute_min=Decimal("0.5"), absolute_max=Decimal(8), **LIMITS
    )
    assert check.refused is None
    assert "outside the recommended" in check.warning


@pytest.mark.django_db
def test_the_year_keeps_its_session_lengths_in_order():
    year = ProgrammeYearFactory.build(session_hours_absolute_min=Decimal(3))

    with pytest.raises(ValidationError) as raised:
        year.clean()

    assert "session_hours_absolute_min" in raised.value.message_dict


@pytest.mark.django_db
def test_the_schedule_generator_refuses_sessions_of_a_few_seconds(
    staff_client, hub, programme_year
):
    cohort = CohortFactory(hub=hub, programme_year=programme_year)
    start = programme_year.start

    response = staff_client.post(
        reverse("cohorts:schedule-generate", args=[cohort.pk]),
        {
            "first_date": f"{start:%Y-%m-%d}",
            "first_time": "09:30",
            "interval": "weekly",
            "first_hours": "3",
            "other_hours": "2",
            "last_hours": "3",
            "lengths": ", ".join(["0.01"] * 40),
            "action": "save",
        },
    )

    assert response.status_code == 200
    assert "at least 0.5 hours" in response.content.decode()
    assert not Session.objects.exists()
