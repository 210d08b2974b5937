"""Admin for quality management and life after the programme, hub-scoped through ScopedAdmin.

Consent to stay in touch is the participant's alone: the admin shows it and never changes it.
Items opened automatically by a low feedback score keep their link to that feedback.
"""

from django.contrib import admin

from peernetworks.admin.scoping import ScopedAdmin

from .models import (
    AlumniConsent,
    ContinuingSession,
    FacilitatorPeerGroup,
    PeerGroupMeeting,
    PractitionerProfile,
    ProfileCheck,
    QualityAction,
    QualityItem,
    QualityItemUpdate,
)


class HubOwnedAdmin(ScopedAdmin):
    """Rows whose `hub` hub staff never choose: it is theirs."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("hub")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.hub = request.user.hub
        super().save_model(request, obj, form, change)


class QualityActionInline(admin.TabularInline):
    model = QualityAction
    fields = ["kind", "description", "owner", "due_on", "done_on"]
    autocomplete_fields = ["owner"]
    extra = 0


class QualityItemUpdateInline(admin.TabularInline):
    """The item's history: written only by the resolve and reopen services."""

    model = QualityItemUpdate
    fields = readonly_fields = ["kind", "at", "by", "reason", "outcome", "process_review"]
    extra = 0
    can_delete = False
    verbose_name_plural = "history"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QualityItem)
class QualityItemAdmin(HubOwnedAdmin):
    list_display = [
        "raised_on",
        "kind",
        "raised_by_name",
        "about",
        "hub",
        "owner",
        "due_on",
        "status",
        "source",
    ]
    list_filter = ["status", "kind", "source", "channel", "hub"]
    list_select_related = ["hub", "owner"]
    search_fields = ["raised_by_name", "about", "summary", "outcome"]
    autocomplete_fields = [
        "raised_by_participant",
        "about_cohort",
        "about_person",
        "owner",
    ]
    # Status changes only on the staff page, through the resolve service (QM-3 e's rules).
    readonly_fields = [
        "status",
        "source",
        "feedback",
        "about_session",
        "resolved_at",
        "resolved_by",
        "created_at",
        "created_by",
    ]
    date_hierarchy = "raised_on"
    inlines = [QualityActionInline, QualityItemUpdateInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and not obj.is_open:
            fields = [*fields, "outcome", "process_review"]  # a resolved item keeps its record
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ProfileCheckInline(admin.TabularInline):
    model = ProfileCheck
    fields = ["code", "met", "evidence", "checked_on", "checked_by"]
    readonly_fields = ["checked_by"]
    extra = 0


@admin.register(PractitionerProfile)
class PractitionerProfileAdmin(ScopedAdmin):
    list_display = [
        "user",
        "supplier_name",
        "contract_reference",
        "contract_end",
        "orientation_completed_on",
    ]
    list_filter = ["is_subcontractor", "user__role", "user__hub"]
    list_select_related = ["user", "user__hub"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__username",
        "supplier_name",
        "contract_reference",
    ]
    autocomplete_fields = ["user"]
    inlines = [ProfileCheckInline]

    def save_formset(self, request, form, formset, change):
        for check in formset.save(commit=False):
            check.checked_by = request.user
            check.save()
        for removed in formset.deleted_objects:
            removed.delete()


@admin.register(FacilitatorPeerGroup)
class FacilitatorPeerGroupAdmin(ScopedAdmin):
    list_display = ["name", "cluster", "organiser"]
    list_filter = ["cluster"]
    list_select_related = ["cluster", "organiser"]
    search_fields = ["name"]
    autocomplete_fields = ["cluster", "organiser", "members"]


@admin.register(PeerGroupMeeting)
class PeerGroupMeetingAdmin(ScopedAdmin):
    list_display = ["group", "held_on", "recorded_by"]
    list_filter = ["group__cluster"]
    list_select_related = ["group", "recorded_by"]
    search_fields = ["group__name", "themes", "practice_notes"]
    autocomplete_fields = ["group", "attendees"]
    readonly_fields = ["recorded_by", "created_at"]
    date_hierarchy = "held_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AlumniConsent)
class AlumniConsentAdmin(ScopedAdmin):
    """Read-only: consent is given and withdrawn by the participant, through their link."""

    list_display = ["participant", "cohort", "invited_at", "opted_in_at", "withdrawn_at"]
    list_filter = ["cohort__hub"]
    list_select_related = ["participant", "cohort"]
    search_fields = ["participant__first_name", "participant__last_name", "cohort__name"]
    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContinuingSession)
class ContinuingSessionAdmin(ScopedAdmin):
    list_display = ["cohort", "held_on", "attendee_count", "recorded_by"]
    list_filter = ["cohort__hub"]
    list_select_related = ["cohort", "recorded_by"]
    search_fields = ["cohort__name", "topics"]
    autocomplete_fields = ["cohort", "attendees"]
    readonly_fields = ["recorded_by", "created_at"]
    date_hierarchy = "held_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
