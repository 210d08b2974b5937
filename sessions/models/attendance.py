"""Attendance at sessions (SES-7), every change to it, and the follow-up of absences (SES-8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

from .session import Session


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
    AUDITED = True  # GDPR-5: every change is in the audit trail
    NOT_PERSONAL = {
        "status": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    minutes_attended = models.PositiveIntegerField(
        null=True, blank=True, help_text="Only when not the whole session."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["session", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="attendance_one_per_participant_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """Every recording and edit of an attendance row: who, when, from what to what (SES-7:
    editing later is audited; GDPR-5)."""

    HUB_SCOPE = "attendance__session__cohort__hub"
    PERSONAL_DATA = True
    NOT_PERSONAL = {
        "old_status": CHOICE,
        "new_status": CHOICE,
    }
    SUBJECT_LOOKUPS = ("attendance__participant",)

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(
        max_length=20,
        choices=AttendanceStatus.choices,
        blank=True,
        help_text="Empty when the attendance was first recorded.",
    )
    new_status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    old_minutes = models.PositiveIntegerField(null=True, blank=True)
    new_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.attendance}: {self.old_status or 'new'} → {self.new_status}"


class AbsenceFollowUp(models.Model):
    """SES-8: an absence (or apologies) the facilitator follows up and closes with a note."""

    HUB_SCOPE = "attendance__session__cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("note",)
    SUBJECT_LOOKUPS = ("attendance__participant",)

    attendance = models.OneToOneField(
        Attendance, on_delete=models.CASCADE, related_name="follow_up"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True, help_text="What the follow-up found.")

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(note=""),
                name="absence_follow_up_closed_with_note",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up: {self.attendance}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
