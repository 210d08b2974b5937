"""What the facilitator writes about a session (SES-9) and each participant's action card
(SES-10)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

from .session import Session


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
