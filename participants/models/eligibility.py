"""Eligibility (SPEC §3 ELIG): the outcomes, each assessment of an application (the history)
and a hub's discretion decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager
from peernetworks.personal_data import CHOICE, RULE_CODES
from peernetworks.validators import validate_plausible_date


class EligibilityOutcome(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    ELIGIBLE_WITH_FLEXIBILITY = "eligible_with_flexibility", "Eligible with flexibility"
    NEEDS_DISCRETION = "needs_discretion", "Needs a hub decision"
    INELIGIBLE = "ineligible", "Ineligible"


class DiscretionChoice(models.TextChoices):
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class EligibilityAssessment(models.Model):
    """One assessment of a participant's application; re-assessment adds a row (history)."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("inputs",)
    NOT_PERSONAL = {
        "outcome": CHOICE,
        "flexibilities": RULE_CODES,
        "failed_rules": RULE_CODES,
        "discretion": RULE_CODES,
        "reasons": "the rules' standard explanations, not the person's words",
        "trigger": "what caused the assessment (system wording)",
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="assessments"
    )
    application_date = models.DateField(validators=[validate_plausible_date])
    inputs = models.JSONField(help_text="The application exactly as assessed.")
    outcome = models.CharField(max_length=30, choices=EligibilityOutcome.choices)
    flexibilities = models.JSONField(default=list)
    failed_rules = models.JSONField(default=list)
    discretion = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    assessed_at = models.DateTimeField(validators=[validate_plausible_date])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when assessed by the system (registration, import).",
    )
    trigger = models.CharField(max_length=100, blank=True, help_text="What caused this assessment.")

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_outcome_display()} · {self.assessed_at:%Y-%m-%d}"


class DiscretionDecision(models.Model):
    """A hub's decision on a needs-discretion application (who, when, approve/refuse, why)."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("reason",)
    NOT_PERSONAL = {
        "decision": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="discretion_decisions"
    )
    decision = models.CharField(max_length=10, choices=DiscretionChoice.choices)
    reason = models.TextField()
    decided_at = models.DateTimeField(validators=[validate_plausible_date])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="discretion_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.participant}"
