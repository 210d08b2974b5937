"""The one access scope: what a signed-in user may see.

Every selector, admin `get_queryset`, export and view narrows its queryset through
`scope_to_hub`, so "another hub's object answers 404" holds everywhere (SPEC §1).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Role


def is_programme_staff(user) -> bool:
    """Hub staff, the national coordinator and system administrators use staff pages."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.HUB_STAFF, Role.NATIONAL_COORDINATOR)
    )


def scope_to_hub(queryset: QuerySet, user) -> QuerySet:
    """Rows of `queryset` this user may see.

    Each scoped model says how it reaches its hub (`HUB_SCOPE`, a lookup path) and whether it
    holds participants' personal data (`PERSONAL_DATA`): the national coordinator reads across
    hubs except personal data (SPEC §1: aggregates only).
    """
    model = queryset.model
    hub_path = model.HUB_SCOPE
    national_reads = not getattr(model, "PERSONAL_DATA", False)
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser or hub_path is None:  # None: national settings every user reads
        return queryset
    if user.role == Role.NATIONAL_COORDINATOR:
        return queryset if national_reads else queryset.none()
    if user.role == Role.HUB_STAFF and user.hub_id:
        return queryset.filter(**{hub_path: user.hub_id})
    return queryset.none()


def staff_required(view: Callable) -> Callable:
    """Staff pages: anonymous users go to the login page; other roles are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_programme_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def hub_staff_required(view: Callable) -> Callable:
    """Pages showing participants' personal data: hub staff (and system administrators) only.
    The national coordinator reads aggregates elsewhere (SPEC §1)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if not (user.is_active and (user.is_superuser or user.role == Role.HUB_STAFF)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
