"""The participant's one-to-one action plan, GROW(TH) (OTO-6)."""

from django.db import models

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.validators import validate_plausible_date

from .fields import PARTICIPANT_HUB, _user_fk


class ActionPlan(models.Model):
    """The participant's one-to-one action plan, GROW(TH) (OTO-6): one per participant,
    agreed after the first group session and reviewed as support goes on."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("goal", "reality", "obstacles_options", "way_forward", "tactics", "habits")
    NOT_PERSONAL = {
        "review_dates": "dates only",
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="action_plan"
    )
    goal = models.TextField(blank=True, help_text="The end state the participant wants.")
    reality = models.TextField(blank=True, help_text="Where they are now, and the gap.")
    obstacles_options = models.TextField("obstacles and options", blank=True)
    way_forward = models.TextField("way forward", blank=True)
    tactics = models.TextField(blank=True)
    habits = models.TextField(blank=True)
    agreed_on = models.DateField(validators=[validate_plausible_date])
    review_dates = models.JSONField(
        default=list, blank=True, help_text="Dates the plan was reviewed after it was agreed."
    )
    updated_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-agreed_on"]

    def __str__(self) -> str:
        return f"Action plan for {self.participant}"

    @property
    def last_reviewed_on(self) -> str | None:
        return self.review_dates[-1] if self.review_dates else None
