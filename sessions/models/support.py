"""Participants a facilitator flags to hub staff: disengaged (SES-8) or needing deeper
one-to-one support."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cohorts.models import Cohort
from participants.models import Participant
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date


class DisengagementOutcome(models.TextChoices):  # SES-8
    OPEN = "open", "Awaiting hub staff"
    DROPPED_OUT = "dropped_out", "Dropped out"
    STAYING = "staying", "Staying on the programme"


class DisengagementReport(models.Model):
    """SES-8: a facilitator reports a participant as disengaged; hub staff are told and decide
    (drop-out with date and reason, or staying)."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("reason", "resolution_note")
    NOT_PERSONAL = {
        "outcome": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="disengagement_reports"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="disengagement_reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(help_text="What the facilitator has seen and tried.")
    staff_notified_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    outcome = models.CharField(
        max_length=20, choices=DisengagementOutcome.choices, default=DisengagementOutcome.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(outcome="open"),
                name="disengagement_one_open_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"Disengagement: {self.participant} ({self.get_outcome_display()})"


class SupportReferral(models.Model):
    """The facilitator flags a participant as needing deeper one-to-one support; hub
    staff see it and acknowledge it."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("reason",)
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="support_referrals"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="support_referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(help_text="What support the participant seems to need.")
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-referred_at", "-pk"]
        verbose_name = "one-to-one support referral"
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(acknowledged_at__isnull=True),
                name="support_referral_one_open_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral for deeper support: {self.participant}"
