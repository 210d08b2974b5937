"""Writes for facilitator peer groups: a cluster's facilitators and hub staff, and the
meetings they hold on their own."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from peernetworks.models import Role

from ..models import FacilitatorPeerGroup, PeerGroupMeeting


def _check_members(cluster, people, field: str) -> None:
    outsiders = [
        str(p)
        for p in people
        if p.hub is None
        or p.hub.cluster_id != cluster.pk
        or p.role not in (Role.FACILITATOR, Role.HUB_STAFF)
    ]
    if outsiders:
        names = ", ".join(outsiders)
        raise ValidationError({field: f"Only facilitators and hub staff of {cluster}: {names}."})


@transaction.atomic
def peer_group_create(*, cluster, name: str, organiser, members) -> FacilitatorPeerGroup:
    """Facilitator Action Learning Groups: a cluster's facilitators and hub staff."""
    members = list(members)
    _check_members(cluster, members + ([organiser] if organiser else []), "members")
    group = FacilitatorPeerGroup(cluster=cluster, name=name.strip(), organiser=organiser)
    group.full_clean()
    group.save()
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_set_members(*, group: FacilitatorPeerGroup, members) -> FacilitatorPeerGroup:
    members = list(members)
    _check_members(group.cluster, members, "members")
    group.members.set(members)
    return group


@transaction.atomic
def peer_group_meeting_record(
    *,
    group: FacilitatorPeerGroup,
    held_on: date,
    attendees,
    themes: str,
    practice_notes: str = "",
    by=None,
) -> PeerGroupMeeting:
    """A self-facilitated meeting of the group: its members who came, themes and practice."""
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": "Who came? Choose at least one member."})
    members = set(group.members.values_list("pk", flat=True))
    strangers = [str(a) for a in attendees if a.pk not in members]
    if strangers:
        raise ValidationError({"attendees": f"Not members of {group}: {', '.join(strangers)}."})
    meeting = PeerGroupMeeting(
        group=group,
        held_on=held_on,
        themes=themes.strip(),
        practice_notes=practice_notes.strip(),
        recorded_by=by,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting
