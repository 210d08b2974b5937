"""Referrals to other business support (OTO-8) and the directory of services to refer to."""

from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager
from peernetworks.models import GrowthHub
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

from .fields import PARTICIPANT_HUB, _participant_fk, _user_fk


class ReferralDestination(models.TextChoices):  # OTO-8
    HELP_TO_GROW_MANAGEMENT = "help_to_grow_management", "Help to Grow: Management"
    HELP_TO_GROW_DIGITAL = "help_to_grow_digital", "Help to Grow: Digital"
    BUSINESS_SUPPORT_HELPLINE = "business_support_helpline", "Business Support Helpline"
    GROWTH_HUB_SERVICES = "growth_hub_services", "Other Growth Hub services"
    OTHER = "other", "Other"


# A directory entry is national or one hub's own: never "other" (a referral elsewhere names
# its destination in the note instead).
SERVICE_CATEGORIES = [
    (value, label) for value, label in ReferralDestination.choices if value != "other"
]


class SupportService(models.Model):
    """The directory of other business support (OTO-8): the Playbook's
    national offers (no hub) and each hub's own local services. Facilitators and providers
    choose from it when they record a referral; participants see it on their page.

    Hub staff keep their hub's entries; the national coordinator keeps the national ones. An
    entry in use is never deleted: untick "active" to stop offering it (referrals keep it).
    """

    HUB_SCOPE = "hub"  # national entries (no hub) are added to every hub's view by selectors

    name = models.CharField(max_length=120)
    category = models.CharField(
        max_length=30,
        choices=SERVICE_CATEGORIES,
        default=ReferralDestination.GROWTH_HUB_SERVICES,
        help_text="The OTO-8 destination a referral to this service counts as.",
    )
    description = models.CharField(
        "short description", max_length=300, blank=True, help_text="One or two sentences."
    )
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    hub = models.ForeignKey(
        GrowthHub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_services",
        help_text="Empty for a national service, offered in every hub.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop offering it; past referrals keep it."
    )
    order = models.PositiveSmallIntegerField(
        "display order", default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = "other business support service"
        verbose_name_plural = "other business support"
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=[value for value, _ in SERVICE_CATEGORIES]),
                name="support_service_category_valid",
            ),
            models.UniqueConstraint(fields=["hub", "name"], name="support_service_name_per_hub"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(hub__isnull=True),
                name="support_service_national_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.hub_id is None


class Referral(models.Model):
    """Signposting or a referral to other support (OTO-8), to a directory entry or elsewhere
    ("other", named in the note)."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("note",)
    NOT_PERSONAL = {
        "destination": CHOICE,
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = _participant_fk("one_to_one_referrals")
    destination = models.CharField(max_length=30, choices=ReferralDestination.choices)
    service = models.ForeignKey(
        SupportService,
        on_delete=models.PROTECT,  # the history of who was sent where stays intact
        null=True,
        blank=True,
        related_name="referrals",
        help_text="The directory entry; its category is the destination.",
    )
    note = models.TextField(blank=True, help_text="Required for other destinations.")
    referred_on = models.DateField(validators=[validate_plausible_date])
    recorded_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destination__in=ReferralDestination.values),
                name="referral_destination_valid",
            ),
            models.CheckConstraint(
                condition=~Q(destination=ReferralDestination.OTHER) | ~Q(note=""),
                name="referral_other_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.where}"

    @property
    def where(self) -> str:
        """The service's name, or the destination's label (needs `service` selected)."""
        return self.service.name if self.service_id else self.get_destination_display()
