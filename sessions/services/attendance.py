"""Writes for what happens at and after a session: attendance (SES-7), notes (SES-9), action
cards (SES-10), absences, disengagement and drop-out (SES-8), referrals for deeper support.

The facilitator portal and the admin call these; nothing important happens in signals or
`save()`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.models import Cohort, CohortMembership
from participants.models import Participant
from participants.notifications import hub_staff_addresses
from peernetworks.emails import email_message, site_url
from peernetworks.queue import enqueue_on_commit

from .. import attendance as rules
from ..models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    DisengagementOutcome,
    DisengagementReport,
    PresenterNote,
    ReportBackStatus,
    Session,
    SessionNote,
    SessionStatus,
    SupportReferral,
    Topic,
)
from ..signals import participant_dropped_out, session_delivered


@dataclass(frozen=True)
class Mark:
    """One line of the register: a status and, for part of a session, the minutes attended."""

    status: str
    minutes: int | None = None


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y \\a\\t H:i")


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def _check_recordable(session: Session, now: datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was cancelled: it has no attendance."})
    if session.starts_at > now:
        raise ValidationError(
            {
                "session": f"This session starts on {_local(session.starts_at)}. A session in "
                "the future cannot be marked delivered: record attendance once it has started "
                "(SES-7)."
            }
        )


def _roll(session: Session) -> dict[int, Participant]:
    """Current members, plus anyone already recorded for the session (for edits)."""
    recorded = Attendance.objects.filter(session=session).values("participant")
    memberships = CohortMembership.objects.filter(cohort_id=session.cohort_id).filter(
        Q(left_at__isnull=True) | Q(participant__in=recorded)
    )
    return {m.participant_id: m.participant for m in memberships.select_related("participant")}


@transaction.atomic
def attendance_record(
    *, session: Session, marks: dict[int, Mark], by, now: datetime | None = None
) -> list[Attendance]:
    """SES-7: records a whole session's register in one transaction and marks the session
    delivered. `marks` maps participant id to Mark. Every new or changed row is written to the
    history (AttendanceChange); absences open follow-ups and a corrected absence closes its
    open one (SES-8). A constant number of queries however many members."""
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    _check_recordable(session, now)
    roll = _roll(session)
    strangers = set(marks) - set(roll)
    if strangers:
        raise ValidationError({"participant": "Only the cohort's members can be recorded."})
    existing = {
        a.participant_id: a for a in Attendance.objects.select_for_update().filter(session=session)
    }
    day = timezone.localdate(session.starts_at)
    missing = [
        participant.full_name
        for pid, participant in roll.items()
        if pid not in marks
        and pid not in existing
        and (participant.dropped_out_on is None or participant.dropped_out_on > day)
    ]
    if missing:
        raise ValidationError(
            {"participant": f"Record attendance for everyone: none for {', '.join(missing)}."}
        )
    errors: list[str] = []
    for pid, mark in marks.items():
        if mark.status not in AttendanceStatus.values:
            errors.append(
                f"{roll[pid].full_name}: choose present, late, left early, apologies or absent."
            )
            continue
        check = rules.check_minutes_attended(
            status=mark.status, minutes=mark.minutes, duration_hours=session.duration_hours
        )
        if not check.ok:
            errors.append(f"{roll[pid].full_name}: {check.message}")
    if errors:
        raise ValidationError({"status": errors})

    created: list[Attendance] = []
    changed: list[tuple[Attendance, str, int | None]] = []
    for pid, mark in marks.items():
        row = existing.get(pid)
        if row is None:
            created.append(
                Attendance(
                    session=session,
                    participant_id=pid,
                    status=mark.status,
                    minutes_attended=mark.minutes,
                    recorded_by=by,
                )
            )
        elif (row.status, row.minutes_attended) != (mark.status, mark.minutes):
            changed.append((row, row.status, row.minutes_attended))
            row.status, row.minutes_attended = mark.status, mark.minutes
            row.recorded_by, row.recorded_at = by, now
    Attendance.objects.bulk_create(created)
    if changed:
        Attendance.objects.bulk_update(
            [row for row, _, _ in changed],
            ["status", "minutes_attended", "recorded_by", "recorded_at"],
        )
    AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                attendance=row,
                changed_by=by,
                new_status=row.status,
                new_minutes=row.minutes_attended,
            )
            for row in created
        ]
        + [
            AttendanceChange(
                attendance=row,
                changed_by=by,
                old_status=old_status,
                old_minutes=old_minutes,
                new_status=row.status,
                new_minutes=row.minutes_attended,
            )
            for row, old_status, old_minutes in changed
        ]
    )
    _follow_up_absences(
        created=created,
        changed=[(row, old) for row, old, _ in changed],
        by=by,
        now=now,
    )
    if session.status != SessionStatus.DELIVERED:
        session.status = SessionStatus.DELIVERED
        session.save(update_fields=["status"])
    # SUR-1: every attendee gets their feedback link once (sent on commit; a correction to
    # "attended" later gets theirs then).
    session_delivered.send(sender=Session, session=session)
    return created + [row for row, _, _ in changed]


def _follow_up_absences(
    *, created: list[Attendance], changed: list[tuple[Attendance, str]], by, now: datetime
) -> None:
    """SES-8: an absence opens a follow-up; an absence corrected to attended closes its open
    follow-up with a note saying so; an attended row corrected to an absence reopens one."""
    became_absent = [row for row in created if rules.opens_follow_up(row.status)] + [
        row
        for row, old in changed
        if rules.opens_follow_up(row.status) and not rules.opens_follow_up(old)
    ]
    became_attended = [
        row
        for row, old in changed
        if not rules.opens_follow_up(row.status) and rules.opens_follow_up(old)
    ]
    if not (became_absent or became_attended):
        return
    touched = {row.pk for row in became_absent + became_attended}
    follow_ups = {
        f.attendance_id: f for f in AbsenceFollowUp.objects.filter(attendance__in=touched)
    }
    AbsenceFollowUp.objects.bulk_create(
        [AbsenceFollowUp(attendance=row) for row in became_absent if row.pk not in follow_ups]
    )
    reopened = [
        follow_ups[row.pk]
        for row in became_absent
        if row.pk in follow_ups and follow_ups[row.pk].closed_at is not None
    ]
    AbsenceFollowUp.objects.filter(pk__in=[f.pk for f in reopened]).update(
        opened_at=now, closed_at=None, closed_by=None, note=""
    )
    closing = []
    for row in became_attended:
        follow_up = follow_ups.get(row.pk)
        if follow_up is not None and follow_up.closed_at is None:
            follow_up.closed_at, follow_up.closed_by = now, by
            follow_up.note = f"Attendance corrected to {row.get_status_display()}."
            closing.append(follow_up)
    if closing:
        AbsenceFollowUp.objects.bulk_update(closing, ["closed_at", "closed_by", "note"])


def absence_follow_up_close(
    *, follow_up: AbsenceFollowUp, note: str, by, now: datetime | None = None
) -> AbsenceFollowUp:
    """SES-8: the facilitator closes a follow-up, saying what it found."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what the follow-up found."})
    if follow_up.closed_at is not None:
        raise ValidationError({"note": "This follow-up is already closed."})
    follow_up.closed_at = now or timezone.now()
    follow_up.closed_by = by
    follow_up.note = note
    follow_up.full_clean()
    follow_up.save(update_fields=["closed_at", "closed_by", "note"])
    return follow_up


# Notes and action cards -------------------------------------------------------------------


@dataclass(frozen=True)
class PresenterEntry:
    """One member's lines in the notes: the issue they brought, the actions they agreed."""

    issue: str = ""
    actions: str = ""


def topics_from_names(names: Iterable[str], *, hub_id: int) -> list[Topic]:
    """Free-text topics (SES-9) as Topic rows: a national topic or one of this hub's own of
    the same name (ignoring case) is reused, otherwise the hub gets a new topic of its own
    (offered to no other hub) so KPI-2 hot topics count it."""
    names = list(names)
    if not names:
        return []
    found: dict[str, Topic] = {}
    for topic in Topic.objects.filter(
        Q(hub__isnull=True) | Q(hub_id=hub_id), reduce(or_, (Q(name__iexact=n) for n in names))
    ):
        key = topic.name.casefold()
        if key not in found or topic.hub_id is None:  # a national topic wins over the hub's
            found[key] = topic
    topics = []
    for name in names:
        topic = found.get(name.casefold())
        if topic is None:
            topic, _ = Topic.objects.get_or_create(
                name=name, hub_id=hub_id, defaults={"is_core": False}
            )
        topics.append(topic)
    return topics


@transaction.atomic
def session_note_save(
    *,
    session: Session,
    topics: Iterable[Topic],
    other_topics: str,
    presenters: dict[int, PresenterEntry],
    process_issues: str = "",
    hot_topics: str = "",
    by,
) -> SessionNote:
    """SES-9 notes and SES-10 action cards for one session. The topics chosen (core list) and
    written (free text) become the session's topics; each member's issue is a PresenterNote
    and their agreed actions their action card."""
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "This session was cancelled: it has no notes."})
    roll = _roll(session)
    if set(presenters) - set(roll):
        raise ValidationError({"participant": "Only the cohort's members can be noted."})
    note, _ = SessionNote.objects.get_or_create(session=session, defaults={"written_by": by})
    note.process_issues = process_issues.strip()
    note.hot_topics = hot_topics.strip()
    note.written_by = by
    note.full_clean()
    note.save()
    written_in = topics_from_names(
        rules.split_topic_names(other_topics), hub_id=session.cohort.hub_id
    )
    session.topics.set(list(topics) + written_in)

    issues = {pid: entry.issue.strip() for pid, entry in presenters.items()}
    existing = {p.participant_id: p for p in note.presenters.all()}
    PresenterNote.objects.filter(
        note=note, participant_id__in=[pid for pid, issue in issues.items() if not issue]
    ).delete()
    PresenterNote.objects.bulk_create(
        [
            PresenterNote(note=note, participant_id=pid, issue=issue)
            for pid, issue in issues.items()
            if issue and pid not in existing
        ]
    )
    updated = [
        existing[pid]
        for pid, issue in issues.items()
        if issue and pid in existing and existing[pid].issue != issue
    ]
    for presenter in updated:
        presenter.issue = issues[presenter.participant_id]
    PresenterNote.objects.bulk_update(updated, ["issue"])

    action_cards_save(
        session=session,
        actions={pid: entry.actions for pid, entry in presenters.items()},
        by=by,
    )
    return note


@transaction.atomic
def action_cards_save(*, session: Session, actions: dict[int, str], by) -> list[ActionCard]:
    """SES-10: each member's committed actions at this session. Emptying a card deletes it,
    unless it has been reported back on."""
    texts = {pid: text.strip() for pid, text in actions.items()}
    cards = {card.participant_id: card for card in session.action_cards.all()}
    emptied = [cards[pid] for pid, text in texts.items() if not text and pid in cards]
    reported = [card for card in emptied if card.report_status]
    if reported:
        raise ValidationError(
            {"actions": "An action card that has been reported back on cannot be emptied."}
        )
    ActionCard.objects.filter(pk__in=[card.pk for card in emptied]).delete()
    ActionCard.objects.bulk_create(
        [
            ActionCard(session=session, participant_id=pid, actions=text, written_by=by)
            for pid, text in texts.items()
            if text and pid not in cards
        ]
    )
    updated = [cards[pid] for pid, text in texts.items() if text and pid in cards]
    updated = [card for card in updated if card.actions != texts[card.participant_id]]
    for card in updated:
        card.actions, card.written_by = texts[card.participant_id], by
        card.updated_at = timezone.now()
    ActionCard.objects.bulk_update(updated, ["actions", "written_by", "updated_at"])
    return list(session.action_cards.all())


def action_card_report_back(
    *,
    card: ActionCard,
    status: str,
    reflection: str = "",
    by=None,
    at_session: Session | None = None,
    now: datetime | None = None,
) -> ActionCard:
    """SES-10: the report back on an action card: done, partly or not done, and a reflection.

    `by` is the facilitator (or hub staff) entering it at the next session, `at_session`;
    `by=None` means the participant reported through their personal link, whose page resolves
    the card from the link before calling this. An empty `status` from a facilitator clears a
    mistaken report back.
    """
    if card.session.status != SessionStatus.DELIVERED:
        raise ValidationError(
            {"report_status": "Report back comes after the session the actions were agreed at."}
        )
    if at_session is not None and (
        at_session.cohort_id != card.session.cohort_id
        or at_session.starts_at <= card.session.starts_at
    ):
        raise ValidationError(
            {"report_status": "Report back at a later session of the same cohort."}
        )
    if status == "" and by is not None:
        card.report_status, card.reflection = "", ""
        card.reported_at = card.reported_by = card.reported_at_session = None
        card.reported_by_participant = False
    elif status in ReportBackStatus.values:
        card.report_status = status
        card.reflection = reflection.strip()
        card.reported_at = now or timezone.now()
        card.reported_by = by
        card.reported_by_participant = by is None
        card.reported_at_session = at_session
    else:
        raise ValidationError({"report_status": "Choose done, partly or not done."})
    card.full_clean()
    card.save(
        update_fields=[
            "report_status",
            "reflection",
            "reported_at",
            "reported_by",
            "reported_by_participant",
            "reported_at_session",
        ]
    )
    return card


@transaction.atomic
def action_cards_report_back(
    *, session: Session, reports: dict[int, tuple[str, str]], by
) -> list[ActionCard]:
    """The facilitator's report back at `session` on several cards: {card id: (status,
    reflection)}. Cards not from this cohort's earlier sessions are refused."""
    cards = ActionCard.objects.select_related("session").filter(
        pk__in=list(reports), session__cohort_id=session.cohort_id
    )
    cards = {card.pk: card for card in cards}
    if set(reports) - set(cards):
        raise ValidationError({"report_status": "Only this cohort's action cards."})
    done = []
    for pk, (status, reflection) in reports.items():
        card = cards[pk]
        if (card.report_status, card.reflection) == (status, reflection.strip()):
            continue
        done.append(
            action_card_report_back(
                card=card, status=status, reflection=reflection, by=by, at_session=session
            )
        )
    return done


# Disengagement, drop-out and referrals ----------------------------------------------------


def _current_member(participant: Participant, cohort: Cohort) -> None:
    if not CohortMembership.objects.filter(
        cohort=cohort, participant=participant, left_at__isnull=True
    ).exists():
        raise ValidationError({"participant": f"{participant} is not in {cohort}."})


@transaction.atomic
def disengagement_report(
    *, participant: Participant, cohort: Cohort, reason: str, by
) -> DisengagementReport:
    """SES-8: the facilitator reports a participant as disengaged. Hub staff are emailed once
    the report is saved; they then confirm a drop-out or keep the participant on."""
    _current_member(participant, cohort)
    if participant.dropped_out_on:
        raise ValidationError({"participant": f"{participant} has already dropped out."})
    if not reason.strip():
        raise ValidationError({"reason": "Say what you have seen and tried."})
    open_report = DisengagementReport.objects.filter(
        participant=participant, outcome=DisengagementOutcome.OPEN
    ).first()
    if open_report is not None:
        raise ValidationError(
            {
                "participant": f"{participant} was reported on "
                f"{_day(timezone.localdate(open_report.reported_at))}; hub staff have "
                "been told and will decide."
            }
        )
    report = DisengagementReport(
        participant=participant, cohort=cohort, reason=reason.strip(), reported_by=by
    )
    report.full_clean()
    report.save()
    # The tasks module sends through these services, so it is imported when needed.
    from ..tasks import notify_hub_of_disengagement

    enqueue_on_commit(notify_hub_of_disengagement, report.pk)
    return report


def disengagement_notify_hub(report_id: int) -> int:
    """Emails the hub's staff about a disengagement report, once (SES-8). The conditional
    update claims the report, so running the job again sends nothing more; a failed send
    releases the claim for the task's retry. Only names go by email; the details stay behind
    the staff login (GDPR-1)."""
    now = timezone.now()
    if not DisengagementReport.objects.filter(pk=report_id, staff_notified_at__isnull=True).update(
        staff_notified_at=now
    ):
        return 0
    report = DisengagementReport.objects.select_related(
        "participant__business", "cohort__hub", "reported_by"
    ).get(pk=report_id)
    recipients = hub_staff_addresses(report.cohort.hub)
    if not recipients:
        return 0
    context = {
        "participant": report.participant,
        "cohort": report.cohort,
        "reporter": report.reported_by.get_full_name() or report.reported_by.username,
        "link": site_url(reverse("facilitator:disengagement-review", args=[report.pk])),
    }
    try:
        return email_message(
            "disengagement_reported",
            context,
            subject=f"Peer Networks: {report.participant.full_name} reported as disengaged",
            to=recipients,
        ).send()
    except Exception:
        DisengagementReport.objects.filter(pk=report_id, staff_notified_at=now).update(
            staff_notified_at=None
        )
        raise


@transaction.atomic
def participant_drop_out(
    *, participant: Participant, on: date, reason: str, by, now: datetime | None = None
) -> Participant:
    """SES-8: hub staff confirm a drop-out with its date and reason. Open disengagement reports
    are resolved and open absence follow-ups closed with the reason."""
    now = now or timezone.now()
    reason = reason.strip()
    if participant.dropped_out_on is not None:
        raise ValidationError(
            {"on": f"{participant} already dropped out on {_day(participant.dropped_out_on)}."}
        )
    if not reason:
        raise ValidationError({"reason": "Give the reason for the drop-out."})
    if on > timezone.localdate(now):
        raise ValidationError({"on": "The drop-out date cannot be in the future."})
    year = participant.programme_year
    if not year.contains(on):
        raise ValidationError(
            {"on": f"The drop-out date must fall within the programme year {year.name}."}
        )
    participant.dropped_out_on = on
    participant.drop_out_reason = reason
    participant.save(update_fields=["dropped_out_on", "drop_out_reason"])
    DisengagementReport.objects.filter(
        participant=participant, outcome=DisengagementOutcome.OPEN
    ).update(
        outcome=DisengagementOutcome.DROPPED_OUT,
        resolved_at=now,
        resolved_by=by,
        resolution_note=reason,
    )
    AbsenceFollowUp.objects.filter(
        attendance__participant=participant, closed_at__isnull=True
    ).update(closed_at=now, closed_by=by, note=f"Dropped out on {_day(on)}: {reason}")
    participant_dropped_out.send(sender=Participant, participant=participant)  # SUR-4
    return participant


@transaction.atomic
def disengagement_keep(
    *, report: DisengagementReport, note: str, by, now: datetime | None = None
) -> DisengagementReport:
    """Hub staff decide the participant stays on the programme."""
    if report.outcome != DisengagementOutcome.OPEN:
        raise ValidationError({"outcome": "This report has already been decided."})
    if not note.strip():
        raise ValidationError({"note": "Say why the participant is staying."})
    report.outcome = DisengagementOutcome.STAYING
    report.resolved_at = now or timezone.now()
    report.resolved_by = by
    report.resolution_note = note.strip()
    report.full_clean()
    report.save(update_fields=["outcome", "resolved_at", "resolved_by", "resolution_note"])
    return report


def support_referral_create(
    *, participant: Participant, cohort: Cohort, reason: str, by
) -> SupportReferral:
    """The facilitator flags a participant as needing deeper one-to-one support; hub
    staff see it on their lists until they acknowledge it."""
    _current_member(participant, cohort)
    if not reason.strip():
        raise ValidationError({"reason": "Say what support the participant seems to need."})
    if SupportReferral.objects.filter(
        participant=participant, acknowledged_at__isnull=True
    ).exists():
        raise ValidationError(
            {"participant": f"{participant} is already referred; hub staff will pick it up."}
        )
    referral = SupportReferral(
        participant=participant, cohort=cohort, reason=reason.strip(), referred_by=by
    )
    referral.full_clean()
    referral.save()
    return referral


def support_referral_acknowledge(
    *, referral: SupportReferral, by, now: datetime | None = None
) -> SupportReferral:
    if referral.acknowledged_at is None:
        referral.acknowledged_at = now or timezone.now()
        referral.acknowledged_by = by
        referral.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return referral
