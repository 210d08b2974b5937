"""Who must use two-factor sign-in, and its enforcement on every request.

Who: hub staff and the national coordinator (settings.MFA_ROLES) and every is_staff or superuser
account. Facilitators and providers sign in with a password only (add their roles to MFA_ROLES
to change that).

How: `StaffTwoFactorMiddleware` runs after django-otp's OTPMiddleware on every request. A
signed-in staff account whose session is not verified reaches only the two-factor pages,
sign-out, /healthz and the pages anyone holding a participant's personal link may open;
everything else (the admin included, whichever login view signed them in) is refused: a GET is
redirected to the two-factor page, any other request (a form POST, a JSON call) answers 403.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

# Pages an unverified staff session may still open (URL names; a namespace opens all its pages):
# the two-factor pages themselves, sign-out, the health check, and the participants' personal
# links and public registration (open to anyone holding the link, so nothing is gained).
OPEN_NAMESPACES = {"mfa", "my"}
OPEN_VIEWS = {
    "logout",
    "healthz",
    "register",
    "register-details",
    "register-done",
    "cohorts:participant-calendar",
    "quality:alumni-page",
}


def mfa_required_for(user) -> bool:
    """Staff accounts: MFA_ROLES, and any is_staff or superuser account whatever its role."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or getattr(user, "role", "") in settings.MFA_ROLES)
    )


def is_verified(user) -> bool:
    """The session was confirmed with one of the user's devices (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def is_open_view(match) -> bool:
    return match is not None and (
        match.view_name in OPEN_VIEWS or bool(set(match.namespaces) & OPEN_NAMESPACES)
    )


def verify_url(next_url: str = "") -> str:
    url = reverse("mfa:verify")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class StaffTwoFactorMiddleware:
    """Unverified staff sessions reach nothing but the open pages (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_MFA_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not mfa_required_for(user) or is_verified(user):
            return None
        if is_open_view(request.resolver_match):
            return None
        wants_json = "application/json" in request.headers.get("Accept", "")
        if request.method not in ("GET", "HEAD") or wants_json:
            return HttpResponseForbidden(
                "Two-factor sign-in is needed: enter the code from your authenticator app at "
                + reverse("mfa:verify"),
                content_type="text/plain; charset=utf-8",
            )
        return redirect(verify_url(request.get_full_path()))
