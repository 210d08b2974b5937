"""Admin for surveys and feedback (SUR). Questions are national data: the national coordinator
(and system administrators) edit them, hub staff read them. Responses are hub-scoped and
read-only: participants give them through their links, nobody edits them afterwards."""

from django.contrib import admin

from peernetworks.admin.scoping import ScopedAdmin

from .models import SessionFeedback, SurveyAnswer, SurveyQuestion, SurveyResponse


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["topic", "kind", "programme_year", "answer_type", "order", "is_active"]
    list_filter = ["programme_year", "kind", "answer_type", "is_active"]
    list_select_related = ["programme_year"]
    search_fields = ["topic", "text"]
    ordering = ["programme_year", "kind", "order", "pk"]

    def _national(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.is_national_coordinator)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return self._national(request)

    def has_change_permission(self, request, obj=None):
        return self._national(request)

    def has_delete_permission(self, request, obj=None):
        # Answered questions are protected (answers keep a copy, but the link stays); untick
        # "is active" to stop asking one.
        return self._national(request) and (obj is None or not obj.answers.exists())


class ReadOnlyResponsesAdmin(ScopedAdmin):
    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False

    def has_add_permission(self, request):
        return False  # responses come from participants' links only

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(ReadOnlyResponsesAdmin):
    list_display = [
        "participant",
        "session",
        "satisfaction",
        "relevance",
        "facilitation",
        "submitted_on",
    ]
    list_filter = ["submitted_on", "satisfaction", "participant__business__hub"]
    list_select_related = ["participant", "session__cohort"]
    search_fields = [
        "participant__first_name",
        "participant__last_name",
        "session__cohort__name",
        "what_worked",
        "what_to_improve",
    ]
    date_hierarchy = "submitted_on"


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    fields = ["topic", "question_text", "score", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyResponsesAdmin):
    list_display = [
        "participant",
        "kind",
        "invited_at",
        "completed_on",
        "employees",
        "turnover_gbp",
        "reminders_sent",
    ]
    list_filter = ["kind", "completed_on", "participant__business__hub"]
    list_select_related = ["participant"]
    search_fields = ["participant__first_name", "participant__last_name", "participant__email"]
    inlines = [SurveyAnswerInline]
