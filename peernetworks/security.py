"""Login lockout tiers for django-axes (issue 9)."""

from datetime import timedelta

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
