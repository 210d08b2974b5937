"""Programme structure (SPEC §2): programme years, clusters, Growth Hubs, and users' roles."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from peernetworks.validators import validate_plausible_date

HOURS = {"max_digits": 6, "decimal_places": 2}

DEFAULT_CHARTER_TEXT = """\
As a Peer Networks participant I commit to:
- attend all the group sessions, the full 18 hours of action learning, in person
  and without delegating;
- take up the one-to-one support offered to me;
- give information about my business when I join and when I finish, and short
  feedback after each session;
- take part voluntarily, bringing a real task, problem or opportunity to work on;
- keep what other members share in the group confidential;
- accept that sessions may be observed or recorded for quality assurance."""


class ProgrammeYear(models.Model):
    """One year of the programme. Every number a SPEC rule uses lives here, with the Playbook's
    value as the default, so a new year is configured in the admin rather than in code."""

    HUB_SCOPE = None  # national settings: every signed-in user reads them

    name = models.CharField(max_length=20, unique=True, help_text="For example 2021/22.")
    start = models.DateField(validators=[validate_plausible_date])
    end = models.DateField(validators=[validate_plausible_date])
    # PY-3: registration opens on this date (blank: the year's start) and closes at its end.
    registration_opens_on = models.DateField(
        "registration opens on",
        null=True,
        blank=True,
        help_text="Leave blank to open registration on the year's first day.",
        validators=[validate_plausible_date],
    )
    target_participants = models.PositiveIntegerField(default=6000)

    # Sessions and cohorts (COH-1, SES-1, SES-2, SES-3, SES-5, SES-11).
    group_hours_required = models.DecimalField(default=Decimal("18"), **HOURS)
    session_hours_recommended_min = models.DecimalField(default=Decimal("2"), **HOURS)
    session_hours_recommended_max = models.DecimalField(default=Decimal("3"), **HOURS)
    # A session shorter than this is a typing slip (0.01 h), not a meeting.
    session_hours_absolute_min = models.DecimalField(default=Decimal("0.5"), **HOURS)
    session_hours_absolute_max = models.DecimalField(default=Decimal("8"), **HOURS)
    default_session_interval_days = models.PositiveSmallIntegerField(default=14)
    cohort_max = models.PositiveSmallIntegerField(default=11)
    joining_instructions_notice_hours = models.PositiveSmallIntegerField(default=48)
    observation_notice_hours = models.PositiveSmallIntegerField(default=24)

    # One-to-one support (OTO-1, OTO-3).
    one_to_one_minimum_hours = models.DecimalField(default=Decimal("3.5"), **HOURS)
    one_to_one_window_months = models.PositiveSmallIntegerField(default=1)

    # Reporting (KPI-1) and surveys (SUR-1).
    kpi_due_day = models.PositiveSmallIntegerField(default=7)
    feedback_link_days = models.PositiveSmallIntegerField(default=14)

    # SUR-5: reminders for unanswered feedback and unfinished surveys are bounded.
    survey_reminders_max = models.PositiveSmallIntegerField(
        "reminders at most",
        default=2,
        validators=[MaxValueValidator(10)],
        help_text="Reminders sent for one unanswered feedback link or survey (0: none).",
    )
    survey_reminder_gap_days = models.PositiveSmallIntegerField(
        "days between reminders",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Days from the link or the previous reminder before the next one.",
    )

    # Quality management (Playbook "Quality Management and Assurance" 3).
    low_satisfaction_threshold = models.PositiveSmallIntegerField(
        "low satisfaction score",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Session feedback with satisfaction (1 to 5) at or below this "
        "opens a quality item for review.",
    )
    quality_item_days_to_resolve = models.PositiveSmallIntegerField(
        "days to resolve a quality item",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An item is due this many days after it was raised, unless "
        "staff set another date.",
    )
    # Impact Assessment & Evaluation: the independent evaluator's surveys.
    post_completion_survey_days = models.PositiveSmallIntegerField(
        "post-completion survey after (days)",
        default=14,
        validators=[MaxValueValidator(180)],
        help_text="Impact Assessment & Evaluation: the evaluator's post-completion survey falls "
        "due this many days after a participant's cohort completes (COH-6).",
    )
    six_month_survey_months = models.PositiveSmallIntegerField(
        "follow-up survey after (months)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="Impact Assessment & Evaluation: the evaluator's second survey falls due this "
        "many months after completion.",
    )
    # Post-Programme Sustainability: the alumni link outlives the feedback links by far.
    alumni_link_days = models.PositiveSmallIntegerField(
        "alumni link lifetime (days)",
        default=400,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text="How long the link an ended cohort's members get to stay in touch keeps working.",
    )

    # Eligibility (ELIG-1 .. ELIG-4, ELIG-10).
    sme_max_employees = models.PositiveIntegerField(default=250)
    sme_max_turnover_gbp = models.PositiveBigIntegerField(default=36_000_000)
    sme_max_balance_sheet_gbp = models.PositiveBigIntegerField(default=18_000_000)
    min_trading_years = models.PositiveSmallIntegerField(default=1)
    min_employees = models.PositiveSmallIntegerField(default=5)
    min_turnover_gbp = models.PositiveBigIntegerField(default=100_000)

    # Data protection (GDPR-4).
    retention_years = models.PositiveSmallIntegerField(default=7)

    # Onboarding (ONB-3): the Participant Charter each participant signs before allocation.
    charter_text = models.TextField(default=DEFAULT_CHARTER_TEXT)

    class Meta:
        ordering = ["-start"]
        # PY-2: years never overlap. `clean` says so in words; on PostgreSQL an exclusion
        # constraint on the date range also holds it for writes that bypass validation
        # (migration 0006).
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="programme_year_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_on__isnull=True)
                | Q(registration_opens_on__lte=models.F("end")),
                name="programme_year_registration_opens_before_end",
            ),
            models.CheckConstraint(
                condition=Q(group_hours_required__gt=0), name="programme_year_group_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(cohort_max__gt=0), name="programme_year_cohort_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.start and self.end:
            overlapping = ProgrammeYear.objects.filter(
                start__lte=self.end, end__gte=self.start
            ).exclude(pk=self.pk)
            clash = overlapping.order_by("start").first()
            if clash is not None:
                raise ValidationError(
                    {
                        "start": f"These dates overlap {clash.name} ({clash.start:%-d %B %Y} "
                        f"to {clash.end:%-d %B %Y}); programme years cannot overlap."
                    }
                )
        if self.registration_opens_on and self.end and self.registration_opens_on > self.end:
            raise ValidationError(
                {"registration_opens_on": "Registration must open before the year ends."}
            )
        lengths = (
            self.session_hours_absolute_min,
            self.session_hours_recommended_min,
            self.session_hours_recommended_max,
            self.session_hours_absolute_max,
        )
        if None not in lengths and list(lengths) != sorted(lengths):
            raise ValidationError(
                {
                    "session_hours_absolute_min": "Session lengths must rise from the shortest "
                    "allowed, through the recommended range, to the longest allowed."
                }
            )

    # PY-2: a year's life-cycle follows from its dates and today's date in London.
    @classmethod
    def covering(cls, day: date) -> "ProgrammeYear | None":
        """The year whose dates include `day` (years never overlap, so at most one)."""
        return cls.objects.filter(start__lte=day, end__gte=day).first()

    @classmethod
    def running(cls, today: date | None = None) -> "ProgrammeYear | None":
        return cls.covering(today or timezone.localdate())

    @classmethod
    def current(cls, today: date | None = None) -> "ProgrammeYear | None":
        """The year staff pages show unless another is picked (PY-2): the running year, else
        the latest closed one, else the first upcoming one."""
        today = today or timezone.localdate()
        begun = Q(start__lte=today)
        # One query: years that have begun, latest first; then upcoming ones, soonest first.
        return cls.objects.order_by(
            models.Case(models.When(begun, then=models.F("start"))).desc(nulls_last=True),
            "start",
        ).first()

    def status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.start:
            return YearStatus.UPCOMING
        if today > self.end:
            return YearStatus.CLOSED
        return YearStatus.RUNNING

    def get_status_display(self) -> str:
        return YearStatus(self.status()).label

    @property
    def is_running(self) -> bool:
        return self.status() == YearStatus.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status() == YearStatus.CLOSED

    @property
    def registration_opens(self) -> date:
        return self.registration_opens_on or self.start

    def registration_open_on(self, day: date) -> bool:
        """PY-3: the national window; a hub may close its own registration earlier."""
        return self.registration_opens <= day <= self.end

    def contains(self, day) -> bool:
        return self.start <= day <= self.end


class YearStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"


class Cluster(models.Model):
    HUB_SCOPE = "hubs"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GrowthHub(models.Model):
    """A LEP's Growth Hub: the unit that recruits, runs cohorts and reports."""

    HUB_SCOPE = "pk"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="hubs")
    local_authorities = models.TextField(
        blank=True, help_text="The local authorities the hub covers, one per line."
    )
    privacy_policy_url = models.URLField(blank=True)
    privacy_notice_version = models.CharField(max_length=40, blank=True, default="1")
    tech_support_contact = models.CharField(
        max_length=200, blank=True, help_text="Who participants call when the technology fails."
    )
    contact_email = models.EmailField(blank=True, help_text="Where hub notifications are sent.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def local_authority_list(self) -> list[str]:
        return [line.strip() for line in self.local_authorities.splitlines() if line.strip()]


class HubYear(models.Model):
    """A hub's settings for one programme year (PY-1): its recruitment target and whether it
    closed its own registration early (PY-3), e.g. because the target is reached."""

    HUB_SCOPE = "hub"

    hub = models.ForeignKey(GrowthHub, on_delete=models.CASCADE, related_name="years")
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="hub_years"
    )
    target_participants = models.PositiveIntegerField(
        default=0, help_text="Participants the hub aims to recruit in this programme year."
    )
    registration_closed_on = models.DateField(
        "registration closed early on",
        null=True,
        blank=True,
        help_text="Set when the hub stops taking registrations before the year's end.",
        validators=[validate_plausible_date],
    )

    class Meta:
        ordering = ["-programme_year__start", "hub__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "programme_year"], name="hub_year_one_per_hub_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} · {self.programme_year}"

    def registration_open_on(self, day: date) -> bool:
        """PY-3: the year's window, less any early closing by the hub."""
        if self.registration_closed_on is not None and day >= self.registration_closed_on:
            return False
        return self.programme_year.registration_open_on(day)


class Role(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", "National coordinator"
    HUB_STAFF = "hub_staff", "Hub staff"
    FACILITATOR = "facilitator", "Facilitator"
    PROVIDER = "provider", "One-to-one provider"


STAFF_SITE_ROLES = (Role.HUB_STAFF, Role.NATIONAL_COORDINATOR)


class User(AbstractUser):
    """A person who signs in: national coordinator, hub staff, facilitator or provider.
    Participants never have an account (they use personal links)."""

    HUB_SCOPE = "hub"

    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    hub = models.ForeignKey(
        GrowthHub, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    class Meta:
        constraints = [
            # Everyone with a hub-level role belongs to a hub; only the national coordinator
            # (and a role-less system administrator) may have none.
            models.CheckConstraint(
                condition=Q(role__in=["", Role.NATIONAL_COORDINATOR]) | Q(hub__isnull=False),
                name="user_hub_required_for_hub_roles",
            ),
        ]

    @property
    def is_national_coordinator(self) -> bool:
        return self.role == Role.NATIONAL_COORDINATOR

    @property
    def is_hub_staff(self) -> bool:
        return self.role == Role.HUB_STAFF

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def is_provider(self) -> bool:
        return self.role == Role.PROVIDER


class PendingTask(models.Model):
    """A background task that could not reach the broker (Redis down): kept here and sent
    again by `retry_pending_tasks`, so no submission ever loses its email or job."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # An email task that exhausted its retries against a failing mail server: kept for a
    # system administrator to send again from the admin, not retried every five minutes for
    # ever, so the retrying is capped and the email still never lost.
    parked = models.BooleanField(
        default=False, help_text="Gave up after its retries: sent again only by hand."
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
