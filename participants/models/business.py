"""Businesses (SPEC §3 ELIG): the figures eligibility is assessed on, and the DCMS creative
industries SIC codes."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager
from peernetworks.models import GrowthHub
from peernetworks.personal_data import CHOICE
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
