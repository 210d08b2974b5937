"""Monthly KPI returns (SPEC §9 KPI-1, KPI-2, KPI-4) and the log of exports (KPI-5)."""

from django.conf import settings
from django.db import models

from peernetworks.audit import AuditedManager
from peernetworks.models import GrowthHub, ProgrammeYear
from peernetworks.validators import validate_plausible_date

from .kpi import COUNT_FIELDS, HOUR_FIELDS


class ReturnStatus(models.TextChoices):  # KPI-1
    DRAFT = "draft", "Draft"
    SUBMITTED_ON_TIME = "submitted_on_time", "Submitted on time"
    SUBMITTED_LATE = "submitted_late", "Submitted late"
    OVERDUE = "overdue", "Overdue"


SUBMITTED = (ReturnStatus.SUBMITTED_ON_TIME, ReturnStatus.SUBMITTED_LATE)


class KpiReturn(models.Model):
    HUB_SCOPE = "hub"
    AUDITED = True  # GDPR-5: every change is in the audit trail

    hub = models.ForeignKey(GrowthHub, on_delete=models.PROTECT, related_name="kpi_returns")
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="kpi_returns"
    )
    month = models.DateField(
        help_text="The first day of the month reported on.", validators=[validate_plausible_date]
    )
    due_date = models.DateField(validators=[validate_plausible_date])
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    compiled_at = models.DateTimeField(validators=[validate_plausible_date])
    submitted_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overdue_alerted_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    # KPI-2 figures, one column each.
    participants_registered = models.PositiveIntegerField(default=0)
    participants_eligible = models.PositiveIntegerField(default=0)
    participants_started = models.PositiveIntegerField(default=0)
    participants_dropped_out = models.PositiveIntegerField(default=0)
    cohorts_started = models.PositiveIntegerField(default=0)
    cohorts_completed = models.PositiveIntegerField(default=0)
    sessions_delivered = models.PositiveIntegerField(default=0)
    sessions_delivered_in_month = models.PositiveIntegerField(default=0)
    group_hours_delivered = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    participants_completed_group_hours = models.PositiveIntegerField(default=0)
    one_to_one_hours_programme = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    one_to_one_hours_existing_provision = models.DecimalField(
        max_digits=10, decimal_places=2, default=0
    )
    participants_met_one_to_one_minimum = models.PositiveIntegerField(default=0)
    feedback_responses = models.PositiveIntegerField(default=0)
    mean_satisfaction = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    observations_completed = models.PositiveIntegerField(default=0)
    baseline_surveys_completed = models.PositiveIntegerField(default=0)
    exit_surveys_completed = models.PositiveIntegerField(default=0)
    hot_topics = models.JSONField(default=list, blank=True)
    participants_completed = models.PositiveIntegerField(default=0)
    participants_one_to_one_programme = models.PositiveIntegerField(default=0)
    participants_one_to_one_existing_provision = models.PositiveIntegerField(default=0)
    drop_out_surveys_completed = models.PositiveIntegerField(default=0)
    # KPI-2: the hub's supporting narrative, written before submitting and frozen with it.
    narrative = models.TextField(
        blank=True,
        help_text="What the figures do not say: progress, issues, what the hub is doing next.",
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-month", "hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "month"], name="kpi_return_one_per_hub_month"),
        ]
        indexes = [models.Index(fields=["programme_year", "hub", "month"])]

    def __str__(self) -> str:
        return f"{self.hub} · {self.month:%B %Y}"

    @property
    def is_submitted(self) -> bool:
        return self.status in SUBMITTED

    def figures(self) -> dict:
        values = {name: getattr(self, name) for name in COUNT_FIELDS}
        values.update({name: float(getattr(self, name)) for name in HOUR_FIELDS})
        values["mean_satisfaction"] = (
            float(self.mean_satisfaction) if self.mean_satisfaction is not None else None
        )
        values["hot_topics"] = list(self.hot_topics)
        return values


class ReturnAction(models.TextChoices):
    COMPILED = "compiled", "Compiled"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Re-opened"
    MARKED_OVERDUE = "marked_overdue", "Marked overdue"


class KpiReturnRevision(models.Model):
    """The history of a return (KPI-4): every compile, submission and re-opening, with figures."""

    HUB_SCOPE = "kpi_return__hub"

    kpi_return = models.ForeignKey(KpiReturn, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=20, choices=ReturnAction.choices)
    at = models.DateTimeField(validators=[validate_plausible_date])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    figures = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kpi_return}: {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ExportLog(models.Model):
    """KPI-5 / GDPR-5: every export, who, when and what."""

    HUB_SCOPE = "hub"

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hub = models.ForeignKey(
        GrowthHub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what = models.CharField(max_length=200)
    format = models.CharField(max_length=10)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.what} ({self.format}) by {self.by} at {self.at:%Y-%m-%d %H:%M}"
