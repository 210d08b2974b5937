"""Feedback and surveys (SPEC §8 SUR): participants answer through their personal links.

The tables keep the names they were created with in the participants app.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.models import ProgrammeYear
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class SessionFeedback(models.Model):
    """SUR-1: one attendee's short feedback on one delivered session."""

    HUB_SCOPE = "participant__business__hub"  # KPI-2: feedback belongs to the business's hub
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("what_worked", "what_to_improve")
    SUBJECT_LOOKUPS = ("participant",)

    session = models.ForeignKey(
        "programme_sessions.Session", on_delete=models.CASCADE, related_name="feedback"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="session_feedback"
    )
    satisfaction = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    relevance = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    facilitation = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    what_worked = models.TextField(blank=True)
    what_to_improve = models.TextField(blank=True)
    submitted_on = models.DateField(
        help_text="Monthly returns count feedback by this date.",
        validators=[validate_plausible_date],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        db_table = "participants_sessionfeedback"
        ordering = ["-submitted_on", "-pk"]
        verbose_name = "session feedback"
        verbose_name_plural = "session feedback"
        indexes = [models.Index(fields=["submitted_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="feedback_one_per_participant_session"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5)
                & Q(relevance__gte=1, relevance__lte=5)
                & Q(facilitation__gte=1, facilitation__lte=5),
                name="feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback: {self.participant} · {self.session}"


class FeedbackInvitation(models.Model):
    """SUR-1, SUR-5: the feedback link emailed to one attendee of one session. The row is the
    claim that makes the email go exactly once, and counts the reminders."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    SUBJECT_LOOKUPS = ("participant",)

    session = models.ForeignKey(
        "programme_sessions.Session", on_delete=models.CASCADE, related_name="feedback_invitations"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="feedback_invitations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        db_table = "participants_feedbackinvitation"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="feedback_invitation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback link: {self.participant} · {self.session}"


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", "Baseline survey"  # SUR-2
    EXIT = "exit", "Exit survey"  # SUR-3
    DROP_OUT = "drop_out", "Drop-out survey"  # SUR-4


class AnswerType(models.TextChoices):
    SCORE = "score", "Score from 1 to 5"
    TEXT = "text", "Free text"


class SurveyQuestion(models.Model):
    """A survey question for one programme year: data the national coordinator edits in the
    admin, seeded with the Playbook's baseline topics (feedback.surveys)."""

    HUB_SCOPE = None  # national settings: every signed-in user reads them

    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="survey_questions"
    )
    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    topic = models.CharField(
        max_length=120,
        help_text="Baseline and exit questions on the same topic are compared.",
    )
    text = models.TextField()
    answer_type = models.CharField(
        max_length=10, choices=AnswerType.choices, default=AnswerType.SCORE
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop asking it; answers already given are kept."
    )

    class Meta:
        db_table = "participants_surveyquestion"
        ordering = ["programme_year", "kind", "order", "pk"]
        indexes = [models.Index(fields=["programme_year", "kind", "is_active"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.topic}"


class SurveyResponse(models.Model):
    """One participant's baseline, exit or drop-out survey: invited, started, completed."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    NOT_PERSONAL = {
        "kind": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="survey_responses"
    )
    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    started_at = models.DateTimeField(default=timezone.now, validators=[validate_plausible_date])
    completed_on = models.DateField(
        null=True,
        blank=True,
        help_text="Monthly returns count completed surveys by this date.",
        validators=[validate_plausible_date],
    )
    # SUR-2, SUR-3: the business's figures at entry and at exit.
    employees = models.PositiveIntegerField(
        null=True, blank=True, help_text="Full-time and part-time permanent employees."
    )
    turnover_gbp = models.PositiveBigIntegerField("turnover (£)", null=True, blank=True)
    # SUR-5: the invitation email's claim and the reminders sent.
    invited_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        db_table = "participants_surveyresponse"
        ordering = ["participant", "kind"]
        indexes = [models.Index(fields=["kind", "completed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="survey_response_one_per_kind"
            ),
            models.CheckConstraint(
                condition=~Q(kind="drop_out")
                | Q(employees__isnull=True, turnover_gbp__isnull=True),
                name="survey_response_figures_baseline_exit_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant}"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None


class SurveyAnswer(models.Model):
    """One answer, with a copy of the question's topic and text as asked, so editing the
    questions later never changes what was answered (or the SUR-3 comparison)."""

    HUB_SCOPE = "response__participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("text",)
    NOT_PERSONAL = {
        "topic": "a copy of the question's topic, the same for everyone",
        "question_text": "a copy of the question as asked, the same for everyone",
    }
    SUBJECT_LOOKUPS = ("response__participant",)

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    topic = models.CharField(max_length=120)
    question_text = models.TextField()
    score = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATING_CHOICES)
    text = models.TextField(blank=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        db_table = "participants_surveyanswer"
        ordering = ["response", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_answer_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.score if self.score is not None else self.text[:40]}"
