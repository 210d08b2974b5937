from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from participants.models import Participant
from peernetworks.access import scope_to_hub
from peernetworks.admin_scoping import ScopedAdmin
from peernetworks.models import Role, User

from . import rules
from .models import (
    ActionPlan,
    OneToOneSession,
    ProviderAssignment,
    ProviderDeclaration,
    Referral,
    SupportDeclined,
    Theme,
)
from .selectors import current_cohort_dates
from .services import one_to_one_check

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
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
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
                agreed_on, dates.first_delivered_on, what="the action plan", rule="OTO-6"
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


@admin.register(Referral)
class ReferralAdmin(OneToOneAdmin):
    list_display = ["participant", "destination", "referred_on"]
    list_filter = ["destination", "referred_on", "participant__business__hub"]
    list_select_related = ["participant"]
    search_fields = [*PARTICIPANT_SEARCH, "note"]
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
