from django.contrib import admin

from peernetworks.admin.scoping import ScopedAdmin

from .models import Cohort, CohortMembership


class MembershipInline(admin.TabularInline):
    model = CohortMembership
    fields = ["participant", "seat", "joined_at", "left_at", "move_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # allocation goes through the cohort builder (COH-1..3)


@admin.register(Cohort)
class CohortAdmin(ScopedAdmin):
    list_display = [
        "name",
        "hub",
        "programme_year",
        "lead_facilitator",
        "delivery_mode",
        "scheduled_at",
        "cancelled_at",
    ]
    list_filter = ["hub", "programme_year", "delivery_mode", "platform"]
    list_select_related = ["hub", "programme_year", "lead_facilitator"]
    search_fields = ["name", "ref"]
    autocomplete_fields = ["hub", "lead_facilitator", "support_person"]
    readonly_fields = ["scheduled_at", "created_at"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("hub")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.hub = request.user.hub
        super().save_model(request, obj, form, change)


@admin.register(CohortMembership)
class CohortMembershipAdmin(ScopedAdmin):
    """History of allocations and moves; changes go through the cohort pages."""

    list_display = ["participant", "cohort", "seat", "joined_at", "left_at", "move_reason"]
    list_filter = ["cohort__hub", "move_reason"]
    list_select_related = ["participant", "cohort"]
    search_fields = ["participant__first_name", "participant__last_name", "cohort__name"]
    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False
