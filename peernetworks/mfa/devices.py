"""A staff account's two-factor devices: the authenticator app (set up, confirmed with its
current code, replacing any earlier one), the one-time backup codes, and checking a code at
sign-in. django-otp throttles failed codes; the messages here say how long to wait."""

from math import ceil

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


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
