"""Group sessions (SPEC §6 SES): the schedule of each cohort's sessions."""

from django.db import models
from django.db.models import Q

from cohorts.models import Cohort, DeliveryMode, Platform
from peernetworks.audit import AuditedManager
from peernetworks.validators import validate_plausible_date

from .topics import Topic


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    HUB_SCOPE = "cohort__hub"
    AUDITED = True  # GDPR-5: every change is in the audit trail

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField(validators=[validate_plausible_date])
    duration_hours = models.DecimalField(max_digits=4, decimal_places=2)
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.VIRTUAL
    )
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    joining_link = models.URLField(blank=True, help_text="Empty: the cohort's link.")
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="sessions")
    # SES-5: when the joining instructions went to every member.
    joining_instructions_sent_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["cohort", "starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="session_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · session {self.number}"
