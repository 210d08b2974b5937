"""Group sessions (SPEC §6 SES): the schedule, attendance and quality observations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cohorts.models import Cohort, DeliveryMode, Platform
from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.models import GrowthHub
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date


class Topic(models.Model):
    """A topic a session covered: the BEIS core topics (seeded, national) plus the ones a hub's
    facilitators write in, which belong to that hub and are offered to no other."""

    name = models.CharField(max_length=120)
    hub = models.ForeignKey(
        GrowthHub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        help_text="Empty for national topics; a hub's own written-in topics name their hub.",
    )
    is_core = models.BooleanField(default=False, help_text="On the Playbook's core topics list.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(hub__isnull=True), name="topic_national_name_unique"
            ),
            models.UniqueConstraint(fields=["hub", "name"], name="topic_hub_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    HUB_SCOPE = "cohort__hub"
    AUDITED = True  # GDPR-5: every change is in the audit trail

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField(validators=[validate_plausible_date])
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
    joining_instructions_sent_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

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


# What the facilitator portal records: attendance, notes, action cards, absences, referrals.


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


class SessionNote(models.Model):
    """SES-9: the facilitator's notes on a session. The topics covered are the session's own
    `topics` (what KPI-2 hot topics count); each presenter's issue is a PresenterNote and the
    actions they agreed are their ActionCard (SES-10), so nothing is written twice."""

    HUB_SCOPE = "session__cohort__hub"
    PERSONAL_DATA = True
    NOT_PERSONAL = {
        "process_issues": "how the session ran as a whole; each member's issue is a PresenterNote",
        "hot_topics": "themes of the group reported in KPI returns, not about one member",
    }
    SUBJECT_LOOKUPS = ("presenters__participant",)

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="note")
    process_issues = models.TextField(
        blank=True, help_text="Timekeeping, technology, group dynamics: how the session ran."
    )
    hot_topics = models.TextField("hot topics to report", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notes on {self.session}"


class PresenterNote(models.Model):
    """SES-9: the issue one presenter brought to the session."""

    HUB_SCOPE = "note__session__cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("issue",)
    SUBJECT_LOOKUPS = ("participant",)

    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="presenters")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="presenter_notes"
    )
    issue = models.TextField("issue brought")

    class Meta:
        ordering = ["note", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "participant"], name="presenter_note_one_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.note.session}"


class ReportBackStatus(models.TextChoices):  # SES-10
    DONE = "done", "Done"
    PARTLY = "partly", "Partly"
    NOT_DONE = "not_done", "Not done"


class ActionCard(models.Model):
    """SES-10: what a participant committed to at a session, and their report back on it at
    the next one (entered by the facilitator or by the participant through their link)."""

    HUB_SCOPE = "session__cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("actions", "reflection")
    NOT_PERSONAL = {
        "report_status": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="action_cards")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="action_cards"
    )
    actions = models.TextField(help_text="What the participant will do before the next session.")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    report_status = models.CharField(max_length=10, choices=ReportBackStatus.choices, blank=True)
    reflection = models.TextField(blank=True)
    reported_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the participant reported back through their personal link.",
    )
    reported_by_participant = models.BooleanField(default=False)
    reported_at_session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="action_card_one_per_participant_session"
            ),
            models.CheckConstraint(
                condition=(Q(report_status="") & Q(reported_at__isnull=True))
                | (~Q(report_status="") & Q(reported_at__isnull=False)),
                name="action_card_report_back_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Action card: {self.participant} · {self.session}"


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


class DisengagementOutcome(models.TextChoices):  # SES-8
    OPEN = "open", "Awaiting hub staff"
    DROPPED_OUT = "dropped_out", "Dropped out"
    STAYING = "staying", "Staying on the programme"


class DisengagementReport(models.Model):
    """SES-8: a facilitator reports a participant as disengaged; hub staff are told and decide
    (drop-out with date and reason, or staying)."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("reason", "resolution_note")
    NOT_PERSONAL = {
        "outcome": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="disengagement_reports"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="disengagement_reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(help_text="What the facilitator has seen and tried.")
    staff_notified_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    outcome = models.CharField(
        max_length=20, choices=DisengagementOutcome.choices, default=DisengagementOutcome.OPEN
    )
    resolved_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(outcome="open"),
                name="disengagement_one_open_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"Disengagement: {self.participant} ({self.get_outcome_display()})"


class SupportReferral(models.Model):
    """The facilitator flags a participant as needing deeper one-to-one support; hub
    staff see it and acknowledge it."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True
    PERSONAL_FIELDS = ("reason",)
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="support_referrals"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="support_referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(help_text="What support the participant seems to need.")
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-referred_at", "-pk"]
        verbose_name = "one-to-one support referral"
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(acknowledged_at__isnull=True),
                name="support_referral_one_open_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral for deeper support: {self.participant}"
