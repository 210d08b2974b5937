from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import (
    admin_audit,  # noqa: F401  the audit trail, read-only (GDPR-5)
    admin_outbox,  # noqa: F401  tasks kept for later: system administrators
    mfa_admin,  # noqa: F401  two-factor devices: reset by the national coordinator
)
from .admin_scoping import ScopedAdmin
from .models import STAFF_SITE_ROLES, Cluster, GrowthHub, ProgrammeYear, Role, User

admin.site.site_header = "Peer Networks Admin"
admin.site.site_title = "Peer Networks Admin"
admin.site.index_title = "Programme administration"


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(ScopedAdmin):
    list_display = ["name", "start", "end", "is_current", "target_participants", "cohort_max"]
    list_filter = ["is_current"]
    search_fields = ["name"]
    hub_staff_can_add = hub_staff_can_change = False
    national_coordinator_can_edit = True
    fieldsets = [
        (None, {"fields": ["name", "start", "end", "is_current", "target_participants"]}),
        (
            "Cohorts and group sessions",
            {
                "fields": [
                    "cohort_max",
                    "group_hours_required",
                    "session_hours_recommended_min",
                    "session_hours_recommended_max",
                    "session_hours_absolute_max",
                    "default_session_interval_days",
                    "joining_instructions_notice_hours",
                    "observation_notice_hours",
                ]
            },
        ),
        (
            "One-to-one support",
            {"fields": ["one_to_one_minimum_hours", "one_to_one_window_months"]},
        ),
        (
            "Eligibility",
            {
                "fields": [
                    "sme_max_employees",
                    "sme_max_turnover_gbp",
                    "sme_max_balance_sheet_gbp",
                    "min_trading_years",
                    "min_employees",
                    "min_turnover_gbp",
                ]
            },
        ),
        (
            "Reporting and data",
            {"fields": ["kpi_due_day", "feedback_link_days", "retention_years"]},
        ),
        (
            "Surveys and quality (SUR-5, issue 11)",
            {
                "fields": [
                    "survey_reminders_max",
                    "survey_reminder_gap_days",
                    "low_satisfaction_threshold",
                    "quality_item_days_to_resolve",
                    "post_completion_survey_days",
                    "six_month_survey_months",
                    "alumni_link_days",
                ]
            },
        ),
    ]


@admin.register(Cluster)
class ClusterAdmin(ScopedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    hub_staff_can_add = hub_staff_can_change = False
    national_coordinator_can_edit = True


@admin.register(GrowthHub)
class GrowthHubAdmin(ScopedAdmin):
    list_display = ["name", "slug", "cluster", "target_participants"]
    list_filter = ["cluster"]
    list_select_related = ["cluster"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["cluster"]
    hub_staff_can_add = False
    national_coordinator_can_edit = True

    def get_readonly_fields(self, request, obj=None):
        # Hub staff keep their own contact details current; the hub's identity and target are
        # national decisions.
        if request.user.is_superuser or request.user.is_national_coordinator:
            return []
        return ["slug", "name", "cluster", "target_participants"]


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "hub", "is_active"]
    list_filter = ["role", "hub", "is_active"]
    list_select_related = ["hub"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["hub"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email"]}),
        ("Programme role", {"fields": ["role", "hub", "is_active"]}),
        ("System", {"fields": ["is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Programme role", {"fields": ["role", "hub"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [fs for fs in fieldsets if fs[0] != "System"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return ["hub", "last_login", "date_joined"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # Hub staff create accounts for their own hub's team, never a national role.
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [
                (value, label)
                for value, label in Role.choices
                if value in (Role.HUB_STAFF, Role.FACILITATOR, Role.PROVIDER)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.hub = request.user.hub
        if obj.role:
            obj.is_staff = obj.role in STAFF_SITE_ROLES  # staff-site access follows the role
        super().save_model(request, obj, form, change)
