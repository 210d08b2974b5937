"""Admin for the schedule: sessions, topics and quality observations."""

from django.contrib import admin
from django.db.models import Q
from django.http import Http404

from peernetworks.admin.scoping import ScopedAdmin

from ..models import Observation, Session, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The BEIS core topics and facilitators' own: national data any staff user may add to."""

    list_display = ["name", "hub", "is_core", "is_active"]
    list_filter = ["is_core", "is_active"]
    readonly_fields = ["hub"]
    search_fields = ["name"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404("No topic with that ID is visible to you.")  # another hub's: 404

    def get_queryset(self, request):
        # National topics for everyone; a hub's written-in topics for that hub's staff only.
        topics = super().get_queryset(request).select_related("hub")
        user = request.user
        if user.is_superuser:
            return topics
        if user.hub_id:
            return topics.filter(Q(hub__isnull=True) | Q(hub_id=user.hub_id))
        return topics.filter(hub__isnull=True)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.is_national_coordinator

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Session)
class SessionAdmin(ScopedAdmin):
    list_display = [
        "__str__",
        "starts_at",
        "duration_hours",
        "status",
        "joining_instructions_sent_at",
    ]
    list_filter = ["status", "cohort__hub", "delivery_mode"]
    list_select_related = ["cohort"]
    search_fields = ["cohort__name", "ref"]
    autocomplete_fields = ["cohort", "topics"]
    date_hierarchy = "starts_at"


@admin.register(Observation)
class ObservationAdmin(ScopedAdmin):
    list_display = ["session", "observer", "method", "notice_given_at", "completed_on"]
    list_filter = ["method", "session__cohort__hub"]
    list_select_related = ["session__cohort", "observer"]
    search_fields = ["session__cohort__name"]
    autocomplete_fields = ["session", "observer"]
