"""Admin for what the facilitator portal records: attendance, absence follow-ups, notes,
action cards, disengagement reports and referrals. Read only: the portal's services are the
one way these change, keeping the audit trail (SES-7, GDPR-5) and opening follow-ups (SES-8).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from peernetworks.admin.scoping import ScopedAdmin

from ..models import (
    AbsenceFollowUp,
    ActionCard,
    Attendance,
    AttendanceChange,
    DisengagementReport,
    PresenterNote,
    SessionNote,
    SupportReferral,
)
from ..services import support_referral_acknowledge

PARTICIPANT_SEARCH = ["participant__first_name", "participant__last_name", "participant__email"]


class RecordAdmin(ScopedAdmin):
    """Read only for everyone: the portal's services are the one way these change."""

    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttendanceChangeInline(admin.TabularInline):
    model = AttendanceChange
    fields = ["changed_at", "changed_by", "old_status", "new_status", "old_minutes", "new_minutes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attendance)
class AttendanceAdmin(RecordAdmin):
    list_display = ["participant", "session", "status", "minutes_attended", "recorded_at"]
    list_filter = ["status", "session__status", "session__cohort__hub"]
    list_select_related = ["participant", "session", "session__cohort"]
    search_fields = [*PARTICIPANT_SEARCH, "session__cohort__name"]
    date_hierarchy = "session__starts_at"
    inlines = [AttendanceChangeInline]


@admin.register(AbsenceFollowUp)
class AbsenceFollowUpAdmin(RecordAdmin):
    list_display = ["attendance", "opened_at", "closed_at", "closed_by"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "attendance__status"]
    list_select_related = [
        "attendance__participant",
        "attendance__session__cohort",
        "closed_by",
    ]
    search_fields = [f"attendance__{field}" for field in PARTICIPANT_SEARCH]


class PresenterNoteInline(admin.TabularInline):
    model = PresenterNote
    fields = ["participant", "issue"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SessionNote)
class SessionNoteAdmin(RecordAdmin):
    list_display = ["session", "written_by", "updated_at"]
    list_select_related = ["session", "session__cohort", "written_by"]
    search_fields = ["session__cohort__name", "process_issues", "hot_topics"]
    inlines = [PresenterNoteInline]


@admin.register(ActionCard)
class ActionCardAdmin(RecordAdmin):
    list_display = ["participant", "session", "report_status", "reported_at"]
    list_filter = ["report_status", "reported_by_participant"]
    list_select_related = ["participant", "session", "session__cohort"]
    search_fields = [*PARTICIPANT_SEARCH, "actions"]


@admin.register(DisengagementReport)
class DisengagementReportAdmin(RecordAdmin):
    list_display = ["participant", "cohort", "reported_at", "outcome", "decide"]
    list_filter = ["outcome"]
    list_select_related = ["participant", "cohort", "reported_by"]
    search_fields = [*PARTICIPANT_SEARCH, "cohort__name"]

    @admin.display(description="Decision")
    def decide(self, obj):
        # SES-8: staff confirm a drop-out on the review page, through the service.
        url = reverse("facilitator:disengagement-review", args=[obj.pk])
        return format_html('<a href="{}">Review</a>', url)


@admin.register(SupportReferral)
class SupportReferralAdmin(RecordAdmin):
    list_display = ["participant", "cohort", "referred_by", "referred_at", "acknowledged_at"]
    list_filter = [("acknowledged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["participant", "cohort", "referred_by"]
    search_fields = [*PARTICIPANT_SEARCH, "cohort__name", "reason"]
    actions = ["acknowledge"]

    @admin.action(description="Acknowledge the selected referrals")
    def acknowledge(self, request, queryset):
        for referral in queryset:
            support_referral_acknowledge(referral=referral, by=request.user)
        self.message_user(request, f"Acknowledged {len(queryset)} referral(s).")
