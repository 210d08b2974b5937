"""The audit trail (SPEC §10 GDPR-5): who created, changed, deleted or exported
what, when, for which hub. Written only by `peernetworks.audit`; append-only.

It holds no personal values: the object is described by its model and id ("Participant #12"),
and the values of personal-data fields (each model's PERSONAL_FIELDS) are never stored,
only their names. So erasure (GDPR-3) never has to touch it.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from peernetworks.validators import validate_plausible_date


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    BULK_CREATE = "bulk_create", "Created in bulk"
    BULK_UPDATE = "bulk_update", "Changed in bulk"
    BULK_DELETE = "bulk_delete", "Deleted in bulk"
    EXPORT = "export", "Exported"
    ERASE = "erase", "Erased (anonymised)"


class AuditEvent(models.Model):
    """One change or export. A bulk call writes one row per model and hub, with the count and
    the ids (the first MAX_IDS of them)."""

    HUB_SCOPE = "hub"
    # No personal values are kept, so the national coordinator reads every hub's events.
    PERSONAL_DATA = False
    MAX_IDS = 1000

    at = models.DateTimeField(
        default=timezone.now, db_index=True, validators=[validate_plausible_date]
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the system (a scheduled job, a command) or a participant's link.",
    )
    actor_label = models.CharField(
        max_length=150,
        help_text='Kept when the user is deleted: a username, "system: <task>", "command: <name>".',
    )
    hub = models.ForeignKey(
        "peernetworks.GrowthHub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    model_label = models.CharField(
        max_length=100, help_text='For example "participants.participant".'
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_ids = models.JSONField(default=list, blank=True, help_text="Bulk calls: the ids.")
    description = models.CharField(
        max_length=200, help_text='Never personal: "Participant #123", an export\'s name.'
    )
    changed_fields = models.JSONField(default=list, blank=True)
    changes = models.JSONField(
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="Old and new values of fields that are not personal data.",
    )
    count = models.PositiveIntegerField(default=1)
    request_method = models.CharField(max_length=10, blank=True)
    request_path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "at"], name="audit_event_hub_at"),
            models.Index(fields=["model_label", "object_id"], name="audit_event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.description}"
