"""Reads for facilitator peer groups: a cluster's groups for hub staff, and a member's own
groups for the facilitator portal."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from peernetworks.access import scope_to_hub
from peernetworks.models import Role, User

from ..models import FacilitatorPeerGroup


def peer_groups_for(user) -> QuerySet[FacilitatorPeerGroup]:
    """The groups of the user's cluster, with their meeting count and latest meeting."""
    return (
        scope_to_hub(FacilitatorPeerGroup.objects.select_related("cluster", "organiser"), user)
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_met_on=Max("meetings__held_on"),
        )
        .order_by("cluster__name", "name")
    )


def my_peer_groups(user) -> QuerySet[FacilitatorPeerGroup]:
    """The groups a facilitator (or hub staff member) belongs to or organises, for the
    facilitator portal: someone outside a group never reaches it (404)."""
    if not user.is_authenticated:
        return FacilitatorPeerGroup.objects.none()
    mine = FacilitatorPeerGroup.objects.filter(Q(members=user) | Q(organiser=user)).values("pk")
    return (
        FacilitatorPeerGroup.objects.filter(pk__in=mine)
        .select_related("cluster", "organiser")
        .annotate(
            member_count=Count("members", distinct=True),
            meeting_count=Count("meetings", distinct=True),
            last_met_on=Max("meetings__held_on"),
        )
        .order_by("cluster__name", "name")
    )


def peer_group_meetings(group: FacilitatorPeerGroup) -> list:
    """A group's meetings, newest first, with who came (two queries)."""
    return list(
        group.meetings.select_related("recorded_by")
        # Who came, in name order: the page lists them as people read a register.
        .prefetch_related(
            Prefetch("attendees", queryset=User.objects.order_by("first_name", "last_name", "pk"))
        )
        .order_by("-held_on", "-pk")
    )


def peer_group_candidates(cluster) -> QuerySet[User]:
    """Who may join a cluster's group: its hubs' active facilitators and hub staff."""
    return (
        User.objects.filter(
            hub__cluster=cluster,
            is_active=True,
            role__in=[Role.FACILITATOR, Role.HUB_STAFF],
        )
        .select_related("hub")
        .order_by("hub__name", "last_name", "first_name")
    )
