"""Carrying on (Post-Programme Sustainability): members' consent to stay in touch after their
cohort ends, and the sessions cohorts hold on their own afterwards.

The tables keep the names they were created with (`cohorts_*`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.validators import validate_plausible_date


class AlumniConsent(models.Model):
    """A member's explicit, withdrawable consent to share their name, business and the contact
    details they choose with the other members of their ended cohort who also opted in.

    The row exists from the invitation (the claim that makes the email go once); consent is
    `opted_in_at` without a later `withdrawn_at`."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("other_contact",)
    SUBJECT_LOOKUPS = ("participant",)

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="alumni")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="alumni_consents"
    )
    invited_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    opted_in_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawn_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    share_email = models.BooleanField("share my email address", default=False)
    share_phone = models.BooleanField("share my phone number", default=False)
    other_contact = models.CharField(
        "other ways to reach me",
        max_length=200,
        blank=True,
        help_text="For example your LinkedIn page or a WhatsApp group. Optional.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cohorts_alumniconsent"
        ordering = ["cohort", "participant"]
        verbose_name = "alumni consent"
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="alumni_consent_once"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(opted_in_at__isnull=False),
                name="alumni_consent_withdrawn_after_opt_in",
            ),
        ]

    def __str__(self) -> str:
        return f"Alumni consent: {self.participant} · {self.cohort}"

    @property
    def is_opted_in(self) -> bool:
        return self.opted_in_at is not None and self.withdrawn_at is None


ALUMNI_OPTED_IN_Q = Q(opted_in_at__isnull=False, withdrawn_at__isnull=True)


class ContinuingSession(models.Model):
    """A self-facilitated session a cohort held after the programme: which cohorts live on."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    NOT_PERSONAL = {
        "topics": "what a cohort discussed as a group, not about one member",
    }
    SUBJECT_LOOKUPS = ("attendees",)

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="continuing_sessions"
    )
    held_on = models.DateField(validators=[validate_plausible_date])
    attendees = models.ManyToManyField(
        Participant,
        blank=True,
        related_name="+",
        db_table="cohorts_continuingsession_attendees",
    )
    attendee_count = models.PositiveSmallIntegerField(
        default=0, help_text="How many came, including anyone not listed by name."
    )
    topics = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_continuingsession"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.cohort} carried on, {self.held_on:%d %b %Y}"
