"""Feedback, complaints and compliments (Quality Management 3): a hub's quality log, each
item's history, and its action plan and corrective measures.

The tables keep the names they were created with (`cohorts_*`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.models import GrowthHub
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date


class QualityItemKind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback"
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"


class QualityItemSource(models.TextChoices):
    RECORDED = "recorded", "Recorded by hub staff"
    LOW_FEEDBACK_SCORE = "low_feedback_score", "Low session-feedback score"


class QualityItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class RaisedBy(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    FACILITATOR = "facilitator", "Facilitator"
    PROVIDER = "provider", "One-to-one provider"
    HUB_STAFF = "hub_staff", "Hub staff"
    PARTNER = "partner", "Partner organisation"
    OTHER = "other", "Other"


class QualityChannel(models.TextChoices):  # QM-3a: client contact
    FEEDBACK_FORM = "feedback_form", "Session feedback form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_SESSION = "in_session", "In a session"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class QualityItem(models.Model):
    """One piece of feedback, complaint or compliment in a hub's log (QM-3): who raised it,
    about whom or what, how and when; the action plan and corrective measures (QualityAction
    rows, each with an owner and a due date), the outcome and the process review."""

    HUB_SCOPE = "hub"
    PERSONAL_DATA = True  # names who raised it, often a participant
    PERSONAL_FIELDS = ("raised_by_name", "about", "summary", "outcome", "process_review")
    NOT_PERSONAL = {
        "kind": CHOICE,
        "source": CHOICE,
        "raised_by_type": CHOICE,
        "channel": CHOICE,
        "status": CHOICE,
    }
    SUBJECT_LOOKUPS = ("raised_by_participant", "feedback__participant")

    hub = models.ForeignKey(GrowthHub, on_delete=models.PROTECT, related_name="quality_items")
    kind = models.CharField(max_length=20, choices=QualityItemKind.choices)
    source = models.CharField(
        max_length=20, choices=QualityItemSource.choices, default=QualityItemSource.RECORDED
    )
    # Who raised it (QM-3a, b).
    raised_by_type = models.CharField(
        "raised by (who)", max_length=20, choices=RaisedBy.choices, default=RaisedBy.PARTICIPANT
    )
    raised_by_name = models.CharField("raised by (name)", max_length=200)
    raised_by_participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    channel = models.CharField(max_length=20, choices=QualityChannel.choices)
    raised_on = models.DateField(validators=[validate_plausible_date])
    # About whom or what.
    about = models.CharField(
        "about whom or what", max_length=200, help_text="A person, a session, a process…"
    )
    about_cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    about_session = models.ForeignKey(
        "programme_sessions.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    about_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items_about",
        help_text="The facilitator, provider or staff member it concerns, if any.",
    )
    summary = models.TextField(help_text="What was said, in the words given where possible.")
    # The low score that opened it: one item per feedback (the hook is idempotent).
    feedback = models.OneToOneField(
        "feedback.SessionFeedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_item",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items_owned",
        help_text="Who sees it through to an outcome.",
    )
    due_on = models.DateField("resolve by", validators=[validate_plausible_date])

    # QM-3 c-e: outcome and process review (the actions are QualityAction rows).
    status = models.CharField(
        max_length=10, choices=QualityItemStatus.choices, default=QualityItemStatus.OPEN
    )
    outcome = models.TextField(blank=True, help_text="What happened as a result.")
    process_review = models.TextField(
        blank=True, help_text="Does the way we work need to change? What did we change?"
    )
    resolved_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when opened automatically.",
    )

    class Meta:
        db_table = "cohorts_qualityitem"
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["hub", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(resolved_at__isnull=True))
                | (Q(status="resolved") & Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="quality_item_resolved_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("raised_on")),
                name="quality_item_due_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.raised_by_name}, {self.raised_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == QualityItemStatus.OPEN


class QualityUpdateKind(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    REOPENED = "reopened", "Reopened"


class QualityItemUpdate(models.Model):
    """The item's history: each time it was resolved (with the outcome and process
    review given) or reopened (with the reason, and the resolution that reopening cleared)."""

    HUB_SCOPE = "item__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("reason", "outcome", "process_review")
    NOT_PERSONAL = {
        "kind": CHOICE,
    }
    SUBJECT_LOOKUPS = ("item__raised_by_participant", "item__feedback__participant")

    item = models.ForeignKey(QualityItem, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=QualityUpdateKind.choices)
    reason = models.TextField(blank=True, help_text="Why it was reopened.")
    outcome = models.TextField(blank=True)
    process_review = models.TextField(blank=True)
    at = models.DateTimeField(validators=[validate_plausible_date])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "cohorts_qualityitemupdate"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reopened") | ~Q(reason=""),
                name="quality_item_update_reopened_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_kind_display().lower()} {self.at:%d %b %Y}"


class QualityActionKind(models.TextChoices):  # QM-3 c, d
    ACTION_PLAN = "action_plan", "Action plan step"
    CORRECTIVE = "corrective", "Corrective measure"


class QualityAction(models.Model):
    """A step of an item's action plan, or a corrective measure, with an owner and a due date."""

    HUB_SCOPE = "item__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("description",)
    NOT_PERSONAL = {
        "kind": CHOICE,
    }
    SUBJECT_LOOKUPS = ("item__raised_by_participant", "item__feedback__participant")

    item = models.ForeignKey(QualityItem, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=QualityActionKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quality_actions"
    )
    due_on = models.DateField(validators=[validate_plausible_date])
    done_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_qualityaction"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"
