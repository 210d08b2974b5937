"""GDPR-4: participants whose programme year ended more than its retention period ago."""

from datetime import date

import pytest

from privacy.selectors import records_past_retention
from privacy.services import participant_anonymise
from tests.participants.factories import ParticipantFactory
from tests.peernetworks.factories import ProgrammeYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def years():
    old = ProgrammeYearFactory(
        name="2014/15",
        start=date(2014, 4, 1),
        end=date(2015, 3, 31),
        retention_years=7,
    )
    short = ProgrammeYearFactory(
        name="2020/21",
        start=date(2020, 4, 1),
        end=date(2021, 3, 31),
        retention_years=2,
    )
    recent = ProgrammeYearFactory(
        name="2021/22", start=date(2021, 4, 1), end=date(2022, 3, 31), retention_years=7
    )
    return old, short, recent


def test_it_lists_participants_past_their_years_retention(years):
    old, short, recent = years
    expired_old = ParticipantFactory(programme_year=old, registered_on=date(2014, 6, 1))
    expired_short = ParticipantFactory(programme_year=short, registered_on=date(2020, 6, 1))
    ParticipantFactory(programme_year=recent)
    assert list(records_past_retention(date(2023, 6, 1))) == [expired_old, expired_short]


def test_the_boundary_day_is_still_within_retention(years):
    old, _, _ = years
    participant = ParticipantFactory(programme_year=old, registered_on=date(2014, 6, 1))
    assert list(records_past_retention(date(2022, 3, 31))) == []
    assert list(records_past_retention(date(2022, 4, 1))) == [participant]


def test_anonymised_participants_are_no_longer_listed(years):
    old, _, _ = years
    participant = ParticipantFactory(programme_year=old, registered_on=date(2014, 6, 1))
    participant_anonymise(participant=participant, by=None)
    assert list(records_past_retention(date(2030, 1, 1))) == []
