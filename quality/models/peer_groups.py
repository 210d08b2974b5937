"""Facilitator peer groups (Facilitator Action Learning Groups; Facilitator Peer Networks): a
cluster's self-facilitated groups and their meetings.

The tables keep the names they were created with (`cohorts_*`).
"""

from django.conf import settings
from django.db import models

from peernetworks.models import Cluster
from peernetworks.validators import validate_plausible_date


class FacilitatorPeerGroup(models.Model):
    """A cluster's self-facilitated action learning group of facilitators and hub staff."""

    HUB_SCOPE = "cluster__hubs"  # every hub of the cluster sees it

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="peer_groups")
    name = models.CharField(max_length=120)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The cluster lead or a nominated cluster member.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="peer_groups",
        db_table="cohorts_facilitatorpeergroup_members",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_facilitatorpeergroup"
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="peer_group_name_per_cluster")
        ]

    def __str__(self) -> str:
        return self.name


class PeerGroupMeeting(models.Model):
    """A self-facilitated meeting: date, who came, the themes and the practice shared."""

    HUB_SCOPE = "group__cluster__hubs"

    group = models.ForeignKey(
        FacilitatorPeerGroup, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(validators=[validate_plausible_date])
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", db_table="cohorts_peergroupmeeting_attendees"
    )
    themes = models.TextField(help_text="Common programme problems and topics discussed.")
    practice_notes = models.TextField("shared practice notes", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_peergroupmeeting"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} · {self.held_on:%d %b %Y}"
