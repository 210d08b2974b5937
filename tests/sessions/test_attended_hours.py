"""SES-7 / KPI-2 attended hours and the forecast of reachable hours: the pure rules at their
edges, and the database sums the portal uses agreeing with them."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from cohorts.models import Cohort
from participants.models import Participant
from sessions import attendance as rules
from sessions.models import Attendance, AttendanceStatus, SessionStatus
from sessions.selectors import (
    attended_minutes,
    attended_minutes_by_participant,
    cohort_summaries,
)
from tests.cohorts.factories import cohort_with_members
from tests.sessions.factories import SessionFactory, cohort_in_session, record


def minutes(session_status="delivered", status="present", hours="3", recorded=None):
    return rules.attended_minutes(
        session_status=session_status,
        attendance_status=status,
        duration_hours=Decimal(hours),
        minutes_attended=recorded,
    )


def test_it_counts_a_delivered_session_in_full_without_minutes():
    assert minutes() == 180


def test_it_counts_the_minutes_recorded_instead_of_the_length():
    assert minutes(recorded=95) == 95


@pytest.mark.parametrize("status", ["late", "left_early"])
def test_it_counts_late_and_left_early_in_full(status):
    assert minutes(status=status, hours="2.5") == 150


@pytest.mark.parametrize("status", ["apologies", "absent", None])
def test_it_counts_nothing_for_an_absence(status):
    assert minutes(status=status) == 0


@pytest.mark.parametrize("session_status", ["planned", "cancelled"])
def test_it_counts_nothing_for_sessions_not_delivered(session_status):
    assert minutes(session_status=session_status, recorded=60) == 0


def test_it_rounds_hours_to_two_places():
    assert rules.hours_from_minutes(Decimal(100)) == Decimal("1.67")
    assert rules.hours_from_minutes(None) == Decimal("0.00")


def test_it_completes_the_group_hours_exactly_at_the_requirement():
    required = Decimal("18")
    assert rules.has_completed_group_hours(attended=1080, required_hours=required)
    assert not rules.has_completed_group_hours(attended=1079, required_hours=required)


def test_it_forecasts_whether_the_requirement_is_still_reachable():
    required = Decimal("18")
    assert rules.can_still_reach(attended=600, remaining=480, required_hours=required)
    assert not rules.can_still_reach(attended=600, remaining=479, required_hours=required)


@pytest.mark.parametrize(
    ("status", "recorded", "ok"),
    [
        ("present", None, True),
        ("late", 1, True),
        ("left_early", 180, True),
        ("left_early", 181, False),
        ("late", 0, False),
        ("absent", 30, False),
        ("apologies", None, True),
    ],
)
def test_it_checks_minutes_attended(status, recorded, ok):
    assert (
        rules.check_minutes_attended(
            status=status, minutes=recorded, duration_hours=Decimal("3")
        ).ok
        is ok
    )


def test_it_splits_free_text_topics():
    assert rules.split_topic_names("Cash flow, cash  flow\nHiring; ,  ") == ["Cash flow", "Hiring"]


@pytest.mark.django_db
def test_it_sums_in_the_database_as_the_rule_does(programme_year):
    cohort, participants, (s1, s2, s3, s4, s5, *_) = cohort_in_session(3)
    a, b, c = participants
    record(s1, participants, **{f"p{a.pk}": ("late", 100), f"p{b.pk}": "absent"})
    record(s2, participants, **{f"p{a.pk}": "left_early", f"p{c.pk}": ("present", 45)})
    record(s3, participants, **{f"p{b.pk}": "apologies"})
    record(s4, participants)
    s4.status = "cancelled"  # recorded, then cancelled: no longer counts
    s4.save()
    s5.duration_hours = Decimal("2.25")
    s5.save()
    Attendance.objects.create(session=s5, participant=a, status="present")  # s5 still planned

    by_rule: dict[int, Decimal] = {p.pk: Decimal(0) for p in participants}
    for row in Attendance.objects.select_related("session"):
        by_rule[row.participant_id] += rules.attended_minutes(
            session_status=row.session.status,
            attendance_status=row.status,
            duration_hours=row.session.duration_hours,
            minutes_attended=row.minutes_attended,
        )

    summed = attended_minutes_by_participant(participants)
    assert {pk: summed.get(pk, Decimal(0)) for pk in by_rule} == by_rule
    assert by_rule == {a.pk: 100 + 120 + 120, b.pk: 120, c.pk: 180 + 45 + 120}

    members = _lines(cohort)
    assert members[a.pk].attended_hours == Decimal("5.67")
    assert members[c.pk].attended_minutes == 345


def _lines(cohort):
    summary = cohort_summaries(Cohort.objects.filter(pk=cohort.pk))[0]
    return {m.participant.pk: m for m in summary.members}


@pytest.mark.django_db
def test_it_flags_who_can_no_longer_reach_the_group_hours(programme_year):
    # Exactly 18 h planned (3 + 2×6 + 3): any time missed makes the 18 h unreachable.
    cohort, participants, schedule = cohort_in_session(3)
    keen, absent, late = participants
    assert all(line.can_reach for line in _lines(cohort).values())

    record(schedule[0], participants, **{f"p{absent.pk}": "absent", f"p{late.pk}": "late"})
    lines = _lines(cohort)
    assert lines[keen.pk].can_reach and lines[late.pk].can_reach  # late counts in full
    assert not lines[absent.pk].can_reach

    record(schedule[1], participants, **{f"p{late.pk}": ("late", 110)})  # 10 minutes short
    assert not _lines(cohort)[late.pk].can_reach


@pytest.mark.django_db
def test_it_counts_an_unscheduled_cohort_as_unreachable(programme_year):
    cohort, memberships = cohort_with_members(1)
    SessionFactory(cohort=cohort, duration_hours=Decimal("2"))
    summary = cohort_summaries(Cohort.objects.filter(pk=cohort.pk))[0]
    assert not summary.members[0].can_reach


def _by_rule(row: Attendance) -> Decimal:
    return rules.attended_minutes(
        session_status=row.session.status,
        attendance_status=row.status,
        duration_hours=row.session.duration_hours,
        minutes_attended=row.minutes_attended,
    )


@pytest.mark.django_db
def test_the_sql_expression_agrees_with_the_rule_for_every_status(programme_year):
    # Every attendance status, with and without minutes recorded (some above the session's
    # length, written past the service's check), on sessions of every status and of lengths
    # that are not whole hours.
    cohort, memberships = cohort_with_members(len(AttendanceStatus))
    lengths = [Decimal("2.25"), Decimal("1.4"), Decimal("3")]
    for hours in lengths:
        for session_status in SessionStatus.values:
            for recorded in (None, 50, 200):
                session = SessionFactory(cohort=cohort, duration_hours=hours, status=session_status)
                for membership, status in zip(memberships, AttendanceStatus.values, strict=True):
                    Attendance.objects.create(
                        session=session,
                        participant=membership.participant,
                        status=status,
                        minutes_attended=recorded,
                    )

    rows = Attendance.objects.select_related("session").annotate(minutes=attended_minutes())
    assert len(rows) == len(AttendanceStatus) * len(lengths) * len(SessionStatus) * 3
    for row in rows:
        assert row.minutes == _by_rule(row), (row.status, row.minutes_attended, row.session)
    assert any(row.minutes == Decimal(84) for row in rows)  # 1.4 h in full
    assert any(row.minutes == Decimal(200) for row in rows)  # recorded above the length

    # The same rule from a join, through the prefix: a participant's rows, a cohort's rows.
    by_rule: dict[int, Decimal] = {m.participant_id: Decimal(0) for m in memberships}
    for row in rows:
        by_rule[row.participant_id] += _by_rule(row)
    summed = Participant.objects.filter(pk__in=by_rule).annotate(
        minutes=Sum(attended_minutes("attendance__"))
    )
    assert {p.pk: p.minutes for p in summed} == by_rule
    cohort_total = Cohort.objects.filter(pk=cohort.pk).aggregate(
        minutes=Sum(attended_minutes("sessions__attendance__"))
    )["minutes"]
    assert cohort_total == sum(by_rule.values())
    assert attended_minutes_by_participant(list(by_rule)) == {
        pk: minutes for pk, minutes in by_rule.items() if minutes
    }
