from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from participants.models import Participant
from peernetworks.access import scope_to_hub
from peernetworks.admin.scoping import ScopedAdmin
from peernetworks.models import Role, User
from peernetworks.web import form_errors_from

from . import rules
from .models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    SupportDeclined,
    SupportService,
    Theme,
)
from .selectors import current_cohort_dates, support_services_visible_to
from .services import one_to_one_check, referral_service_check

PARTICIPANT_SEARCH = [
    "participant__first_name",
    "participant__last_name",
    "participant__email",
    "participant__business__name",
]


class OneToOneAdmin(ScopedAdmin):
    """Hub staff manage their hub's one-to-one records; nothing of it reaches the national
    coordinator (PERSONAL_DATA)."""

    autocomplete_fields = ["participant"]
    search_fields = PARTICIPANT_SEARCH

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the hub's own participants and providers can be chosen, even by a forged POST.
        if db_field.name == "participant":
            kwargs["queryset"] = scope_to_hub(Participant.objects.all(), request.user)
        elif db_field.name == "provider":
            kwargs["queryset"] = scope_to_hub(User.objects.filter(role=Role.PROVIDER), request.user)
        elif db_field.name == "service":
            # The hub's own directory entries and the national ones (OTO-8).
            kwargs["queryset"] = support_services_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        for name in ("recorded_by", "assigned_by"):
            if not change and hasattr(obj, f"{name}_id") and getattr(obj, f"{name}_id") is None:
                setattr(obj, name, request.user)
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class OneToOneSessionAdminForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = OneToOneSession
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def clean(self):
        """The same OTO rules as the portal; refusals appear on the fields they name."""
        data = super().clean()
        participant = data.get("participant")
        if participant is None or self.errors:
            return data
        try:
            self.warnings = one_to_one_check(
                participant=participant,
                date=data.get("date"),
                hours=data.get("hours"),
                route=data.get("route", ""),
                provider=data.get("provider"),
                existing_programme=data.get("existing_programme", ""),
                nature_of_support=data.get("nature_of_support", ""),
                mode=data.get("mode", ""),
                platform=data.get("platform", ""),
                themes=data.get("themes") or [],
            )
        except ValidationError as error:
            form_errors_from(self, error)
        return data


@admin.register(OneToOneSession)
class OneToOneSessionAdmin(OneToOneAdmin):
    form = OneToOneSessionAdminForm
    list_display = ["participant", "date", "hours", "route", "provider", "existing_programme"]
    list_filter = ["route", "mode", "date", "participant__business__hub"]
    list_select_related = ["participant", "provider"]
    search_fields = [*PARTICIPANT_SEARCH, "existing_programme", "notes"]
    autocomplete_fields = ["participant", "provider"]
    date_hierarchy = "date"
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "warnings", []):
            self.message_user(request, warning, messages.WARNING)


@admin.register(ProviderAssignment)
class ProviderAssignmentAdmin(OneToOneAdmin):
    list_display = ["participant", "provider", "assigned_at", "ended_at"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter), "participant__business__hub"]
    list_select_related = ["participant", "provider"]
    search_fields = [*PARTICIPANT_SEARCH, "provider__first_name", "provider__last_name"]
    autocomplete_fields = ["participant", "provider"]
    readonly_fields = ["assigned_by"]


class ActionPlanAdminForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def clean(self):
        """OTO-6: agreed at or after the cohort's first group session, as in the portal."""
        data = super().clean()
        participant, agreed_on = data.get("participant"), data.get("agreed_on")
        if participant is not None and agreed_on is not None:
            _cohort, dates = current_cohort_dates(participant)
            error = rules.after_first_session_error(
                agreed_on, dates.first_delivered_on, what="the action plan"
            )
            if error:
                self.add_error("agreed_on", error)
        return data


@admin.register(ActionPlan)
class ActionPlanAdmin(OneToOneAdmin):
    form = ActionPlanAdminForm
    list_display = ["participant", "agreed_on", "updated_at"]
    list_filter = ["agreed_on", "participant__business__hub"]
    list_select_related = ["participant"]
    readonly_fields = ["updated_by", "updated_at"]


class ReferralAdminForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def clean(self):
        """OTO-8, as in the portals: a directory entry must be offered to the participant, and
        its category is the destination."""
        data = super().clean()
        participant, service = data.get("participant"), data.get("service")
        if participant is None or service is None:
            return data
        if "service" in self.changed_data or "participant" in self.changed_data:
            try:
                referral_service_check(participant=participant, service=service)
            except ValidationError as error:
                self.add_error("service", error.message_dict["service"])
                return data
        data["destination"] = service.category
        return data


@admin.register(Referral)
class ReferralAdmin(OneToOneAdmin):
    form = ReferralAdminForm
    list_display = ["participant", "destination", "service", "referred_on"]
    list_filter = ["destination", "referred_on", "participant__business__hub"]
    list_select_related = ["participant", "service"]
    search_fields = [*PARTICIPANT_SEARCH, "note", "service__name"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(ProviderDeclaration)
class ProviderDeclarationAdmin(OneToOneAdmin):
    list_display = [
        "participant",
        "provider",
        "has_conflict",
        "continuing_commercial_work",
        "declared_at",
    ]
    list_filter = ["has_conflict", "continuing_commercial_work", "participant__business__hub"]
    list_select_related = ["participant", "provider"]
    search_fields = [*PARTICIPANT_SEARCH, "provider__first_name", "provider__last_name"]
    autocomplete_fields = ["participant", "provider"]


@admin.register(SupportDeclined)
class SupportDeclinedAdmin(OneToOneAdmin):
    list_display = ["participant", "declined_on"]
    list_filter = ["declined_on", "participant__business__hub"]
    list_select_related = ["participant"]
    readonly_fields = ["recorded_by", "recorded_at"]


class SupportServiceAdminForm(forms.ModelForm):
    class Meta:
        model = SupportService
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def clean(self):
        # The hub is not a field for hub staff (it is theirs), so Django's own check of the
        # unique name per hub would be skipped: a duplicate is refused here instead of a 500.
        data = super().clean()
        name = data.get("name")
        hub = data.get("hub") if "hub" in self.fields else self.instance.hub
        same = SupportService.objects.filter(hub=hub, name__iexact=name or "")
        if name and same.exclude(pk=self.instance.pk).exists():
            where = hub.name if hub else "the national directory"
            self.add_error("name", f"{name} is already in {where}.")
        return data


@admin.register(SupportService)
class SupportServiceAdmin(ScopedAdmin):
    """The directory of other business support (OTO-8). Hub staff keep their
    hub's entries and see the national ones read-only; the national coordinator keeps the
    national ones and reads every hub's. Entries are deactivated, not deleted (referrals keep
    them)."""

    form = SupportServiceAdminForm
    list_display = ["name", "category", "hub_or_national", "is_active", "order"]
    list_filter = ["category", "is_active"]
    list_select_related = ["hub"]
    search_fields = ["name", "description"]
    ordering = ["hub__name", "order", "name"]
    national_coordinator_can_edit = True
    fields = [
        "name",
        "category",
        "description",
        "website",
        "phone",
        "email",
        "hub",
        "is_active",
        "order",
    ]

    @admin.display(description="hub", ordering="hub__name")
    def hub_or_national(self, obj) -> str:
        return obj.hub.name if obj.hub_id else "National"

    def get_queryset(self, request):
        return support_services_visible_to(request.user)

    def get_list_filter(self, request):
        if request.user.is_superuser or request.user.is_national_coordinator:
            return [*self.list_filter, "hub"]
        return self.list_filter

    def get_readonly_fields(self, request, obj=None):
        # Where an entry belongs follows who keeps it (save_model); only a system administrator
        # moves one.
        return [] if request.user.is_superuser else ["hub"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        if request.user.is_national_coordinator:
            return obj.hub_id is None
        return obj.hub_id is not None and obj.hub_id == request.user.hub_id

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @staticmethod
    def _owner_hub(request):
        """Where a new entry belongs: the national coordinator's are national, hub staff's
        their hub's."""
        return None if request.user.is_national_coordinator else request.user.hub

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None or request.user.is_superuser:
            return form
        hub = self._owner_hub(request)

        class OwnedForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.hub = hub

        return OwnedForm

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.hub = self._owner_hub(request)
        super().save_model(request, obj, form, change)
