"""Participants (SPEC §4 ONB): the business leaders taking part, what they answered on
registration, their current eligibility decision and their optional equality data."""

from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager, AuditedQuerySet
from peernetworks.models import ProgrammeYear
from peernetworks.personal_data import CHOICE, RULE_CODES
from peernetworks.validators import validate_plausible_date, validate_single_line

from .business import Business
from .eligibility import DiscretionChoice, EligibilityOutcome


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
