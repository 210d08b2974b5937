"""SES-5: rescheduling a session tells every current member at once."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sessions.services import session_save
from tests.cohorts.factories import cohort_with_members
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_it_emails_members_when_a_session_moves(
    programme_year, hub, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, members = cohort_with_members(3, hub=hub, programme_year=programme_year)
    first = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
    session = SessionFactory(cohort=cohort, starts_at=first, duration_hours=Decimal(3))
    with django_capture_on_commit_callbacks(execute=True):
        session_save(
            cohort=cohort,
            session=session,
            starts_at=first + timedelta(days=1),
            duration_hours=Decimal(3),
        )
    assert len(mailoutbox) == 3
    assert "has moved" in mailoutbox[0].subject
    assert "Wednesday 08 September 2021 at 09:30" in mailoutbox[0].body
    assert "/my/calendar/" in mailoutbox[0].body


def test_it_sends_nothing_when_only_the_length_changes(
    programme_year, hub, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, _ = cohort_with_members(2, hub=hub, programme_year=programme_year)
    start = datetime(2021, 9, 7, 9, 30, tzinfo=LONDON)
    session = SessionFactory(cohort=cohort, starts_at=start, duration_hours=Decimal(3))
    with django_capture_on_commit_callbacks(execute=True):
        session_save(cohort=cohort, session=session, starts_at=start, duration_hours=Decimal(2))
    assert mailoutbox == []
