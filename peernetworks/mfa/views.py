"""The two-factor pages, under /accounts/two-factor/: setup (an authenticator app, shown as a
QR code drawn here, no outside request, and its key for typing in; confirmed with a 6-digit
code; then 10 one-time backup codes, shown once), verify (a 6-digit code or a backup code) and
backup codes."""

from base64 import b32encode
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..web import role_required
from .devices import (
    BACKUP_DEVICE_NAME,
    mfa_app_device,
    mfa_backup_codes_issue,
    mfa_pending_device,
    mfa_session_verify,
    mfa_setup_confirm,
    mfa_token_check,
)
from .forms import SetupCodeForm, VerifyCodeForm
from .middleware import is_verified, mfa_required_for

BACKUP_CODES_SESSION_KEY = "mfa_new_backup_codes"


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
    return role_required(view, mfa_required_for)


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
