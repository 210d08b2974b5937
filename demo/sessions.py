"""Demo facilitator records for delivered sessions (seed_demo): notes with the issues two
presenters brought (SES-9), their action cards and report-backs at the next session (SES-10),
a follow-up for every absence (SES-8: closed after a week, the recent ones still open) and,
for each drop-out, the facilitator's disengagement report and the hub's decision.

Runs after the cohorts (demo.cohorts). Deterministic for a given date; written in bulk.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from cohorts.models import CohortMembership
from demo.structure import aware, demo_hubs, rng_for
from peernetworks.models import Role, User
from peernetworks.units import LONDON
from sessions.models import (
    ATTENDED_STATUSES,
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    DisengagementOutcome,
    DisengagementReport,
    PresenterNote,
    ReportBackStatus,
    Session,
    SessionNote,
    SessionStatus,
)

PROCESS_ISSUES = [
    "",
    "Started five minutes late: two members had trouble with the link.",
    "Good energy; the quieter members spoke more than last time.",
    "One member dominated the first half; agreed a round-robin for next time.",
    "",
]
HOT_TOPICS = [
    "Energy prices squeezing margins.",
    "Recruiting and keeping skilled staff.",
    "Late payment by larger customers.",
    "Using AI tools in the office.",
]
ISSUES = [
    "How to step back from day-to-day operations without losing control.",
    "Pricing a new service line that cannibalises the old one.",
    "A key manager is leaving: restructure or replace?",
    "Cash flow through a seasonal dip.",
    "Whether to take on a large contract with one customer.",
    "Getting the team to use the new stock system.",
]
ACTIONS = [
    "Write down the three decisions only I can take, and delegate the rest for a month.",
    "Test the new price with five existing customers.",
    "Talk to the two team leaders about the manager's role before advertising it.",
    "Draw up a 13-week cash flow forecast with the accountant.",
    "Ask the customer for staged payments before signing.",
    "Run a half-day training session on the stock system.",
]
REFLECTIONS = [
    "Harder than expected, but the team stepped up.",
    "Did half of it; the rest is booked for next week.",
    "Ran out of time: a big order came in.",
]
FOLLOW_UP_NOTES = [
    "Phoned: a clash with a customer visit; will be at the next session.",
    "Emailed; they were unwell and have caught up with a member of the group.",
]
FOLLOW_UP_CLOSED_AFTER_DAYS = 7  # the facilitator follows up within a week
DROP_OUT_ABSENCES_DAYS = 35  # the absences before a drop-out (two sessions, at most monthly)
PRESENTERS = 2  # members who bring an issue to each session


def demo_session_records(year, hubs, *, scale: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    today = timezone.localdate(now)
    hubs = demo_hubs(hubs, scale)
    sessions = list(
        Session.objects.filter(
            cohort__programme_year=year,
            cohort__hub__in=hubs,
            status=SessionStatus.DELIVERED,
        )
        .select_related("cohort__hub", "cohort__lead_facilitator")
        .order_by("cohort_id", "starts_at", "pk")
    )
    if not sessions or SessionNote.objects.filter(session__in=sessions[:1]).exists():
        return  # nothing delivered yet, or already seeded: seed_demo stays idempotent
    # Plain rows, not model instances: tens of thousands of them nationally.
    members = defaultdict(list)
    for cohort_id, *person in (
        CohortMembership.objects.filter(cohort__programme_year=year, cohort__hub__in=hubs)
        .order_by("cohort_id", "seat")
        .values_list(
            "cohort_id",
            "participant_id",
            "participant__dropped_out_on",
            "participant__drop_out_reason",
        )
    ):
        members[cohort_id].append(Person(*person))
    attendance = {
        (session_id, participant_id): (pk, status)
        for pk, session_id, participant_id, status in Attendance.objects.filter(
            session__cohort__programme_year=year,
            session__cohort__hub__in=hubs,
            session__status=SessionStatus.DELIVERED,
        ).values_list("pk", "session_id", "participant_id", "status")
    }
    staff = {user.hub_id: user for user in User.objects.filter(role=Role.HUB_STAFF).order_by("-pk")}
    by_cohort = defaultdict(list)
    for session in sessions:
        by_cohort[session.cohort_id].append(session)

    notes, presenters, cards, follow_ups, reports = [], [], [], [], []
    for cohort_sessions in by_cohort.values():
        cohort = cohort_sessions[0].cohort
        rng = rng_for(f"session-records-{cohort.name}", year, cohort.hub)
        facilitator = cohort.lead_facilitator
        people = members[cohort.pk]
        for index, session in enumerate(cohort_sessions):
            note = SessionNote(
                session=session,
                process_issues=rng.choice(PROCESS_ISSUES),
                hot_topics=rng.choice(HOT_TOPICS) if rng.random() < 0.3 else "",
                written_by=facilitator,
            )
            notes.append(note)
            following = cohort_sessions[index + 1] if index + 1 < len(cohort_sessions) else None
            # Two members present in turn, starting from the third seat.
            for offset in range(PRESENTERS):
                participant = people[(PRESENTERS * (index + 1) + offset) % len(people)]
                if not _attended(attendance, session, participant):
                    continue
                presenters.append(
                    PresenterNote(
                        note=note, participant_id=participant.pk, issue=rng.choice(ISSUES)
                    )
                )
                card = ActionCard(
                    session=session,
                    participant_id=participant.pk,
                    actions=rng.choice(ACTIONS),
                    written_by=facilitator,
                )
                if following is not None and _attended(attendance, following, participant):
                    card.report_status = rng.choice(ReportBackStatus.values)
                    card.reflection = rng.choice(REFLECTIONS)
                    card.reported_at = _ends(following)
                    card.reported_by = facilitator
                    card.reported_at_session = following
                cards.append(card)
        for participant in people:
            for session in cohort_sessions:
                pk, status = attendance.get((session.pk, participant.pk), (None, None))
                if pk is None or status in ATTENDED_STATUSES:
                    continue
                follow_ups.append(_follow_up(rng, pk, session, participant, facilitator, today))
            if participant.dropped_out_on is not None and facilitator is not None:
                reports.append(_drop_out_report(participant, cohort, facilitator, staff))

    opened = [follow_up.opened_at for follow_up in follow_ups]
    with transaction.atomic():
        SessionNote.objects.bulk_create(notes, batch_size=1000)
        PresenterNote.objects.bulk_create(presenters, batch_size=1000)
        ActionCard.objects.bulk_create(cards, batch_size=1000)
        AbsenceFollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        DisengagementReport.objects.bulk_create(reports)
        # Opened and reported when it happened, not now (bulk_create stamps the time).
        for follow_up, opened_at in zip(follow_ups, opened, strict=True):
            follow_up.opened_at = opened_at
        AbsenceFollowUp.objects.bulk_update(follow_ups, ["opened_at"], batch_size=1000)
        for report in reports:
            report.reported_at = report.staff_notified_at
        DisengagementReport.objects.bulk_update(reports, ["reported_at"])


class Person(NamedTuple):
    pk: int
    dropped_out_on: date | None
    drop_out_reason: str


def _attended(attendance: dict, session: Session, participant: Person) -> bool:
    _, status = attendance.get((session.pk, participant.pk), (None, None))
    return status in ATTENDED_STATUSES


def _ends(session: Session) -> datetime:
    return session.starts_at + timedelta(hours=float(session.duration_hours))


def _follow_up(rng, attendance_pk: int, session: Session, participant: Person, facilitator, today):
    """SES-8: every absence opens a follow-up; the facilitator closes it within a week, except
    for someone who stopped replying: theirs stay open until the drop-out closes them."""
    follow_up = AbsenceFollowUp(attendance_id=attendance_pk, opened_at=_ends(session))
    day = session.starts_at.astimezone(LONDON).date()
    left_on = participant.dropped_out_on
    if left_on is not None and day >= left_on - timedelta(days=DROP_OUT_ABSENCES_DAYS):
        follow_up.closed_at = aware(left_on, 16)
        follow_up.closed_by = facilitator
        follow_up.note = f"Dropped out: {participant.drop_out_reason}"
    elif day + timedelta(days=FOLLOW_UP_CLOSED_AFTER_DAYS) <= today:
        follow_up.closed_at = aware(day + timedelta(days=2), 11)
        follow_up.closed_by = facilitator
        follow_up.note = rng.choice(FOLLOW_UP_NOTES)
    return follow_up


def _drop_out_report(participant, cohort, facilitator, staff) -> DisengagementReport:
    """SES-8: the facilitator reported them; hub staff confirmed the drop-out that day."""
    reported = aware(participant.dropped_out_on - timedelta(days=1), 12)
    hub_staff = staff.get(cohort.hub_id)
    return DisengagementReport(
        participant_id=participant.pk,
        cohort=cohort,
        reported_by=facilitator,
        reason="Missed two sessions in a row and has not replied to calls or emails.",
        staff_notified_at=reported,
        outcome=DisengagementOutcome.DROPPED_OUT,
        resolved_at=aware(participant.dropped_out_on, 16),
        resolved_by=hub_staff,
        resolution_note=participant.drop_out_reason,
    )
