"""Two-factor sign-in for staff accounts (issue 9 item 2).

Who: hub staff and the national coordinator (settings.MFA_ROLES) and every is_staff or superuser
account. Facilitators and providers sign in with a password only (add their roles to MFA_ROLES
to change that).

How it is enforced: `StaffTwoFactorMiddleware` runs after django-otp's OTPMiddleware on every
request. A signed-in staff account whose session is not verified reaches only the two-factor
pages, sign-out, /healthz and the pages anyone holding a participant's personal link may open;
everything else (the admin included, whichever login view signed them in) is refused: a GET is
redirected to the two-factor page, any other request (a form POST, a JSON call) answers 403.

The pages: setup (an authenticator app, shown as a QR code drawn here, no outside request, and
its key for typing in; confirmed with a 6-digit code; then 10 one-time backup codes, shown once),
verify (a 6-digit code or a backup code; django-otp throttles failures) and backup codes.
"""

from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from math import ceil
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
BACKUP_CODES_SESSION_KEY = "mfa_new_backup_codes"
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

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


# Who must use two-factor sign-in -------------------------------------------------------------


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


# Services ------------------------------------------------------------------------------------


def mfa_app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def mfa_pending_device(*, user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device per user, kept across page loads
    so the QR code does not change under someone scanning it."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk")
    device = pending.first()
    if device is None:
        return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    pending.exclude(pk=device.pk).delete()
    return device


def mfa_backup_codes_issue(*, user) -> list[str]:
    """A fresh set of one-time backup codes (the old ones stop working)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


WRONG_CODE = (
    "That code is not right. Enter the code your authenticator app shows now (it changes every "
    "30 seconds), or one of your backup codes."
)


def throttle_message(device) -> str | None:
    """django-otp doubles the wait after each wrong code: say how long, not just "no"."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    wait = max(1, ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 0
    return (
        f"Too many wrong codes. Wait {wait} seconds, then try again with the code your app "
        "shows at that time."
        if wait
        else "Too many wrong codes. Wait a little, then try again."
    )


def mfa_setup_confirm(*, device: TOTPDevice, token: str) -> tuple[list[str] | None, str | None]:
    """Confirm the authenticator being set up with its current code: it replaces any earlier
    app of the user's, and a new set of backup codes is issued. Returns (codes, error)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if error := throttle_message(device):
            return None, error
        if not device.verify_token(token):
            return None, WRONG_CODE
        device.confirmed = True
        device.name = APP_DEVICE_NAME
        device.save()
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
        codes = mfa_backup_codes_issue(user=device.user)
    return codes, None


def mfa_token_check(*, user, token: str):
    """The device accepting `token` (a 6-digit app code or a backup code), or None and the
    reason. Each device's failures are throttled by django-otp; a backup code works once."""
    model = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        devices = list(
            model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
        )
        error = WRONG_CODE
        for device in devices:
            if throttled := throttle_message(device):
                error = throttled
                continue
            if device.verify_token(token):
                return device, None
    return None, error


def mfa_session_verify(request: HttpRequest, device) -> None:
    """Mark the session verified by `device`, under a new session key (as at sign-in)."""
    request.session.cycle_key()
    otp_login(request, device)


# Forms ---------------------------------------------------------------------------------------


def _normalise(value: str) -> str:
    return "".join(value.split()).replace("-", "").lower()


class SetupCodeForm(forms.Form):
    token = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = _normalise(self.cleaned_data["token"])
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return token


class VerifyCodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app, or a backup code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = _normalise(self.cleaned_data["token"])
        if token.isdigit() and len(token) != 6:
            raise forms.ValidationError("An app code has 6 digits.")
        if not token.isdigit() and not (token.isalnum() and len(token) == 8):
            raise forms.ValidationError(
                "Enter the 6 digits your app shows, or a backup code of 8 letters and digits."
            )
        return token


# Views ---------------------------------------------------------------------------------------


def safe_next(request: HttpRequest) -> str:
    """Where to go after the two-factor step: ?next when it is this site's, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def two_factor_account(view: Callable) -> Callable:
    """The two-factor pages: signed-in accounts that use two-factor sign-in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not mfa_required_for(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _key_for_typing(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@sensitive_post_parameters("token")
@never_cache
@two_factor_account
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. A verified user may replace theirs (a new phone); someone
    who has one but has not verified this session must verify first, so a password alone
    never adds a device."""
    user, next_url = request.user, safe_next(request)
    if mfa_app_device(user) is not None and not is_verified(user):
        return redirect(_with_next("mfa:verify", next_url))
    device = mfa_pending_device(user=user)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes, error = mfa_setup_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            mfa_session_verify(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(_with_next("mfa:backup-codes", next_url))
        form.add_error("token", error)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": qr.svg_inline(
            scale=5, border=4, dark="#000", light="#fff", title="QR code for your authenticator"
        ),
        "key": _key_for_typing(device),
        "replacing": mfa_app_device(user) is not None,
    }
    return render(request, "registration/mfa_setup.html", context)


@sensitive_post_parameters("token")
@never_cache
@two_factor_account
def verify(request: HttpRequest) -> HttpResponse:
    user, next_url = request.user, safe_next(request)
    if is_verified(user):
        return redirect(next_url)
    if mfa_app_device(user) is None:
        return redirect(_with_next("mfa:setup", next_url))
    form = VerifyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = mfa_token_check(user=user, token=form.cleaned_data["token"])
        if device is not None:
            mfa_session_verify(request, device)
            return redirect(next_url)
        form.add_error("token", error)
    return render(request, "registration/mfa_verify.html", {"form": form, "next": next_url})


@never_cache
@two_factor_account
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes are shown once, right after they are made; later visits show how many
    are left and make a new set on request."""
    user, next_url = request.user, safe_next(request)
    if not is_verified(user):
        return redirect(_with_next("mfa:verify", next_url))
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = mfa_backup_codes_issue(user=user)
        return redirect(_with_next("mfa:backup-codes", next_url))
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    remaining = StaticToken.objects.filter(
        device__user=user, device__name=BACKUP_DEVICE_NAME, device__confirmed=True
    ).count()
    context = {"codes": codes, "remaining": remaining, "next": next_url}
    return render(request, "registration/mfa_backup_codes.html", context)
