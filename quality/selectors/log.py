"""Reads for the quality log (QM-3), with the access scope applied: the user's hub's items,
with their action counts aggregated in the database."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from peernetworks.access import scope_to_hub
from peernetworks.models import User

from ..models import QualityAction, QualityActionKind, QualityItem, QualityItemStatus


def quality_items_for(user) -> QuerySet[QualityItem]:
    """The user's hub's log (hub staff); nobody else's."""
    return scope_to_hub(
        QualityItem.objects.select_related("hub", "owner", "about_cohort", "about_person"), user
    )


def _overdue_actions(today: date) -> Q:
    return Q(actions__done_on__isnull=True, actions__due_on__lt=today)


def quality_items_listed(user, *, today: date | None = None) -> QuerySet[QualityItem]:
    """The log with each item's action counts, in one query."""
    today = today or timezone.localdate()
    return quality_items_for(user).annotate(
        action_count=Count("actions", distinct=True),
        corrective_count=Count(
            "actions", filter=Q(actions__kind=QualityActionKind.CORRECTIVE), distinct=True
        ),
        overdue_action_count=Count("actions", filter=_overdue_actions(today), distinct=True),
    )


def quality_items_overdue(user, *, today: date | None = None) -> QuerySet[QualityItem]:
    """Open items past their resolve-by date, or with an action past its due date and not done
    (due today is not yet overdue): for the staff home page. One query."""
    today = today or timezone.localdate()
    late_action = QualityAction.objects.filter(
        item=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    return (
        quality_items_listed(user, today=today)
        .filter(status=QualityItemStatus.OPEN)
        .filter(Q(due_on__lt=today) | Exists(late_action))
        .order_by("due_on", "pk")
    )


def quality_item_detail(user, pk: int) -> QualityItem:
    """One item of the user's hub with its actions (raises DoesNotExist otherwise)."""
    item = (
        quality_items_for(user)
        .select_related(
            "about_session", "raised_by_participant", "resolved_by", "created_by", "feedback"
        )
        .get(pk=pk)
    )
    item.action_list = list(item.actions.select_related("owner"))
    item.update_list = list(item.updates.select_related("by"))
    return item


def hub_team(hub) -> QuerySet[User]:
    """Who may own items and actions: the hub's active people."""
    return User.objects.filter(hub=hub, is_active=True).order_by("first_name", "last_name")
