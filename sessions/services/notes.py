"""Writes for a session's notes (SES-9) and action cards (SES-10): topics, each member's
issue and agreed actions, and the report back on those actions at a later session.

The facilitator portal and the admin call these; nothing important happens in signals or
`save()`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import attendance as rules
from ..models import (
    ActionCard,
    PresenterNote,
    ReportBackStatus,
    Session,
    SessionNote,
    SessionStatus,
    Topic,
)
from .attendance import _roll


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
