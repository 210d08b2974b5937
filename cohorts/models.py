"""Cohorts (SPEC §5 COH): up to 11 business leaders with a lead facilitator."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.models import GrowthHub, ProgrammeYear
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date


class DeliveryMode(models.TextChoices):  # SES-6
    VIRTUAL = "virtual", "Virtual"
    FACE_TO_FACE = "face_to_face", "Face to face"


class Platform(models.TextChoices):  # SES-6
    TEAMS = "teams", "Microsoft Teams"
    ZOOM = "zoom", "Zoom"
    WEBEX = "webex", "WebEx"
    GOTOMEETING = "gotomeeting", "GoToMeeting"
    GOOGLE_MEET = "google_meet", "Google Meet"
    OTHER = "other", "Other"


class CohortStatus(models.TextChoices):  # COH-6, derived by cohorts.status.cohort_status
    FORMING = "forming", "Forming"
    SCHEDULED = "scheduled", "Scheduled"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Cohort(models.Model):
    HUB_SCOPE = "hub"
    AUDITED = True  # GDPR-5: every change is in the audit trail

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True)
    hub = models.ForeignKey(GrowthHub, on_delete=models.PROTECT, related_name="cohorts")
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=120)
    lead_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts_led",
    )
    support_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts_supported",
    )
    # COH-5: the lead facilitator's declaration for this cohort's members.
    facilitator_conflicts = models.TextField(
        "facilitator's declared conflicts of interest",
        blank=True,
        help_text="Leave empty when the facilitator declared none.",
    )
    facilitator_conflicts_declared_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.VIRTUAL
    )
    platform = models.CharField(max_length=20, choices=Platform.choices, blank=True)
    joining_link = models.URLField(blank=True)
    dial_in = models.CharField("dial-in details", max_length=200, blank=True)
    venue = models.TextField(blank=True, help_text="For face-to-face delivery.")
    backup_plan = models.TextField(
        blank=True, help_text="What happens if the technology fails (joining instructions)."
    )

    # COH-6: the only stored status facts; the rest is derived from the schedule.
    scheduled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff confirmed the full schedule.",
        validators=[validate_plausible_date],
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "programme_year", "name"], name="cohort_name_unique_per_hub_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MoveReason(models.TextChoices):  # COH-3
    PERSONALITY_CONFLICT = "personality_conflict", "Personality conflict"
    EMERGING_COMPETITION = "emerging_competition", "Emerging competition"
    OTHER = "other", "Other"


class CohortMembership(models.Model):
    """A participant's place in a cohort. A move ends one membership and starts another, so
    the rows are the history (COH-3)."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("move_note",)
    NOT_PERSONAL = {
        "move_reason": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="memberships")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="memberships"
    )
    seat = models.PositiveSmallIntegerField(
        help_text="1 to the cohort maximum; the database keeps seats unique among current members."
    )
    joined_at = models.DateTimeField(validators=[validate_plausible_date])
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    left_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    move_reason = models.CharField(max_length=30, choices=MoveReason.choices, blank=True)
    move_note = models.TextField(blank=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["cohort", "seat"]
        constraints = [
            # COH-3: at most one current cohort per participant (a participant belongs to one
            # programme year).
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(left_at__isnull=True),
                name="membership_one_current_cohort",
            ),
            # COH-1: seats are unique among current members; the service hands out seats only
            # up to the programme year's cohort maximum, under a lock on the cohort row.
            models.UniqueConstraint(
                fields=["cohort", "seat"],
                condition=Q(left_at__isnull=True),
                name="membership_seat_unique",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="membership_seat_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"
