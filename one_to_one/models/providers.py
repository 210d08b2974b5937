"""Who supports whom (a participant's provider, with its history), providers' declarations and
declined support (OTO-9)."""

from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.validators import validate_plausible_date

from .fields import PARTICIPANT_HUB, PROVIDERS_ONLY, _participant_fk, _user_fk


class ProviderAssignment(models.Model):
    """The provider supporting a participant. Reassigning ends one row and starts another,
    so the rows are the history; at most one is current."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    SUBJECT_LOOKUPS = ("participant",)

    participant = _participant_fk("provider_assignments")
    provider = _user_fk(
        on_delete=models.PROTECT,
        related_name="one_to_one_assignments",
        limit_choices_to=PROVIDERS_ONLY,
    )
    assigned_at = models.DateTimeField(validators=[validate_plausible_date])
    assigned_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(ended_at__isnull=True),
                name="provider_assignment_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} supports {self.participant}"


class ProviderDeclaration(models.Model):
    """OTO-9: a provider's conflict of interest with a participant, and notice of continuing
    private commercial work with their business. The latest declaration per pair stands."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("conflict_details", "commercial_work_details")
    SUBJECT_LOOKUPS = ("participant",)

    provider = _user_fk(
        on_delete=models.PROTECT,
        related_name="one_to_one_declarations",
        limit_choices_to=PROVIDERS_ONLY,
    )
    participant = _participant_fk("provider_declarations")
    has_conflict = models.BooleanField("conflict of interest", default=False)
    conflict_details = models.TextField(blank=True)
    continuing_commercial_work = models.BooleanField(
        "continuing private commercial work", default=False
    )
    commercial_work_details = models.TextField(blank=True)
    declared_at = models.DateTimeField(validators=[validate_plausible_date])

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "participant"], name="provider_declaration_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(conflict_details=""),
                name="provider_declaration_conflict_explained",
            ),
            models.CheckConstraint(
                condition=Q(continuing_commercial_work=False) | ~Q(commercial_work_details=""),
                name="provider_declaration_commercial_work_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}'s declaration for {self.participant}"


class SupportDeclined(models.Model):
    """OTO-9: the participant declined one-to-one support."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("note",)
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="support_declined"
    )
    declined_on = models.DateField(validators=[validate_plausible_date])
    note = models.TextField(blank=True)
    recorded_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        verbose_name = "support declined"
        verbose_name_plural = "support declined"

    def __str__(self) -> str:
        return f"{self.participant} declined one-to-one support"
