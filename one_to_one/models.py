"""One-to-one support (SPEC §7 OTO): who supports whom, the hours logged by route, the
GROW(TH) action plan, referrals, providers' declarations and declined support.

Every record belongs to the hub of the participant's business (KPI-2) and is personal data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from participants.models import Participant
from peernetworks.audit import AuditedManager
from peernetworks.models import HOURS, GrowthHub, Role
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

from . import rules

PARTICIPANT_HUB = "participant__business__hub"


class Route(models.TextChoices):  # OTO-4
    PROGRAMME = rules.PROGRAMME, "Within the programme (a provider)"
    EXISTING_PROVISION = rules.EXISTING_PROVISION, "An existing local programme"


class Mode(models.TextChoices):  # OTO-5
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"
    FACE_TO_FACE = "face_to_face", "Face to face"


class OneToOnePlatform(models.TextChoices):
    """The Playbook's video platforms for one-to-one support, group and one-to-one calls."""

    TEAMS = "teams", "Microsoft Teams"
    ZOOM = "zoom", "Zoom"
    WEBEX = "webex", "WebEx"
    GOTOMEETING = "gotomeeting", "GoToMeeting"
    GOOGLE_MEET = "google_meet", "Google Meet"
    FACETIME = "facetime", "FaceTime"
    WHATSAPP = "whatsapp", "WhatsApp Video"
    SKYPE = "skype", "Skype"
    GOOGLE_DUO = "google_duo", "Google Duo"
    OTHER = "other", "Other"


class Theme(models.TextChoices):  # OTO-7: the Playbook's list
    IMPLEMENTING_CHANGE = "implementing_change", "Implementing and managing change"
    STRATEGY_PLANS = "strategy_plans", "Strategy and plans"
    PROCESSES = "processes", "Business processes and practices"
    MANAGEMENT_INSIGHT = "management_insight", "Management insight and methods"
    VALUE_PROPOSITION_PRICING = "value_proposition_pricing", "Value proposition and pricing"
    BUSINESS_DEVELOPMENT = "business_development", "Business development"
    CONNECTIONS = "connections", "Connections to networks and support"
    PERSONAL_DEVELOPMENT = "personal_development", "Personal development of the leader"
    PEOPLE = "people", "People"
    ORGANISATIONAL_DEVELOPMENT = "organisational_development", "Organisational development and KPIs"
    INNOVATION = "innovation", "Innovation"
    INVESTMENT_FINANCE = "investment_finance", "Investment readiness and finance"
    TECHNOLOGY_ADOPTION = "technology_adoption", "Technology adoption"
    BEHAVIOUR_CHANGE = "behaviour_change", "Behaviour change"


class ReferralDestination(models.TextChoices):  # OTO-8
    HELP_TO_GROW_MANAGEMENT = "help_to_grow_management", "Help to Grow: Management"
    HELP_TO_GROW_DIGITAL = "help_to_grow_digital", "Help to Grow: Digital"
    BUSINESS_SUPPORT_HELPLINE = "business_support_helpline", "Business Support Helpline"
    GROWTH_HUB_SERVICES = "growth_hub_services", "Other Growth Hub services"
    OTHER = "other", "Other"


def _participant_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(Participant, on_delete=models.PROTECT, related_name=related_name)


def _user_fk(**kwargs) -> models.ForeignKey:
    kwargs.setdefault("related_name", "+")
    return models.ForeignKey(settings.AUTH_USER_MODEL, **kwargs)


PROVIDERS_ONLY = {"role": Role.PROVIDER}


class ProviderAssignment(models.Model):
    """The provider supporting a participant. Reassigning ends one row and starts another,
    so the rows are the history; at most one is current."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    SUBJECT_LOOKUPS = ("participant",)

    participant = _participant_fk("provider_assignments")
    provider = _user_fk(
        on_delete=models.PROTECT,
        related_name="one_to_one_assignments",
        limit_choices_to=PROVIDERS_ONLY,
    )
    assigned_at = models.DateTimeField(validators=[validate_plausible_date])
    assigned_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, validators=[validate_plausible_date])

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(ended_at__isnull=True),
                name="provider_assignment_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} supports {self.participant}"


class OneToOneSession(models.Model):
    """Hours of one-to-one support, within the programme or through an existing local
    programme (OTO-4). Written only by one_to_one.services, which applies the OTO rules."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("nature_of_support", "notes")
    NOT_PERSONAL = {
        "route": CHOICE,
        "existing_programme": "the name of another support programme",
        "mode": CHOICE,
        "platform": CHOICE,
        "themes": "OTO-7 theme codes, counted in aggregates",
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = _participant_fk("one_to_one_sessions")
    date = models.DateField(validators=[validate_plausible_date])
    hours = models.DecimalField(**HOURS)
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.PROGRAMME)
    provider = _user_fk(
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="one_to_one_sessions",
        limit_choices_to=PROVIDERS_ONLY,
        help_text="Required within the programme.",
    )
    existing_programme = models.CharField(
        "existing programme", max_length=200, blank=True, help_text="For existing provision."
    )
    nature_of_support = models.TextField(blank=True, help_text="For existing provision.")
    mode = models.CharField(max_length=20, choices=Mode.choices, blank=True)
    platform = models.CharField(
        max_length=20, choices=OneToOnePlatform.choices, blank=True, help_text="For video."
    )
    themes = models.JSONField(default=list, blank=True, help_text="The themes the support covered.")
    notes = models.TextField(blank=True)
    recorded_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "one-to-one session"
        indexes = [models.Index(fields=["participant", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="one_to_one_hours_positive"),
            models.CheckConstraint(
                condition=Q(route__in=Route.values), name="one_to_one_route_valid"
            ),
            # OTO-4: within the programme names a provider; existing provision names the
            # programme (its nature of support is required by the service; imported history
            # may not have it).
            models.CheckConstraint(
                condition=(
                    Q(route=Route.PROGRAMME, provider__isnull=False)
                    | (Q(route=Route.EXISTING_PROVISION) & ~Q(existing_programme=""))
                ),
                name="one_to_one_route_details",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.date:%Y-%m-%d} · {self.hours} h"

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [labels.get(value, value) for value in self.themes]


class ActionPlan(models.Model):
    """The participant's one-to-one action plan, GROW(TH) (OTO-6): one per participant,
    agreed after the first group session and reviewed as support goes on."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("goal", "reality", "obstacles_options", "way_forward", "tactics", "habits")
    NOT_PERSONAL = {
        "review_dates": "dates only",
    }
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="action_plan"
    )
    goal = models.TextField(blank=True, help_text="The end state the participant wants.")
    reality = models.TextField(blank=True, help_text="Where they are now, and the gap.")
    obstacles_options = models.TextField("obstacles and options", blank=True)
    way_forward = models.TextField("way forward", blank=True)
    tactics = models.TextField(blank=True)
    habits = models.TextField(blank=True)
    agreed_on = models.DateField(validators=[validate_plausible_date])
    review_dates = models.JSONField(
        default=list, blank=True, help_text="Dates the plan was reviewed after it was agreed."
    )
    updated_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-agreed_on"]

    def __str__(self) -> str:
        return f"Action plan for {self.participant}"

    @property
    def last_reviewed_on(self) -> str | None:
        return self.review_dates[-1] if self.review_dates else None


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


class ProviderDeclaration(models.Model):
    """OTO-9: a provider's conflict of interest with a participant, and notice of continuing
    private commercial work with their business. The latest declaration per pair stands."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("conflict_details", "commercial_work_details")
    SUBJECT_LOOKUPS = ("participant",)

    provider = _user_fk(
        on_delete=models.PROTECT,
        related_name="one_to_one_declarations",
        limit_choices_to=PROVIDERS_ONLY,
    )
    participant = _participant_fk("provider_declarations")
    has_conflict = models.BooleanField("conflict of interest", default=False)
    conflict_details = models.TextField(blank=True)
    continuing_commercial_work = models.BooleanField(
        "continuing private commercial work", default=False
    )
    commercial_work_details = models.TextField(blank=True)
    declared_at = models.DateTimeField(validators=[validate_plausible_date])

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "participant"], name="provider_declaration_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(conflict_details=""),
                name="provider_declaration_conflict_explained",
            ),
            models.CheckConstraint(
                condition=Q(continuing_commercial_work=False) | ~Q(commercial_work_details=""),
                name="provider_declaration_commercial_work_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}'s declaration for {self.participant}"


class SupportDeclined(models.Model):
    """OTO-9: the participant declined one-to-one support."""

    HUB_SCOPE = PARTICIPANT_HUB
    PERSONAL_DATA = True
    AUDITED = True  # GDPR-5: every change is in the audit trail
    PERSONAL_FIELDS = ("note",)
    SUBJECT_LOOKUPS = ("participant",)

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="support_declined"
    )
    declined_on = models.DateField(validators=[validate_plausible_date])
    note = models.TextField(blank=True)
    recorded_by = _user_fk(on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()  # GDPR-5: bulk writes are audited too

    class Meta:
        verbose_name = "support declined"
        verbose_name_plural = "support declined"

    def __str__(self) -> str:
        return f"{self.participant} declined one-to-one support"
