"""The topics sessions cover: the BEIS core topics and each hub's written-in ones."""

from django.db import models
from django.db.models import Q

from peernetworks.models import GrowthHub


class Topic(models.Model):
    """A topic a session covered: the BEIS core topics (seeded, national) plus the ones a hub's
    facilitators write in, which belong to that hub and are offered to no other."""

    name = models.CharField(max_length=120)
    hub = models.ForeignKey(
        GrowthHub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        help_text="Empty for national topics; a hub's own written-in topics name their hub.",
    )
    is_core = models.BooleanField(default=False, help_text="On the Playbook's core topics list.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(hub__isnull=True), name="topic_national_name_unique"
            ),
            models.UniqueConstraint(fields=["hub", "name"], name="topic_hub_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
