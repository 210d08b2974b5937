"""Two-factor devices in the admin: resetting someone's two-factor sign-in.

django-otp registers its own admin pages, which show each device's secret key and QR code to
anyone with Django's permissions. These replace them: nobody adds or edits a device here (people
set up their own app at /accounts/two-factor/setup/); system administrators and the national
coordinator see who has which device and delete a lost one, after which its owner sets up a new
app at their next sign-in. Hub staff cannot reset anyone (not even in their own hub), and the
national coordinator cannot touch system administrators' devices.
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Role


class DeviceResetAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields

    def _may_reset(self, request) -> bool:
        user = request.user
        return user.is_active and (
            user.is_superuser or (user.is_staff and user.role == Role.NATIONAL_COORDINATOR)
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(user__is_superuser=False)
        return queryset

    def has_module_permission(self, request):
        return self._may_reset(request)

    def has_view_permission(self, request, obj=None):
        return self._may_reset(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_reset(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def register(site=admin.site) -> None:
    """Replace django-otp's registrations (whichever app's admin module loaded first)."""
    for model in (TOTPDevice, StaticDevice):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, DeviceResetAdmin)


register()
