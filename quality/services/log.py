"""Writes for the quality log (QM-3): items recorded by hub staff or opened by a low feedback
score, their owners and actions, resolution and reopening. The rules they apply are in
quality/rules.py."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Cohort
from feedback.models import SessionFeedback
from peernetworks.models import ProgrammeYear

from ..models import (
    QualityAction,
    QualityActionKind,
    QualityChannel,
    QualityItem,
    QualityItemKind,
    QualityItemSource,
    QualityItemStatus,
    QualityItemUpdate,
    QualityUpdateKind,
    RaisedBy,
)
from ..rules import is_low_feedback, quality_item_due, resolution_problems


def _check_hub_user(user, hub, field: str) -> None:
    if user is not None and user.hub_id != hub.pk:
        raise ValidationError({field: f"{user} is not part of {hub}."})


def quality_item_open_for_low_feedback(*, feedback: SessionFeedback) -> QualityItem | None:
    """QM-3: a low satisfaction score opens an item for the hub to review. Idempotent: one item
    per feedback, however often it is called (the feedback is the item's unique key).

    "Low" and the days to resolve are the participant's programme year's
    (`low_satisfaction_threshold`, `quality_item_days_to_resolve`). Called once the feedback
    is saved; scores above the threshold return None and change nothing."""
    feedback = SessionFeedback.objects.select_related(
        "participant__business__hub",
        "participant__programme_year",
        "session__cohort__lead_facilitator",
    ).get(pk=feedback.pk)
    participant, session = feedback.participant, feedback.session
    year = participant.programme_year
    if not is_low_feedback(feedback.satisfaction, threshold=year.low_satisfaction_threshold):
        return None
    existing = QualityItem.objects.filter(feedback=feedback).first()
    if existing is not None:
        return existing
    cohort = session.cohort
    lines = [
        f"Satisfaction {feedback.satisfaction} of 5 (relevance {feedback.relevance}, "
        f"facilitation {feedback.facilitation}) for session {session.number} of {cohort.name}."
    ]
    if feedback.what_to_improve:
        lines.append(f"What could be improved: {feedback.what_to_improve}")
    if feedback.what_worked:
        lines.append(f"What worked well: {feedback.what_worked}")
    item = QualityItem(
        hub=participant.business.hub,  # KPI-2: feedback belongs to the business's hub
        kind=QualityItemKind.FEEDBACK,
        source=QualityItemSource.LOW_FEEDBACK_SCORE,
        raised_by_type=RaisedBy.PARTICIPANT,
        raised_by_name=participant.full_name,
        raised_by_participant=participant,
        channel=QualityChannel.FEEDBACK_FORM,
        raised_on=feedback.submitted_on,
        about=f"Session {session.number} of {cohort.name}",
        about_cohort=cohort,
        about_session=session,
        about_person=cohort.lead_facilitator,
        summary="\n".join(lines),
        feedback=feedback,
        due_on=quality_item_due(feedback.submitted_on, days=year.quality_item_days_to_resolve),
    )
    item.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Called twice at once: the database kept the first (the one-to-one on feedback).
        return QualityItem.objects.get(feedback=feedback)
    return item


def quality_item_year(*, raised_on: date, about_cohort: Cohort | None = None) -> ProgrammeYear:
    """The programme year whose numbers an item follows: its cohort's, else the year the day it
    was raised falls in, else the current one."""
    if about_cohort is not None:
        return about_cohort.programme_year
    year = ProgrammeYear.objects.filter(start__lte=raised_on, end__gte=raised_on).first()
    return year or ProgrammeYear.current() or ProgrammeYear()


def quality_item_create(
    *,
    hub,
    created_by,
    kind: str,
    raised_by_type: str,
    raised_by_name: str,
    channel: str,
    raised_on: date,
    about: str,
    summary: str,
    owner=None,
    due_on: date | None = None,
    about_cohort: Cohort | None = None,
    about_person=None,
) -> QualityItem:
    """QM-3 a, b: records an item in the hub's log; due after the programme year's
    `quality_item_days_to_resolve` unless given."""
    _check_hub_user(owner, hub, "owner")
    _check_hub_user(about_person, hub, "about_person")
    if about_cohort is not None and about_cohort.hub_id != hub.pk:
        raise ValidationError({"about_cohort": f"{about_cohort} belongs to another hub."})
    item = QualityItem(
        hub=hub,
        kind=kind,
        source=QualityItemSource.RECORDED,
        raised_by_type=raised_by_type,
        raised_by_name=raised_by_name.strip(),
        channel=channel,
        raised_on=raised_on,
        about=about.strip(),
        about_cohort=about_cohort,
        about_person=about_person,
        summary=summary.strip(),
        owner=owner,
        due_on=due_on
        or quality_item_due(
            raised_on,
            days=quality_item_year(
                raised_on=raised_on, about_cohort=about_cohort
            ).quality_item_days_to_resolve,
        ),
        created_by=created_by,
    )
    item.full_clean()
    item.save()
    return item


def _open_item(item: QualityItem) -> QualityItem:
    item = QualityItem.objects.select_for_update().get(pk=item.pk)
    if item.status != QualityItemStatus.OPEN:
        raise ValidationError({"status": "This item is resolved: reopen it to change it."})
    return item


@transaction.atomic
def quality_item_assign(*, item: QualityItem, owner, due_on: date) -> QualityItem:
    """Sets who owns an open item and when it should be resolved by."""
    item = _open_item(item)
    _check_hub_user(owner, item.hub, "owner")
    item.owner, item.due_on = owner, due_on
    item.full_clean()
    item.save(update_fields=["owner", "due_on"])
    return item


@transaction.atomic
def quality_action_add(
    *, item: QualityItem, kind: str, description: str, owner, due_on: date
) -> QualityAction:
    """QM-3 c, d: a step of the action plan or a corrective measure, with its owner and date."""
    item = _open_item(item)
    if owner is None:
        raise ValidationError({"owner": "Every action has an owner."})
    _check_hub_user(owner, item.hub, "owner")
    if due_on < item.raised_on:
        raise ValidationError({"due_on": "An action is due on or after the day it was raised."})
    action = QualityAction(
        item=item, kind=kind, description=description.strip(), owner=owner, due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


def quality_action_complete(*, action: QualityAction, done_on: date | None = None) -> bool:
    """Marks an action done; doing it again changes nothing (False)."""
    done_on = done_on or timezone.localdate()
    return bool(
        QualityAction.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=done_on)
    )


@transaction.atomic
def quality_item_resolve(
    *, item: QualityItem, by, outcome: str, process_review: str = "", now: datetime | None = None
) -> QualityItem:
    """QM-3 e: closes an item with its outcome and process review (resolution_problems)."""
    item = _open_item(item)
    corrective = item.actions.filter(kind=QualityActionKind.CORRECTIVE).count()
    problems = resolution_problems(
        kind=item.kind,
        source=item.source,
        outcome=outcome,
        process_review=process_review,
        corrective_measures=corrective,
    )
    if problems:
        raise ValidationError(problems)
    item.outcome, item.process_review = outcome.strip(), process_review.strip()
    item.status = QualityItemStatus.RESOLVED
    item.resolved_at, item.resolved_by = now or timezone.now(), by
    item.full_clean()
    item.save(update_fields=["outcome", "process_review", "status", "resolved_at", "resolved_by"])
    QualityItemUpdate.objects.create(
        item=item,
        kind=QualityUpdateKind.RESOLVED,
        outcome=item.outcome,
        process_review=item.process_review,
        at=item.resolved_at,
        by=by,
    )
    return item


@transaction.atomic
def quality_item_reopen(
    *, item: QualityItem, by, reason: str, now: datetime | None = None
) -> QualityItem:
    """Hub staff reopen a resolved item, saying why. The resolution is cleared (the
    history keeps it, with the reason), so the item is open again, and overdue again if its
    resolve-by date has passed; it is resolved again through quality_item_resolve."""
    item = QualityItem.objects.select_for_update().get(pk=item.pk)
    if item.status != QualityItemStatus.RESOLVED:
        raise ValidationError({"status": "Only a resolved item can be reopened."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the item is reopened."})
    QualityItemUpdate.objects.create(
        item=item,
        kind=QualityUpdateKind.REOPENED,
        reason=reason,
        outcome=item.outcome,
        process_review=item.process_review,
        at=now or timezone.now(),
        by=by,
    )
    item.status = QualityItemStatus.OPEN
    item.outcome = item.process_review = ""
    item.resolved_at = item.resolved_by = None
    item.full_clean()
    item.save(update_fields=["outcome", "process_review", "status", "resolved_at", "resolved_by"])
    return item
