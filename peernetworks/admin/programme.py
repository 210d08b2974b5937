"""The programme's structure in the admin: programme years (and starting the next one, PY-4),
each hub's settings per year, clusters, Growth Hubs and user accounts."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..forms import StartYearForm
from ..models import STAFF_SITE_ROLES, Cluster, GrowthHub, HubYear, ProgrammeYear, Role, User
from ..services import programme_year_start
from ..web import form_errors_from
from .scoping import ScopedAdmin

admin.site.site_header = "Peer Networks Admin"
admin.site.site_title = "Peer Networks Admin"
admin.site.index_title = "Programme administration"


class HubYearInline(admin.TabularInline):
    """Each hub's target for the year (PY-1) and any early closing of its registration."""

    model = HubYear
    fields = ["hub", "target_participants", "registration_closed_on"]
    extra = 0
    ordering = ["hub__name"]
    autocomplete_fields = ["hub"]

    def _may_edit(self, request) -> bool:
        return request.user.is_superuser or request.user.is_national_coordinator

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return False


def may_start_years(user) -> bool:
    """PY-4: the national coordinator or a system administrator starts a new year."""
    return user.is_active and (user.is_superuser or user.is_national_coordinator)


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(ScopedAdmin):
    list_display = ["name", "start", "end", "shown_status", "target_participants", "cohort_max"]
    search_fields = ["name"]
    hub_staff_can_add = hub_staff_can_change = False
    national_coordinator_can_edit = True
    inlines = [HubYearInline]
    actions = ["start_next_year"]
    change_form_template = "admin/peernetworks/programmeyear/change_form.html"

    @admin.display(description="Status")
    def shown_status(self, obj) -> str:
        return obj.get_status_display()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_start_years(request.user):
            actions.pop("start_next_year", None)
        return actions

    @admin.action(description="Start the next programme year from the selected year")
    def start_next_year(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Select exactly one year to start the next one from.", messages.ERROR
            )
            return None
        return redirect("admin:peernetworks_programmeyear_start_next", queryset.get().pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_start_next": may_start_years(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/start-next/",
                self.admin_site.admin_view(self.start_next_view),
                name="peernetworks_programmeyear_start_next",
            ),
            *super().get_urls(),
        ]

    def start_next_view(self, request, pk: int):
        """PY-4 as one staff action: a form with the new year's name and dates."""
        if not may_start_years(request.user):
            raise PermissionDenied
        source = get_object_or_404(ProgrammeYear, pk=pk)
        form = StartYearForm(request.POST or None, from_year=source)
        if request.method == "POST" and form.is_valid():
            try:
                year = programme_year_start(from_year=source, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                self.message_user(
                    request,
                    f"{year.name} has been started with {source.name}'s numbers, charter, "
                    "survey questions and hub targets. Review them below and save any changes.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:peernetworks_programmeyear_change", args=[year.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Start the programme year after {source.name}",
            "source": source,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/peernetworks/programmeyear/start_next.html", context
        )

    fieldsets = [
        (
            None,
            {"fields": ["name", "start", "end", "registration_opens_on", "target_participants"]},
        ),
        (
            "Cohorts and group sessions",
            {
                "fields": [
                    "cohort_max",
                    "group_hours_required",
                    "session_hours_recommended_min",
                    "session_hours_recommended_max",
                    "session_hours_absolute_min",
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
        ("Participant Charter", {"fields": ["charter_text"]}),
        (
            "Surveys and quality",
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


@admin.register(HubYear)
class HubYearAdmin(ScopedAdmin):
    """Each hub's settings per year: hub staff close (or reopen) their own registration when
    they have all the places they can offer (PY-3); targets are national decisions."""

    list_display = ["hub", "programme_year", "target_participants", "registration_closed_on"]
    list_filter = ["programme_year"]
    list_select_related = ["hub", "programme_year"]
    search_fields = ["hub__name"]
    hub_staff_can_add = False
    national_coordinator_can_edit = True

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or request.user.is_national_coordinator:
            return []
        return ["hub", "programme_year", "target_participants"]


@admin.register(Cluster)
class ClusterAdmin(ScopedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    hub_staff_can_add = hub_staff_can_change = False
    national_coordinator_can_edit = True


@admin.register(GrowthHub)
class GrowthHubAdmin(ScopedAdmin):
    list_display = ["name", "slug", "cluster"]
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
        return ["slug", "name", "cluster"]


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
