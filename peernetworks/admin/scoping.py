"""The base every admin page of the programme builds on: hub-scoped rows, role-based rights.

Rows come through the one access scope (`scope_to_hub`); another hub's object answers 404,
not the admin's usual redirect, so a guessed URL reveals nothing.
"""

from django.contrib import admin
from django.http import Http404

from ..access import scope_to_hub
from ..models import Role


class ScopedAdmin(admin.ModelAdmin):
    # What hub staff may do with their own hub's rows; the national coordinator only reads
    # (or edits, for national settings), and nothing of personal data (PERSONAL_DATA models).
    hub_staff_can_add = True
    hub_staff_can_change = True
    hub_staff_can_delete = False
    national_coordinator_can_edit = False

    def get_queryset(self, request):
        return scope_to_hub(super().get_queryset(request), request.user)

    def _scoped_choices(self, db_field, request, kwargs) -> dict:
        # Form choices come through the same scope as rows: another hub's cohorts, users or
        # participants are neither offered nor accepted (validation uses this queryset).
        related = db_field.related_model
        if "queryset" not in kwargs and hasattr(related, "HUB_SCOPE"):
            kwargs["queryset"] = scope_to_hub(
                related._default_manager.all(), request.user
            ).distinct()
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._scoped_choices(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._scoped_choices(db_field, request, kwargs)
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(f"No {opts.verbose_name} with that ID is visible to you.")

    def _role(self, request) -> str | None:
        user = request.user
        if not (user.is_active and user.is_staff):
            return None
        return user.role

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        role = self._role(request)
        if role == Role.NATIONAL_COORDINATOR:
            return not getattr(self.model, "PERSONAL_DATA", False)
        return role == Role.HUB_STAFF

    def _may(self, request, hub_staff_flag: bool) -> bool:
        if request.user.is_superuser:
            return True
        role = self._role(request)
        if role == Role.NATIONAL_COORDINATOR:
            return self.national_coordinator_can_edit
        return role == Role.HUB_STAFF and hub_staff_flag

    def has_add_permission(self, request):
        return self._may(request, self.hub_staff_can_add)

    def has_change_permission(self, request, obj=None):
        return self._may(request, self.hub_staff_can_change)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, self.hub_staff_can_delete)
