"""Demo cohorts with full schedules and attendance (seed_demo). Deterministic."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from peernetworks.models import Role, User
from sessions.models import Attendance, AttendanceStatus, Session, SessionStatus, Topic
from sessions.schedule import LONDON, Interval, length_pattern, series_starts

from .models import Cohort, CohortMembership, DeliveryMode, Platform

# (first session, interval, sessions delivered) per cohort of a hub, in order.
PLANS = [
    (date(2021, 6, 8), Interval.FORTNIGHTLY, 8),
    (date(2021, 9, 7), Interval.FORTNIGHTLY, 8),
    (date(2021, 11, 2), Interval.FORTNIGHTLY, 6),
    (date(2022, 1, 11), Interval.WEEKLY, 3),
    (date(2022, 2, 1), Interval.WEEKLY, 0),
]
ATTENDANCE_MIX = [AttendanceStatus.PRESENT] * 16 + [
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
]


def demo_cohorts(year, hubs, *, scale: str) -> None:
    if Cohort.objects.filter(programme_year=year).exists():
        return
    rng = random.Random(11)
    if scale != "national":
        hubs = [h for h in hubs if h.slug in ("greater-manchester", "liverpool-city-region")]
    with transaction.atomic():
        for hub in hubs:
            _hub_cohorts(rng, year, hub)


def _hub_cohorts(rng: random.Random, year, hub) -> None:
    ready = list(
        Participant.objects.ready_for_cohort()
        .filter(programme_year=year, business__hub=hub)
        .order_by("registered_on", "pk")
    )
    facilitators = list(User.objects.filter(hub=hub, role=Role.FACILITATOR))
    topics = list(Topic.objects.filter(is_core=True))
    lengths = length_pattern(
        required_hours=year.group_hours_required,
        first_hours=Decimal(3),
        last_hours=Decimal(3),
        other_hours=Decimal(2),
    )
    size = year.cohort_max
    groups = [ready[i : i + size] for i in range(0, len(ready), size)]
    now = timezone.now()
    for index, members in enumerate(groups):
        first_day, interval, delivered = PLANS[index % len(PLANS)]
        start = datetime.combine(first_day, time(9, 30) if index % 2 else time(13, 30))
        cohort = Cohort.objects.create(
            hub=hub,
            programme_year=year,
            name=f"{hub.name.removesuffix(' Growth Hub')} Cohort {index + 1}",
            lead_facilitator=facilitators[index % len(facilitators)] if facilitators else None,
            delivery_mode=DeliveryMode.VIRTUAL,
            platform=rng.choice([Platform.ZOOM, Platform.TEAMS, Platform.GOOGLE_MEET]),
            joining_link=f"https://meet.{hub.slug}.example/cohort-{index + 1}",
            backup_plan="If the link fails, call the technology support line and we will move "
            "to the dial-in.",
            scheduled_at=now,
        )
        CohortMembership.objects.bulk_create(
            CohortMembership(cohort=cohort, participant=p, seat=seat, joined_at=now)
            for seat, p in enumerate(members, start=1)
        )
        starts = series_starts(start.replace(tzinfo=LONDON), interval, len(lengths))
        sessions = Session.objects.bulk_create(
            Session(
                cohort=cohort,
                number=number,
                starts_at=starts_at,
                duration_hours=hours,
                delivery_mode=cohort.delivery_mode,
                platform=cohort.platform,
                status=SessionStatus.DELIVERED if number <= delivered else SessionStatus.PLANNED,
                joining_instructions_sent_at=starts_at - timedelta(hours=60),
            )
            for number, (starts_at, hours) in enumerate(zip(starts, lengths, strict=True), start=1)
        )
        through = Session.topics.through
        through.objects.bulk_create(
            through(session_id=s.pk, topic_id=t.pk)
            for s in sessions
            if s.status == SessionStatus.DELIVERED
            for t in rng.sample(topics, k=min(2, len(topics)))
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=s,
                participant=p,
                status=(status := rng.choice(ATTENDANCE_MIX)),
                minutes_attended=(
                    int(s.duration_hours * 60) - 30
                    if status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)
                    else None
                ),
            )
            for s in sessions
            if s.status == SessionStatus.DELIVERED
            for p in members
        )
