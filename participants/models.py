"""Businesses, participants and their eligibility (SPEC §3 ELIG, §4 ONB)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager, AuditedQuerySet
from peernetworks.models import GrowthHub, ProgrammeYear
from peernetworks.personal_data import CHOICE, RULE_CODES
from peernetworks.validators import (
    validate_companies_house_number,
    validate_plausible_date,
    validate_single_line,
    validate_uk_postcode,
)

sic_code_validator = RegexValidator(r"^\d{5}$", "Enter a 5-digit UK SIC 2007 code, e.g. 62012.")


class CreativeSicCode(models.Model):
    """A DCMS creative-industries SIC code (ELIG-11): any 5-digit code starting with it counts."""

    code4 = models.CharField(
        "SIC code (first four digits)",
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", "Enter the first four digits, e.g. 5911.")],
    )
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code4"]
        verbose_name = "creative industries SIC code"

    def __str__(self) -> str:
        return f"{self.code4[:2]}.{self.code4[2:]} {self.description}".strip()


class LegalForm(models.TextChoices):
    LTD = "ltd", "Private limited company"
    PLC = "plc", "Public limited company"
    LLP = "llp", "Limited liability partnership"
    PARTNERSHIP = "partnership", "Partnership"
    SOLE_TRADER = "sole_trader", "Sole trader"
    CHARITY = "charity", "Charity"
    CIC = "cic", "Community interest company"
    OTHER = "other", "Other"


class Business(models.Model):
    """A small business whose leader takes part. Its figures are what eligibility is assessed on."""

    HUB_SCOPE = "hub"
    PERSONAL_DATA = True  # sole traders' details are personal data
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = (
        "name",
        "companies_house_number",
        "trading_address",
        "postcode",
        "cross_lep_agreement_note",
        "declared_competitors",
    )
    NOT_PERSONAL = {
        "ref": "an opaque external reference",
        "local_authority": "an area used for aggregates, not an address",
        "sic_code": "an industry classification used for eligibility and aggregates",
        "legal_form": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participants",)

    ref = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="External reference."
    )
    hub = models.ForeignKey(GrowthHub, on_delete=models.PROTECT, related_name="businesses")
    name = models.CharField(max_length=200, validators=[validate_single_line])
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[validate_companies_house_number]
    )
    trading_address = models.TextField(blank=True, validators=[MaxLengthValidator(500)])
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    local_authority = models.CharField(max_length=100, blank=True)
    sic_code = models.CharField("SIC code", max_length=5, validators=[sic_code_validator])
    legal_form = models.CharField(max_length=20, choices=LegalForm.choices)
    trading_start_date = models.DateField(validators=[validate_plausible_date])

    # ELIG-1, ELIG-3, ELIG-11: headcount of permanent employees, and associates/freelancers.
    employees_full_time = models.PositiveIntegerField()
    employees_part_time_permanent = models.PositiveIntegerField()
    associates_freelancers = models.PositiveIntegerField(default=0)
    pays_staff_via_paye = models.BooleanField()
    turnover_gbp = models.PositiveBigIntegerField("turnover (£)")
    balance_sheet_total_gbp = models.PositiveBigIntegerField(
        "balance-sheet total (£)", null=True, blank=True
    )

    # ELIG-6
    trading_address_in_hub_area = models.BooleanField(default=True)
    cross_lep_agreement = models.BooleanField(
        "formal agreement of both LEPs recorded", default=False
    )
    cross_lep_agreement_note = models.TextField(blank=True)

    # ELIG-10: figures for the 12 months before March 2020, and the hub's viability view.
    pre_covid_employees_full_time = models.PositiveIntegerField(null=True, blank=True)
    pre_covid_employees_part_time_permanent = models.PositiveIntegerField(null=True, blank=True)
    pre_covid_associates_freelancers = models.PositiveIntegerField(null=True, blank=True)
    pre_covid_turnover_gbp = models.PositiveBigIntegerField(
        "pre-Covid turnover (£)", null=True, blank=True
    )
    viable_going_forward = models.BooleanField(
        null=True, blank=True, help_text="The hub's viability assessment; empty = not yet assessed."
    )
    viability_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    viability_assessed_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )

    # Desirable, never gating.
    potential_to_scale = models.BooleanField(default=False)
    exports_or_could = models.BooleanField("exports or could export", default=False)
    declared_competitors = models.TextField(
        blank=True, help_text="Businesses this one competes with, one per line."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "businesses"
        indexes = [models.Index(fields=["hub", "name"])]
        constraints = [
            # ELIG-10: pre-Covid figures are recorded together or not at all.
            models.CheckConstraint(
                condition=(
                    Q(
                        pre_covid_employees_full_time__isnull=True,
                        pre_covid_employees_part_time_permanent__isnull=True,
                        pre_covid_turnover_gbp__isnull=True,
                    )
                    | Q(
                        pre_covid_employees_full_time__isnull=False,
                        pre_covid_employees_part_time_permanent__isnull=False,
                        pre_covid_turnover_gbp__isnull=False,
                    )
                ),
                name="business_pre_covid_all_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_values_storable(self) -> bool:
        """A sole trader's business is the person: the audit trail keeps none of its values,
        only which fields changed (GDPR-5)."""
        return self.legal_form != LegalForm.SOLE_TRADER

    @property
    def has_pre_covid_figures(self) -> bool:
        return self.pre_covid_turnover_gbp is not None


class PreviousParticipation(models.TextChoices):
    NONE = "none", "Did not take part last year"
    TOOK_PART = "took_part", "Took part last year"
    DROPPED_OUT_OUTSIDE_CONTROL = (
        "dropped_out_outside_control",
        "Dropped out last year through circumstances outside their control",
    )


class ReferralSource(models.TextChoices):  # ONB-4
    DIRECT_MARKETING = "direct_marketing", "Direct marketing"
    EXISTING_PROGRAMME = "existing_programme", "An existing business support programme"
    MEMBERSHIP_ORGANISATION = "membership_organisation", "A membership organisation"
    COACH_MENTOR = "coach_mentor", "A business coach, mentor or advisor"
    ACCOUNTANT = "accountant", "An accountant or professional adviser"
    SECTOR_ASSOCIATION = "sector_association", "An industry or sector association"
    CLUSTER_BODY = "cluster_body", "A local cluster body"
    LOCAL_AUTHORITY = "local_authority", "A local authority"
    NETWORKING_GROUP = "networking_group", "A networking group or breakfast club"
    OTHER = "other", "Other"


class EligibilityOutcome(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    ELIGIBLE_WITH_FLEXIBILITY = "eligible_with_flexibility", "Eligible with flexibility"
    NEEDS_DISCRETION = "needs_discretion", "Needs a hub decision"
    INELIGIBLE = "ineligible", "Ineligible"


class DiscretionChoice(models.TextChoices):
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ParticipantQuerySet(AuditedQuerySet):  # GDPR-5: bulk writes are audited too
    def eligible(self):
        """Eligible outright, with flexibility, or approved by a hub's discretion decision."""
        return self.filter(ELIGIBLE_Q)

    def ready_for_cohort(self):
        """COH-2: eligible, privacy notice acknowledged, charter signed, still taking part."""
        return self.filter(READY_FOR_COHORT_Q)


def _eligible(**approval) -> Q:
    """Eligible outright or with flexibility, or needing discretion and approved (`approval`
    narrows which approvals count)."""
    return Q(
        eligibility_outcome__in=[
            EligibilityOutcome.ELIGIBLE,
            EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY,
        ]
    ) | Q(
        eligibility_outcome=EligibilityOutcome.NEEDS_DISCRETION,
        discretion_decision=DiscretionChoice.APPROVED,
        **approval,
    )


ELIGIBLE_Q = _eligible()


def eligible_as_at(day) -> Q:
    """KPI-2: eligible on `day`: a discretion approval counts from its date on (a decision
    taken later does not change that day)."""
    return _eligible(discretion_decided_on__lte=day)


READY_FOR_COHORT_Q = (
    ELIGIBLE_Q
    & Q(privacy_acknowledged_at__isnull=False, charter_signed_at__isnull=False)
    & Q(dropped_out_on__isnull=True)
)


class Participant(models.Model):
    """A business leader taking part. Never a staff account: they use personal links."""

    HUB_SCOPE = "business__hub"  # a participant belongs to the hub of their business (KPI-2)
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "job_title",
        "referral_source_other",
        "drop_out_reason",
    )
    NOT_PERSONAL = {
        "ref": "an opaque external reference (pseudonymous key used by imports)",
        "previous_participation": CHOICE,
        "referral_source": CHOICE,
        "privacy_notice_url": "the hub's privacy notice address, the same for everyone",
        "privacy_notice_version": "the privacy notice version acknowledged (ONB-1 evidence)",
        "eligibility_outcome": CHOICE,
        "discretion_decision": CHOICE,
        "eligibility_flexibilities": RULE_CODES,
        "eligibility_discretion": RULE_CODES,
        "eligibility_failed_rules": RULE_CODES,
    }
    SUBJECT_LOOKUPS = ("pk",)

    ref = models.CharField(max_length=64, unique=True, null=True, blank=True)
    business = models.ForeignKey(Business, on_delete=models.PROTECT, related_name="participants")
    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.PROTECT, related_name="participants"
    )
    first_name = models.CharField(max_length=100, validators=[validate_single_line])
    last_name = models.CharField(max_length=100, validators=[validate_single_line])
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True, validators=[validate_single_line])
    job_title = models.CharField(max_length=100, validators=[validate_single_line])

    # The applicant's answers that eligibility uses (ELIG-5, -7, -8, -9).
    is_senior_decision_maker = models.BooleanField()
    aspiration_to_improve = models.BooleanField()
    previous_participation = models.CharField(
        max_length=30, choices=PreviousParticipation.choices, default=PreviousParticipation.NONE
    )
    business_already_has_participant = models.BooleanField(default=False)

    referral_source = models.CharField(max_length=30, choices=ReferralSource.choices, blank=True)
    referral_source_other = models.CharField(max_length=200, blank=True)

    registered_on = models.DateField(validators=[validate_plausible_date])
    # ONB-1: which privacy notice was acknowledged, and when.
    privacy_acknowledged_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    privacy_notice_url = models.URLField(blank=True)
    privacy_notice_version = models.CharField(max_length=40, blank=True)
    evaluation_consent = models.BooleanField(default=False)  # ONB-2
    charter_signed_at = models.DateTimeField(
        null=True, blank=True, validators=[validate_plausible_date]
    )  # ONB-3

    # The current eligibility decision, written only by participants.services (ELIG outcome).
    eligibility_outcome = models.CharField(
        max_length=30, choices=EligibilityOutcome.choices, blank=True
    )
    discretion_decision = models.CharField(
        max_length=10, choices=DiscretionChoice.choices, blank=True
    )
    # The date of the current discretion decision: KPI-2 counts a participant approved by
    # discretion as eligible only from this date on.
    discretion_decided_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date]
    )
    # Copies of the current decision's lists ("covid,creative"), for list filters.
    eligibility_flexibilities = models.CharField(max_length=50, blank=True)
    eligibility_discretion = models.CharField(max_length=100, blank=True)
    eligibility_failed_rules = models.CharField(max_length=200, blank=True)

    dropped_out_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    drop_out_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["programme_year", "registered_on"]),
            models.Index(fields=["eligibility_outcome"]),
        ]
        constraints = [
            # ELIG-8: one participant per business per programme year. A second registration
            # is still recorded (and assessed ineligible), but only if it says the business
            # already has a participant: two "firsts" can never both be true.
            models.UniqueConstraint(
                fields=["business", "programme_year"],
                condition=Q(business_already_has_participant=False),
                name="participant_one_per_business_year",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        """GDPR-3: anonymised. Erasure replaces the email with this address (privacy code),
        and every personal link of an erased participant is gone for good."""
        return self.email == f"erased-{self.pk}@invalid.example"

    @property
    def is_eligible(self) -> bool:
        return self.eligibility_outcome in (
            EligibilityOutcome.ELIGIBLE,
            EligibilityOutcome.ELIGIBLE_WITH_FLEXIBILITY,
        ) or (
            self.eligibility_outcome == EligibilityOutcome.NEEDS_DISCRETION
            and self.discretion_decision == DiscretionChoice.APPROVED
        )

    @property
    def is_ready_for_cohort(self) -> bool:
        """COH-2, the same rule as READY_FOR_COHORT_Q (tests keep the two in step)."""
        return (
            self.is_eligible
            and self.privacy_acknowledged_at is not None
            and self.charter_signed_at is not None
            and self.dropped_out_on is None
        )


class EqualityData(models.Model):
    """ONB-5: optional, kept apart so no list shows it; used for balance and aggregates only."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("gender", "age_band", "ethnicity", "disability")
    SUBJECT_LOOKUPS = ("participant",)

    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NON_BINARY = "non_binary", "Non-binary"
        SELF_DESCRIBE = "self_describe", "I describe myself another way"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", "Under 25"
        A25_34 = "25_34", "25 to 34"
        A35_44 = "35_44", "35 to 44"
        A45_54 = "45_54", "45 to 54"
        A55_64 = "55_64", "55 to 64"
        A65_PLUS = "65_plus", "65 or over"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Other ethnic group"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="equality"
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(
        "disability or long-term health condition",
        max_length=20,
        choices=YesNo.choices,
        blank=True,
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        verbose_name_plural = "equality data"

    def __str__(self) -> str:
        return f"Equality data for participant {self.participant_id}"


class EligibilityAssessment(models.Model):
    """One assessment of a participant's application; re-assessment adds a row (history)."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("inputs",)
    NOT_PERSONAL = {
        "outcome": CHOICE,
        "flexibilities": RULE_CODES,
        "failed_rules": RULE_CODES,
        "discretion": RULE_CODES,
        "reasons": "the rules' standard explanations, not the person's words",
        "trigger": "what caused the assessment (system wording)",
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessments"
    )
    application_date = models.DateField(validators=[validate_plausible_date])
    inputs = models.JSONField(help_text="The application exactly as assessed.")
    outcome = models.CharField(max_length=30, choices=EligibilityOutcome.choices)
    flexibilities = models.JSONField(default=list)
    failed_rules = models.JSONField(default=list)
    discretion = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    assessed_at = models.DateTimeField(validators=[validate_plausible_date])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when assessed by the system (registration, import).",
    )
    trigger = models.CharField(max_length=100, blank=True, help_text="What caused this assessment.")

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_outcome_display()} · {self.assessed_at:%Y-%m-%d}"


class DiscretionDecision(models.Model):
    """A hub's decision on a needs-discretion application (who, when, approve/refuse, why)."""

    HUB_SCOPE = "participant__business__hub"
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("reason",)
    NOT_PERSONAL = {
        "decision": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="discretion_decisions"
    )
    decision = models.CharField(max_length=10, choices=DiscretionChoice.choices)
    reason = models.TextField()
    decided_at = models.DateTimeField(validators=[validate_plausible_date])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="discretion_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} · {self.participant}"
