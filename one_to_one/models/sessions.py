"""Hours of one-to-one support logged by route (OTO-4), with their mode, platform and themes."""

from django.db import models
from django.db.models import Q

from peernetworks.audit import AuditedManager
from peernetworks.models import HOURS
from peernetworks.personal_data import CHOICE
from peernetworks.validators import validate_plausible_date

from .. import rules
from .fields import PARTICIPANT_HUB, PROVIDERS_ONLY, _participant_fk, _user_fk


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
