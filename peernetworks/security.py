"""Who is signing in from where: the client's IP behind the reverse proxy, and the login
lockout's tiers for django-axes."""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings

logger = logging.getLogger(__name__)

# (failures at least, cool-off): 5 failures lock for 15 minutes, 10 for an hour, 20 for a day.
TIERS = [(20, timedelta(hours=24)), (10, timedelta(hours=1)), (0, timedelta(minutes=15))]


def cooloff_for(failures: int) -> timedelta:
    return next(period for threshold, period in TIERS if failures >= threshold)


def lockout_cooloff(request) -> timedelta:
    """AXES_COOLOFF_TIME: longer lockouts for the same username and IP failing again."""
    from axes.models import AccessAttempt

    username = request.POST.get("username", "") if request is not None else ""
    ip_address = getattr(request, "axes_ip_address", None)
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    return cooloff_for(attempt.failures_since_start if attempt else 0)


def _address(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the person making the request (AXES_CLIENT_IP_CALLABLE).

    Without a proxy (PROXY_COUNT 0) it is REMOTE_ADDR and forwarding headers are ignored: a
    client could write anything in them. Behind PROXY_COUNT trusted proxies, each of which
    appends the address it received the request from to X-Forwarded-For, the client is the
    PROXY_COUNT-th entry from the right. That reads both proxy behaviours correctly: one that
    replaces the header with the single client address, and one that appends to whatever the
    client sent (entries to the left of the trusted ones are the client's own words and are
    never used). A header that is missing, too short or not an address falls back to
    REMOTE_ADDR (the proxy's address), so a lockout still holds for that username.
    """
    meta = getattr(request, "META", {})
    remote = _address(meta.get("REMOTE_ADDR"))
    proxies = settings.PROXY_COUNT
    if not proxies:
        return remote
    entries = [entry for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < proxies:
        logger.warning(
            "X-Forwarded-For has %d entries behind %d trusted proxies; using REMOTE_ADDR.",
            len(entries),
            proxies,
        )
        return remote
    return _address(entries[-proxies]) or remote
