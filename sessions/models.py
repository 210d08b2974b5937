"""Group sessions (SPEC §6 SES): the schedule, attendance and quality observations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cohorts.models import Cohort, DeliveryMode, Platform
from participants.models import Participant


class Topic(models.Model):
    """A topic a session covered: the BEIS core topics (seeded) plus facilitators' own."""

    name = models.CharField(max_length=120, unique=True)
    is_core = models.BooleanField(default=False, help_text="On the Playbook's core topics list.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    HUB_SCOPE = "cohort__hub"

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField()
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
    joining_instructions_sent_at = models.DateTimeField(null=True, blank=True)

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


class AttendanceStatus(models.TextChoices):  # SES-7
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


class Attendance(models.Model):
    HUB_SCOPE = "session__cohort__hub"
    PERSONAL_DATA = True

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    minutes_attended = models.PositiveIntegerField(
        null=True, blank=True, help_text="Only when not the whole session (SES-7)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_one_per_participant_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.session}: {self.get_status_display()}"


class ObservationMethod(models.TextChoices):  # SES-11
    LIVE = "live", "Live"
    RECORDING = "recording", "Recording"


class Observation(models.Model):
    """A quality observation of a session (SES-11), booked with notice to the facilitator."""

    HUB_SCOPE = "session__cohort__hub"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations"
    )
    method = models.CharField(
        max_length=20, choices=ObservationMethod.choices, default=ObservationMethod.LIVE
    )
    notice_given_at = models.DateTimeField(help_text="When the facilitator was told.")
    privacy_statement_sent_at = models.DateTimeField(null=True, blank=True)
    recording_deleted_at = models.DateTimeField(null=True, blank=True)
    score_topic = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score_facilitation = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score_behaviour = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rubric_notes = models.JSONField(default=dict, blank=True)
    feedback_to_facilitator = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-notice_given_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(score_topic__isnull=True) | Q(score_topic__gte=1, score_topic__lte=5))
                    & (
                        Q(score_facilitation__isnull=True)
                        | Q(score_facilitation__gte=1, score_facilitation__lte=5)
                    )
                    & (
                        Q(score_behaviour__isnull=True)
                        | Q(score_behaviour__gte=1, score_behaviour__lte=5)
                    )
                ),
                name="observation_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Observation of {self.session}"
