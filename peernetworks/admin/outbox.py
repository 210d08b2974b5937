"""The task outbox in the admin: system administrators see what is waiting and
why, and send parked emails again once the mail server is mended. The rows name tasks and
record ids, not people, but they are operations data: system administrators only."""

from django.contrib import admin, messages

from ..models import PendingTask
from ..queue import pending_tasks_retry


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "args", "created_at", "attempts", "parked", "last_error_short"]
    list_filter = ["parked", "task"]
    readonly_fields = ["task", "args", "created_at", "attempts", "parked", "last_error"]
    actions = ["send_again"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # only the queue keeps tasks

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="last error")
    def last_error_short(self, obj) -> str:
        return obj.last_error[:120]

    @admin.action(description="Send again now")
    def send_again(self, request, queryset):
        chosen = queryset.count()
        sent = pending_tasks_retry(parked=True, only=queryset)
        level = messages.SUCCESS if sent == chosen else messages.WARNING
        self.message_user(request, f"{sent} of {chosen} task(s) sent.", level)
