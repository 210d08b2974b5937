from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from sessions.models import Attendance, Observation, Session
from tests.cohorts.factories import CohortFactory
from tests.peernetworks.factories import UserFactory

LONDON = ZoneInfo("Europe/London")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.Sequence(
        lambda n: datetime(2021, 9, 7, 9, 30, tzinfo=LONDON) + timedelta(days=14 * n)
    )
    duration_hours = Decimal("3")
    status = "planned"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = None
    status = "present"


def fortnightly_schedule(
    cohort, *, first: datetime, lengths=(3, 2, 2, 2, 2, 2, 2, 3), status="planned"
):
    """Sessions every 14 days from `first`, local time kept across clock changes."""
    naive = first.replace(tzinfo=None)
    return [
        SessionFactory(
            cohort=cohort,
            number=i + 1,
            starts_at=(naive + timedelta(days=14 * i)).replace(tzinfo=LONDON),
            duration_hours=Decimal(str(hours)),
            status=status,
        )
        for i, hours in enumerate(lengths)
    ]


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    session = factory.SubFactory(SessionFactory)
    observer = factory.LazyAttribute(lambda o: UserFactory(hub=o.session.cohort.hub))
    notice_given_at = factory.LazyAttribute(lambda o: o.session.starts_at - timedelta(days=3))
