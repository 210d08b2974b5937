"""Helpers the pages of every app share: who may open a page (the role decorators), which
programme year a staff page shows (PY-2), and a service's refusal shown on a form or as
messages."""

from collections.abc import Callable, Mapping
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from .access import is_programme_staff, is_provider, may_see_personal_data, may_use_portal
from .models import ProgrammeYear, YearStatus

# Who may open a page ------------------------------------------------------------------------


def role_required(view: Callable, allowed: Callable[[object], bool]) -> Callable:
    """The guard of every page for signed-in users: anonymous users go to the login page,
    signed-in users `allowed` refuses get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view: Callable) -> Callable:
    """Staff pages: hub staff, the national coordinator and system administrators."""
    return role_required(view, is_programme_staff)


def hub_staff_required(view: Callable) -> Callable:
    """Pages showing participants' personal data: hub staff (and system administrators) only."""
    return role_required(view, may_see_personal_data)


def portal_required(view: Callable) -> Callable:
    """The facilitator portal's pages, and the pages other apps add to it: facilitators and
    hub staff."""
    return role_required(view, may_use_portal)


def provider_required(view: Callable) -> Callable:
    """The provider portal's pages: providers."""
    return role_required(view, is_provider)


# Which programme year ------------------------------------------------------------------------

YEAR_PARAMETER = "year"


def selected_year(request: HttpRequest) -> ProgrammeYear | None:
    """The year picked with ``?year=<name>``, else the running year, else the latest closed
    one (PY-2). Read once per request."""
    if not hasattr(request, "_programme_year"):
        name = request.GET.get(YEAR_PARAMETER, "").strip()
        year = ProgrammeYear.objects.filter(name=name).first() if name else None
        request._programme_year = year or ProgrammeYear.current()
    return request._programme_year


def year_for_new_records(request: HttpRequest) -> ProgrammeYear | None:
    """Where new cohorts go: the picked year unless it has closed, else the running year,
    else the next upcoming one."""
    year = selected_year(request)
    if year is not None and year.status() != YearStatus.CLOSED:
        return year
    today = timezone.localdate()
    return ProgrammeYear.objects.filter(end__gte=today).order_by("start").first()


# A service's refusal ---------------------------------------------------------------------------


def _messages_by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def form_errors_from(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    field_map: Mapping[str, str] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """A service's refusal on the form that was submitted: each field's messages on that field
    (or on the field `field_map` names for it) when the form has it, the rest as errors of the
    whole form, or, given the `request`, as messages (for a page that may not show the form
    again). The form keeps what the user typed and chose, so the page shows it again."""
    field_map = field_map or {}
    for name, errors in _messages_by_field(error).items():
        field = field_map.get(name, name)
        if field in form.fields or request is None:
            form.add_error(field if field in form.fields else None, errors)
        else:
            for message in errors:
                messages.error(request, message)


def error_messages(request: HttpRequest, error: ValidationError, *, named: bool = True) -> None:
    """A service's refusal as messages, for a page with no form to show it on: one a message,
    `named` by its field ("Starts at: ...") unless it is about the whole."""
    for name, errors in _messages_by_field(error).items():
        prefix = f"{name.replace('_', ' ').capitalize()}: " if named else ""
        for message in errors:
            messages.error(request, message if name == NON_FIELD_ERRORS else prefix + message)


def form_error_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form's errors as messages, for a page that redirects: each named by its field's
    label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)
