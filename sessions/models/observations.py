"""Quality observations of sessions (SES-11)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from peernetworks.validators import validate_plausible_date

from .session import Session


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
    notice_given_at = models.DateTimeField(
        help_text="When the facilitator was told.", validators=[validate_plausible_date]
    )
    privacy_statement_sent_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    recording_deleted_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
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
    completed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

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
