"""Demo cohorts with full schedules and attendance (seed_demo).

Each demo hub's cohorts follow its plan for the year (demo.structure.cohort_plan): members
are the ready participants registered by a week before the first session; every session that
has started by now is delivered, with attendance, and every later one is planned. A few
members drop out after two absences and one member of each running cohort has missed the last
two sessions (SES-8: at risk). Deterministic for a given date; written in bulk.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, CohortMembership, DeliveryMode, Platform
from demo.structure import (
    SCHEDULED_AHEAD_DAYS,
    Slot,
    aware,
    demo_hubs,
    hub_plans,
    rng_for,
    session_lengths,
)
from participants.models import Participant
from peernetworks.models import Role, User
from peernetworks.units import LONDON
from sessions.models import Attendance, AttendanceStatus, Session, SessionStatus, Topic

# Most members come to nearly every session; some are patchier. About half reach the 18 hours.
STEADY = [AttendanceStatus.PRESENT] * 60 + [
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
    AttendanceStatus.APOLOGIES,
]
PATCHY = [AttendanceStatus.PRESENT] * 16 + [
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
]
PATCHY_SHARE = 0.3
ABSENCES = [AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]
PLATFORMS = [Platform.ZOOM, Platform.TEAMS, Platform.GOOGLE_MEET]
DROP_OUT_REASONS = [
    "The business lost its main customer and the owner has no time to spare.",
    "Family illness: the participant has stepped back from the business for now.",
    "Sold the business; the new owners are not taking part.",
]
DROP_OUT_RATE = 0.3  # about one cohort in three loses a member
# Seats 1 to 4 are the first presenters (demo.sessions); drop-outs and absentees sit further
# down the list.
FIRST_ABSENTEE_SEAT = 5
INSTRUCTIONS_SENT_HOURS = 60  # the scheduled job sends them 48 h + up to a day ahead (SES-5)


def demo_cohorts(year, hubs, *, scale: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    today = timezone.localdate(now)
    hubs = demo_hubs(hubs, scale)
    if Cohort.objects.filter(programme_year=year, hub__in=hubs).exists():
        return  # already seeded: seed_demo stays idempotent
    plans = hub_plans(year, hubs, scale, today)
    # Plain rows made into unsaved stand-ins: thousands of participants nationally, and only
    # these fields are used (memberships, attendance, the drop-outs' update).
    ready = defaultdict(list)
    for pk, business_id, hub_id, registered_on in (
        Participant.objects.ready_for_cohort()
        .filter(programme_year=year, business__hub__in=hubs)
        .order_by("registered_on", "pk")
        .values_list("pk", "business_id", "business__hub_id", "registered_on")
    ):
        ready[hub_id].append(
            Participant(pk=pk, business_id=business_id, registered_on=registered_on)
        )
    with transaction.atomic():
        built = [
            cohort
            for hub in hubs
            for cohort in _hub_cohorts(year, hub, plans[hub.pk], ready[hub.pk], now)
        ]
        _save(year, built, now)


@dataclass
class Built:
    """One cohort before saving: its members in seat order, its slot in the plan, the hub's
    random generator and the member of staff who allocated the members."""

    cohort: Cohort
    members: list[Participant]
    slot: Slot
    rng: random.Random
    staff: User | None


def _hub_cohorts(year, hub, slots, ready: list[Participant], now: datetime) -> list[Built]:
    rng = rng_for("cohorts", year, hub)
    facilitators = list(User.objects.filter(hub=hub, role=Role.FACILITATOR).order_by("pk"))
    staff = User.objects.filter(hub=hub, role=Role.HUB_STAFF).order_by("pk").first()
    taken: set[int] = set()
    built = []
    for slot in (slot for slot in slots if slot.formed):
        # COH-1, COH-2: ready members registered by the time the cohort was put together.
        members = [p for p in ready if p.pk not in taken and p.registered_on <= slot.recruiting_to][
            : slot.size
        ]
        if not members:
            continue
        taken.update(p.pk for p in members)
        number = len(built) + 1
        face_to_face = number % 5 == 0  # SES-6: some hubs meet in person (local discretion)
        scheduled_at = min(aware(slot.first_day - timedelta(days=SCHEDULED_AHEAD_DAYS)), now)
        cohort = Cohort(
            hub=hub,
            programme_year=year,
            # The year in the name: lists that span years (a facilitator's) stay clear.
            name=f"{hub.name.removesuffix(' Growth Hub')} Cohort {number} ({year.name})",
            lead_facilitator=facilitators[number % len(facilitators)] if facilitators else None,
            facilitator_conflicts_declared_at=scheduled_at,  # COH-5: none declared
            delivery_mode=DeliveryMode.FACE_TO_FACE if face_to_face else DeliveryMode.VIRTUAL,
            platform="" if face_to_face else rng.choice(PLATFORMS),
            joining_link="" if face_to_face else f"https://meet.{hub.slug}.example/cohort-{number}",
            venue=f"{hub.name}, meeting room {number}" if face_to_face else "",
            backup_plan="If the link fails, call the technology support line and we will move "
            "to the dial-in.",
            scheduled_at=scheduled_at,
        )
        built.append(Built(cohort, members, slot, rng, staff))
    return built


def _save(year, built: list[Built], now: datetime) -> None:
    Cohort.objects.bulk_create([b.cohort for b in built])
    CohortMembership.objects.bulk_create(
        (
            CohortMembership(
                cohort=b.cohort,
                participant=participant,
                seat=seat,
                joined_at=b.cohort.scheduled_at - timedelta(hours=1),
                allocated_by=b.staff,
            )
            for b in built
            for seat, participant in enumerate(b.members, start=1)
        ),
        batch_size=1000,
    )
    lengths = session_lengths(year)
    sessions = []
    for b in built:
        for number, (starts_at, hours) in enumerate(
            zip(b.slot.starts(len(lengths)), lengths, strict=True), start=1
        ):
            # Started by now: delivered; later: planned. Never the other way round.
            delivered = starts_at <= now
            sent = starts_at - timedelta(hours=INSTRUCTIONS_SENT_HOURS)
            sessions.append(
                Session(
                    cohort=b.cohort,
                    number=number,
                    starts_at=starts_at,
                    duration_hours=hours,
                    delivery_mode=b.cohort.delivery_mode,
                    platform=b.cohort.platform,
                    status=SessionStatus.DELIVERED if delivered else SessionStatus.PLANNED,
                    joining_instructions_sent_at=sent if sent <= now else None,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=1000)
    by_cohort = defaultdict(list)
    for session in sessions:
        by_cohort[session.cohort_id].append(session)

    topics = list(Topic.objects.filter(is_core=True).order_by("pk"))
    through = Session.topics.through
    attendance, dropped = [], []
    topic_rows = []
    for b in built:
        cohort_sessions = by_cohort[b.cohort.pk]
        delivered = [s for s in cohort_sessions if s.status == SessionStatus.DELIVERED]
        topic_rows += [
            through(session_id=s.pk, topic_id=t.pk)
            for s in delivered
            for t in b.rng.sample(topics, k=min(2, len(topics)))
        ]
        attendance += _attendance(b, delivered, len(cohort_sessions), dropped, now)
    through.objects.bulk_create(topic_rows, batch_size=1000)
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Participant.objects.bulk_update(dropped, ["dropped_out_on", "drop_out_reason"])


def _attendance(
    b: Built, delivered: list[Session], planned_total: int, dropped: list, now: datetime
) -> list[Attendance]:
    """Attendance at the delivered sessions, with at most one drop-out (after two absences)
    and, in a running cohort, one member absent from the last two sessions (at risk)."""
    rng, members = b.rng, b.members
    today = timezone.localdate(now)
    statuses = {p.pk: _statuses(rng, len(delivered)) for p in members}
    last_seen = {p.pk: len(delivered) for p in members}  # sessions they were recorded at
    spare = list(members[FIRST_ABSENTEE_SEAT - 1 :])
    if len(delivered) >= 4 and spare and rng.random() < DROP_OUT_RATE:
        leaver = spare.pop(rng.randrange(len(spare)))
        stop = rng.randint(3, len(delivered) - 1)  # absent from sessions stop-1 and stop
        left_on = _day(delivered[stop - 1]) + timedelta(days=rng.randint(2, 6))
        if left_on <= today:
            statuses[leaver.pk][stop - 2 : stop] = rng.sample(ABSENCES, 2)
            last_seen[leaver.pk] = stop
            leaver.dropped_out_on = left_on
            leaver.drop_out_reason = rng.choice(DROP_OUT_REASONS)
            dropped.append(leaver)
    running = 2 <= len(delivered) < planned_total
    if running and spare:
        at_risk = spare[-1]  # SES-8: two consecutive absences, still taking part
        statuses[at_risk.pk][-2:] = [AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT]
    rows = []
    for participant in members:
        for session, status in zip(
            delivered[: last_seen[participant.pk]], statuses[participant.pk], strict=False
        ):
            partly = status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)
            rows.append(
                Attendance(
                    session=session,
                    participant=participant,
                    status=status,
                    minutes_attended=int(session.duration_hours * 60) - 30 if partly else None,
                    recorded_by=b.cohort.lead_facilitator,
                )
            )
    return rows


def _statuses(rng: random.Random, count: int) -> list[str]:
    """A member's attendance by chance, never absent twice in a row: the at-risk members and
    the drop-outs are chosen on purpose."""
    mix = PATCHY if rng.random() < PATCHY_SHARE else STEADY
    statuses: list[str] = []
    for _ in range(count):
        status = rng.choice(mix)
        if statuses and status in ABSENCES and statuses[-1] in ABSENCES:
            status = AttendanceStatus.PRESENT
        statuses.append(status)
    return statuses


def _day(session: Session):
    return session.starts_at.astimezone(LONDON).date()
