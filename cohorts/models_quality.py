"""Quality management and life after the programme (issue 11). Imported by cohorts/models.py.

The Playbook's "Quality Management and Assurance" (3: feedback, complaints and compliments;
4: control of suppliers), Annex 1 (facilitator and provider profiles), "Facilitator Action
Learning Groups" / "Facilitator Peer Networks", "Impact Assessment & Evaluation" and
"Post-Programme Sustainability". The rules are plain functions at the end of this module.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.models import Cluster, GrowthHub, Role
from peernetworks.validators import validate_plausible_date

__all__ = [
    "AlumniConsent",
    "ContinuingSession",
    "FacilitatorPeerGroup",
    "PeerGroupMeeting",
    "PractitionerProfile",
    "ProfileCheck",
    "QualityAction",
    "QualityActionKind",
    "QualityChannel",
    "QualityItem",
    "QualityItemKind",
    "QualityItemSource",
    "QualityItemStatus",
    "QualityItemUpdate",
    "QualityUpdateKind",
    "RaisedBy",
]

# The numbers these rules use (the low-score threshold, days to resolve an item, when the
# evaluator's surveys fall due, the alumni link's lifetime) are programme-year settings
# (peernetworks.models.ProgrammeYear, issue 11): the functions below take them as values.


# Feedback, complaints and compliments (Quality Management 3) ---------------------------------


class QualityItemKind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback"
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"


class QualityItemSource(models.TextChoices):
    RECORDED = "recorded", "Recorded by hub staff"
    LOW_FEEDBACK_SCORE = "low_feedback_score", "Low session-feedback score"


class QualityItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class RaisedBy(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    FACILITATOR = "facilitator", "Facilitator"
    PROVIDER = "provider", "One-to-one provider"
    HUB_STAFF = "hub_staff", "Hub staff"
    PARTNER = "partner", "Partner organisation"
    OTHER = "other", "Other"


class QualityChannel(models.TextChoices):  # QM-3a: client contact
    FEEDBACK_FORM = "feedback_form", "Session feedback form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_SESSION = "in_session", "In a session"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class QualityItem(models.Model):
    """One piece of feedback, complaint or compliment in a hub's log (QM-3): who raised it,
    about whom or what, how and when; the action plan and corrective measures (QualityAction
    rows, each with an owner and a due date), the outcome and the process review."""

    HUB_SCOPE = "hub"
    PERSONAL_DATA = True  # names who raised it, often a participant

    hub = models.ForeignKey(GrowthHub, on_delete=models.PROTECT, related_name="quality_items")
    kind = models.CharField(max_length=20, choices=QualityItemKind.choices)
    source = models.CharField(
        max_length=20, choices=QualityItemSource.choices, default=QualityItemSource.RECORDED
    )
    # Who raised it (QM-3a, b).
    raised_by_type = models.CharField(
        "raised by (who)", max_length=20, choices=RaisedBy.choices, default=RaisedBy.PARTICIPANT
    )
    raised_by_name = models.CharField("raised by (name)", max_length=200)
    raised_by_participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    channel = models.CharField(max_length=20, choices=QualityChannel.choices)
    raised_on = models.DateField(validators=[validate_plausible_date])
    # About whom or what.
    about = models.CharField(
        "about whom or what", max_length=200, help_text="A person, a session, a process…"
    )
    about_cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    about_session = models.ForeignKey(
        "programme_sessions.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items",
    )
    about_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items_about",
        help_text="The facilitator, provider or staff member it concerns, if any.",
    )
    summary = models.TextField(help_text="What was said, in the words given where possible.")
    # The low score that opened it: one item per feedback (the hook is idempotent).
    feedback = models.OneToOneField(
        "participants.SessionFeedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_item",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quality_items_owned",
        help_text="Who sees it through to an outcome.",
    )
    due_on = models.DateField("resolve by", validators=[validate_plausible_date])

    # QM-3 c-e: outcome and process review (the actions are QualityAction rows).
    status = models.CharField(
        max_length=10, choices=QualityItemStatus.choices, default=QualityItemStatus.OPEN
    )
    outcome = models.TextField(blank=True, help_text="What happened as a result.")
    process_review = models.TextField(
        blank=True, help_text="Does the way we work need to change? What did we change?"
    )
    resolved_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when opened automatically.",
    )

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["hub", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(resolved_at__isnull=True))
                | (Q(status="resolved") & Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="quality_item_resolved_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("raised_on")),
                name="quality_item_due_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.raised_by_name}, {self.raised_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == QualityItemStatus.OPEN


class QualityUpdateKind(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    REOPENED = "reopened", "Reopened"


class QualityItemUpdate(models.Model):
    """The item's history (issue 11): each time it was resolved (with the outcome and process
    review given) or reopened (with the reason, and the resolution that reopening cleared)."""

    HUB_SCOPE = "item__hub"
    PERSONAL_DATA = True

    item = models.ForeignKey(QualityItem, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=QualityUpdateKind.choices)
    reason = models.TextField(blank=True, help_text="Why it was reopened.")
    outcome = models.TextField(blank=True)
    process_review = models.TextField(blank=True)
    at = models.DateTimeField(validators=[validate_plausible_date])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reopened") | ~Q(reason=""),
                name="quality_item_update_reopened_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_kind_display().lower()} {self.at:%d %b %Y}"


class QualityActionKind(models.TextChoices):  # QM-3 c, d
    ACTION_PLAN = "action_plan", "Action plan step"
    CORRECTIVE = "corrective", "Corrective measure"


class QualityAction(models.Model):
    """A step of an item's action plan, or a corrective measure, with an owner and a due date."""

    HUB_SCOPE = "item__hub"
    PERSONAL_DATA = True

    item = models.ForeignKey(QualityItem, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=QualityActionKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quality_actions"
    )
    due_on = models.DateField(validators=[validate_plausible_date])
    done_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


# Facilitator and provider records (Annex 1; Quality Management 4) ----------------------------


@dataclass(frozen=True)
class Characteristic:
    code: str
    text: str
    essential: bool
    roles: tuple[str, ...]


_F, _P = Role.FACILITATOR.value, Role.PROVIDER.value
# Annex 1's "Key characteristics", as the Playbook words them, for the facilitator and the
# one-to-one support provider profiles (the roles each applies to).
ANNEX_1 = (
    Characteristic(
        "optimistic",
        "Optimistic, enthusiastic and self-motivated, with an empathetic approach",
        True,
        (_F, _P),
    ),
    Characteristic(
        "engaging",
        "Engaging personal style, energetic personality",
        True,
        (_F, _P),
    ),
    Characteristic(
        "smes",
        "Understanding and appreciation of smaller business from micros to large SMEs",
        True,
        (_F, _P),
    ),
    Characteristic(
        "people",
        "Passionate about getting the best out of people, with a genuine interest in supporting"
        " others to excel",
        True,
        (_F, _P),
    ),
    Characteristic(
        "integrity",
        "Integrity, independence and patience",
        True,
        (_F, _P),
    ),
    Characteristic(
        "facilitation_methods",
        "Knowledge and application of facilitation methodologies and toolsets including action "
        "learning styles",
        True,
        (_F,),
    ),
    Characteristic(
        "coaching_methods",
        "Knowledge and application of coaching/mentoring/consulting methodologies and toolsets",
        True,
        (_P,),
    ),
    Characteristic(
        "facilitation_record",
        "Proven track record in high-impact facilitation in the SME space",
        True,
        (_F,),
    ),
    Characteristic(
        "coaching_record",
        "Proven track record in high-impact coaching/mentoring/consulting, and SME business advice",
        True,
        (_P,),
    ),
    Characteristic(
        "interpersonal",
        "Strong interpersonal skills, with a robust but respectful and constructive approach to"
        " facilitation",
        True,
        (_F,),
    ),
    Characteristic(
        "challenge",
        "Able to offer constructive challenge",
        True,
        (_F,),
    ),
    Characteristic(
        "interpersonal_challenge",
        "Strong interpersonal skills, able to offer constructive challenge",
        True,
        (_P,),
    ),
    Characteristic(
        "influencer",
        "Strong influencer, significant experience of coaching/mentoring/advising/supporting "
        "others through change",
        True,
        (_P,),
    ),
    Characteristic(
        "acumen",
        "Credibility, a strong business acumen, commercial mindset and excellent project "
        "management skills",
        True,
        (_F, _P),
    ),
    Characteristic(
        "board_level",
        "Able to interact comfortably at owner/MD/CEO/Board level, with great communication, "
        "collaboration and storytelling skills",
        True,
        (_F, _P),
    ),
    Characteristic(
        "flexible",
        "Flexible approach to solving business problems and the ability to articulate solutions",
        True,
        (_F, _P),
    ),
    Characteristic(
        "ethics",
        "High degree of personal ethics, able to understand and reflect LEP/GH/BEIS strategy "
        "and values",
        True,
        (_F, _P),
    ),
    Characteristic(
        "leadership",
        "Experience of operating in senior leadership positions within an SME or larger "
        "organisation",
        True,
        (_F, _P),
    ),
    Characteristic(
        "evaluate_needs",
        "Ability to rapidly evaluate the needs of participants and suggest appropriate support "
        "based on their capacity, ability and motivation",
        True,
        (_F, _P),
    ),
    Characteristic(
        "support_landscape",
        "Practical understanding of the current landscape of publicly funded business support "
        "(local and national)",
        True,
        (_F, _P),
    ),
    Characteristic(
        "it_skills",
        "Strong IT/technical skills, including an understanding of video conference platforms "
        "(e.g. Teams/ Zoom/Hangouts), computerised management information systems, diary "
        "management, and CRM databases",
        True,
        (_F, _P),
    ),
    Characteristic(
        "stakeholders",
        "Excellent stakeholder management and relationship management abilities",
        True,
        (_F, _P),
    ),
    Characteristic(
        "peer_groups",
        "Experience of developing and leading peer-to-peer groups, peer boards, or peer networks",
        False,
        (_F,),
    ),
    Characteristic(
        "sme_founder",
        "Experience setting up, running, and growing an SME business",
        False,
        (_F, _P),
    ),
    Characteristic(
        "advice_experience",
        "Professional experience of managing and delivering business assessment, advice and "
        "development",
        False,
        (_F, _P),
    ),
    Characteristic(
        "complex_ideas",
        "Ability to structure, analyse and present complex ideas and data, as well as resolve "
        "complex problems",
        False,
        (_F, _P),
    ),
    Characteristic(
        "qualifications",
        "Relevant qualifications and accreditations",
        False,
        (_F, _P),
    ),
)
ANNEX_1_BY_CODE = {c.code: c for c in ANNEX_1}


class PractitionerProfile(models.Model):
    """A facilitator's or one-to-one provider's record (Annex 1, QM-4): the profile checklist
    (ProfileCheck rows), orientation, contract and supplier, and conflicts of interest."""

    HUB_SCOPE = "user__hub"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="practitioner_profile",
        limit_choices_to={"role__in": [Role.FACILITATOR, Role.PROVIDER]},
    )
    # QM-4a, b: selection and contractual documentation.
    supplier_name = models.CharField(
        "supplier", max_length=200, blank=True, help_text="The organisation contracted, if any."
    )
    is_subcontractor = models.BooleanField("works as a sub-contractor", default=False)
    contract_reference = models.CharField(max_length=100, blank=True)
    contract_start = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    contract_end = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    contract_notes = models.TextField(
        blank=True, help_text="How they were selected; where the contract documents are kept."
    )
    # QM-4c: induction. Annex 1: "Participate in programme-specific training and orientation".
    orientation_completed_on = models.DateField(
        "orientation completed on", null=True, blank=True, validators=[validate_plausible_date]
    )
    orientation_notes = models.TextField(blank=True)
    conflicts_of_interest = models.TextField(
        blank=True, help_text="Declared interests; leave empty when none were declared."
    )
    conflicts_declared_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = "facilitator or provider profile"
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_start__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="practitioner_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user.get_full_name() or self.user.username}"


class ProfileCheck(models.Model):
    """One Annex 1 characteristic checked for one profile: met or not, and the evidence."""

    HUB_SCOPE = "profile__user__hub"

    profile = models.ForeignKey(
        PractitionerProfile, on_delete=models.CASCADE, related_name="checks"
    )
    code = models.CharField(
        max_length=40,
        choices=[(c.code, c.text) for c in ANNEX_1],
        verbose_name="characteristic",
    )
    met = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
    checked_on = models.DateField(validators=[validate_plausible_date])
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["profile", "code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="profile_check_once"),
            # A characteristic is "met" only on evidence.
            models.CheckConstraint(
                condition=Q(met=False) | ~Q(evidence=""), name="profile_check_met_with_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.code} {'met' if self.met else 'not met'}"


# Facilitator peer groups (Facilitator Action Learning Groups; Facilitator Peer Networks) -----


class FacilitatorPeerGroup(models.Model):
    """A cluster's self-facilitated action learning group of facilitators and hub staff."""

    HUB_SCOPE = "cluster__hubs"  # every hub of the cluster sees it

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="peer_groups")
    name = models.CharField(max_length=120)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The cluster lead or a nominated cluster member.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="peer_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="peer_group_name_per_cluster")
        ]

    def __str__(self) -> str:
        return self.name


class PeerGroupMeeting(models.Model):
    """A self-facilitated meeting: date, who came, the themes and the practice shared."""

    HUB_SCOPE = "group__cluster__hubs"

    group = models.ForeignKey(
        FacilitatorPeerGroup, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(validators=[validate_plausible_date])
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    themes = models.TextField(help_text="Common programme problems and topics discussed.")
    practice_notes = models.TextField("shared practice notes", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} · {self.held_on:%d %b %Y}"


# Carrying on (Post-Programme Sustainability) -------------------------------------------------


class AlumniConsent(models.Model):
    """A member's explicit, withdrawable consent to share their name, business and the contact
    details they choose with the other members of their ended cohort who also opted in.

    The row exists from the invitation (the claim that makes the email go once); consent is
    `opted_in_at` without a later `withdrawn_at`."""

    HUB_SCOPE = "cohort__hub"
    PERSONAL_DATA = True

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

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="continuing_sessions"
    )
    held_on = models.DateField(validators=[validate_plausible_date])
    attendees = models.ManyToManyField(Participant, blank=True, related_name="+")
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
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.cohort} carried on, {self.held_on:%d %b %Y}"


# Rules (plain values in, plain values out) ----------------------------------------------------


def is_low_feedback(satisfaction: int, *, threshold: int) -> bool:
    """QM-3: a satisfaction score at or below the programme year's threshold
    (`low_satisfaction_threshold`) is reviewed as a quality item."""
    return satisfaction <= threshold


def quality_item_due(raised_on: date, *, days: int) -> date:
    """QM-3: an item's resolve-by date, `quality_item_days_to_resolve` after it was raised."""
    return raised_on + timedelta(days=days)


def resolution_problems(
    *, kind: str, source: str, outcome: str, process_review: str, corrective_measures: int
) -> dict[str, str]:
    """QM-3 c-e: what an item still needs before it is resolved (empty: nothing).

    Every item records its outcome; a complaint or a low score is resolved only with a
    corrective measure, and a complaint also with a process review. A compliment needs no
    correction."""
    problems = {}
    if not outcome.strip():
        problems["outcome"] = "Record the outcome."
    needs_correction = kind == QualityItemKind.COMPLAINT or (
        source == QualityItemSource.LOW_FEEDBACK_SCORE
    )
    if needs_correction and corrective_measures == 0:
        problems["corrective"] = "Record at least one corrective measure."
    if kind == QualityItemKind.COMPLAINT and not process_review.strip():
        problems["process_review"] = "Record the process review."
    return problems


def is_overdue(*, due_on: date, today: date, done: bool) -> bool:
    """Due yesterday or before and not done (due today is not yet overdue)."""
    return not done and due_on < today


def characteristics_for(role: str) -> tuple[Characteristic, ...]:
    """Annex 1's characteristics for a facilitator or a provider (none for other roles)."""
    return tuple(c for c in ANNEX_1 if role in c.roles)


@dataclass(frozen=True)
class ChecklistSummary:
    essential_met: int
    essential_total: int
    desirable_met: int
    desirable_total: int
    essential_missing: tuple[str, ...]

    @property
    def all_essential_met(self) -> bool:
        return self.essential_total > 0 and self.essential_met == self.essential_total


def checklist_summary(role: str, met_codes) -> ChecklistSummary:
    """Annex 1: how many essential and desirable characteristics are met, on evidence."""
    met = set(met_codes)
    wanted = characteristics_for(role)
    essential = [c for c in wanted if c.essential]
    desirable = [c for c in wanted if not c.essential]
    return ChecklistSummary(
        essential_met=sum(c.code in met for c in essential),
        essential_total=len(essential),
        desirable_met=sum(c.code in met for c in desirable),
        desirable_total=len(desirable),
        essential_missing=tuple(c.code for c in essential if c.code not in met),
    )


def completion_day(sessions: list[tuple[date, Decimal]], *, required_hours: Decimal) -> date | None:
    """COH-6, KPI-2: the day a cohort completed, when its delivered session lengths (in date
    order) first reach the required group hours; None while it has not."""
    total = Decimal(0)
    for day, hours in sorted(sessions):
        total += hours
        if total >= required_hours:
            return day
    return None


def evaluation_survey_days(
    completed_on: date, *, post_completion_days: int, follow_up_months: int
) -> tuple[date, date]:
    """Impact Assessment & Evaluation: the independent evaluator's post-completion survey falls
    due `post_completion_days` after completion, the second `follow_up_months` after it (the
    programme year's `post_completion_survey_days` and `six_month_survey_months`)."""
    from sessions.schedule import add_months

    return (
        completed_on + timedelta(days=post_completion_days),
        add_months(completed_on, follow_up_months),
    )
