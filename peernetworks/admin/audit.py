"""The audit trail in the admin (GDPR-5): read-only and append-only, each hub's
staff see their own hub's events (ScopedAdmin), the national coordinator every hub's."""

from django.contrib import admin

from ..models import AuditEvent
from .scoping import ScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    list_display = ["at", "actor_label", "action", "model_label", "description", "count", "hub"]
    list_filter = ["action", "model_label", ("hub", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["hub"]
    search_fields = ["object_id", "actor_label", "description", "request_path"]
    date_hierarchy = "at"
    hub_staff_can_add = hub_staff_can_change = hub_staff_can_delete = False

    def get_exclude(self, request, obj=None):
        # The national coordinator sees what changed, not the values (a hub's record-level
        # business data).
        if request.user.is_national_coordinator and not request.user.is_superuser:
            return ["changes"]
        return super().get_exclude(request, obj)

    # Nobody, not even a system administrator, adds, edits or deletes an event here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
