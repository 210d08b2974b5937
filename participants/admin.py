from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from peernetworks.admin.scoping import ScopedAdmin

from .models import (
    Business,
    CreativeSicCode,
    DiscretionDecision,
    EligibilityAssessment,
    Participant,
)
from .services import application_decide, application_for, participant_assess


@admin.register(CreativeSicCode)
class CreativeSicCodeAdmin(admin.ModelAdmin):
    """ELIG-11's list of creative SIC codes: national data, edited by the coordinator."""

    list_display = ["code4", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code4", "description"]

    def _national(self, request) -> bool:
        return request.user.is_superuser or request.user.is_national_coordinator

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return self._national(request)

    def has_change_permission(self, request, obj=None):
        return self._national(request)

    def has_delete_permission(self, request, obj=None):
        return self._national(request)


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["first_name", "last_name", "email", "eligibility_outcome", "discretion_decision"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def _reassess(request, participants, trigger: str) -> bool:
    """Re-assesses all or none; says which field stopped it."""
    try:
        with transaction.atomic():
            for participant in participants:
                participant_assess(
                    participant=participant, assessed_by=request.user, trigger=trigger
                )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            messages.error(request, f"Not re-assessed: {field}: {' '.join(errors)}")
        return False
    return True


class BusinessAdminForm(forms.ModelForm):
    """Refuses figures the ELIG rules cannot decide on, before anything is saved."""

    class Meta:
        model = Business
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.pk is None:
            return
        for participant in self.instance.participants.select_related("programme_year"):
            participant.business = self.instance  # the edited, unsaved figures
            decision = application_decide(application_for(participant), participant.programme_year)
            for field, message in (decision.errors or {}).items():
                self.add_error(field if field in self.fields else None, message)
            if decision.errors:
                return


@admin.register(Business)
class BusinessAdmin(ScopedAdmin):
    list_display = ["name", "hub", "sic_code", "legal_form", "employees_full_time", "turnover_gbp"]
    list_filter = [
        "hub",
        "legal_form",
        "trading_address_in_hub_area",
        "cross_lep_agreement",
        "viable_going_forward",
        "potential_to_scale",
        "exports_or_could",
    ]
    list_select_related = ["hub"]
    search_fields = ["name", "companies_house_number", "postcode", "ref"]
    autocomplete_fields = ["hub"]
    readonly_fields = ["viability_assessed_by", "viability_assessed_at", "created_at"]
    inlines = [ParticipantInline]
    form = BusinessAdminForm

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("hub")  # a business stays with the hub it registered with
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.hub = request.user.hub
        super().save_model(request, obj, form, change)
        if change:
            # Changed figures mean a new decision for everyone from this business.
            _reassess(request, obj.participants.select_related("business"), "business edited")


@admin.register(Participant)
class ParticipantAdmin(ScopedAdmin):
    list_display = [
        "__str__",
        "business",
        "registered_on",
        "eligibility_outcome",
        "eligibility_flexibilities",
        "discretion_decision",
        "dropped_out_on",
    ]
    list_filter = [
        "eligibility_outcome",
        "eligibility_flexibilities",
        "discretion_decision",
        "business__hub",
        "programme_year",
        "referral_source",
        "evaluation_consent",
    ]
    list_select_related = ["business", "business__hub"]
    search_fields = ["first_name", "last_name", "email", "business__name", "ref"]
    autocomplete_fields = ["business"]
    readonly_fields = [
        "eligibility_outcome",
        "eligibility_flexibilities",
        "eligibility_discretion",
        "eligibility_failed_rules",
        "discretion_decision",
        "created_at",
    ]
    actions = ["reassess_eligibility"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "business":
            kwargs["queryset"] = ScopedAdmin.get_queryset(
                BusinessAdmin(Business, self.admin_site), request
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _reassess(request, [obj], "participant edited" if change else "created in the admin")

    @admin.action(description="Re-assess eligibility of the selected participants")
    def reassess_eligibility(self, request, queryset):
        if _reassess(request, queryset.select_related("business"), "re-assessed from the admin"):
            self.message_user(request, f"Re-assessed {queryset.count()} participant(s).")


class ReadOnlyScopedAdmin(ScopedAdmin):
    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False


@admin.register(EligibilityAssessment)
class EligibilityAssessmentAdmin(ReadOnlyScopedAdmin):
    list_display = ["participant", "outcome", "assessed_at", "assessed_by", "trigger"]
    list_filter = ["outcome", "participant__business__hub"]
    list_select_related = ["participant", "assessed_by"]
    search_fields = [
        "participant__first_name",
        "participant__last_name",
        "participant__business__name",
    ]


@admin.register(DiscretionDecision)
class DiscretionDecisionAdmin(ReadOnlyScopedAdmin):
    list_display = ["participant", "decision", "decided_at", "decided_by"]
    list_filter = ["decision", "participant__business__hub"]
    list_select_related = ["participant", "decided_by"]
    search_fields = ["participant__first_name", "participant__last_name", "reason"]
