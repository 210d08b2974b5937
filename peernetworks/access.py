"""The one access scope: what a signed-in user may see, and which pages each role uses.

Every selector, admin `get_queryset`, export and view narrows its queryset through
`scope_to_hub`, so "another hub's object answers 404" holds everywhere (SPEC §1). The role
predicates below decide who may open which pages; the decorators that apply them to views are
in `peernetworks.web`.
"""

from django.db.models import QuerySet

from .models import Role


def is_programme_staff(user) -> bool:
    """Hub staff, the national coordinator and system administrators use staff pages."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.HUB_STAFF, Role.NATIONAL_COORDINATOR)
    )


def may_see_personal_data(user) -> bool:
    """Pages showing participants' personal data: hub staff (and system administrators) only.
    The national coordinator reads aggregates elsewhere (SPEC §1)."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role == Role.HUB_STAFF)
    )


def may_use_portal(user) -> bool:
    """The facilitator portal: facilitators, and hub staff for their hub's cohorts. The
    national coordinator reads no participant data (SPEC §1) and providers have their own
    pages."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.FACILITATOR, Role.HUB_STAFF))
    )


def is_provider(user) -> bool:
    """The provider portal: signed-in, active providers."""
    return user.is_authenticated and user.is_active and user.role == Role.PROVIDER


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
