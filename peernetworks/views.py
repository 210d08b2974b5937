from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import staff_required
from .health import broker_status, database_status
from .home import staff_home_summary
from .mfa import mfa_required_for
from .models import Role
from .web import selected_year


def home(request: HttpRequest) -> HttpResponse:
    """Everyone signs in at one place and lands on their own start page."""
    role = getattr(request.user, "role", "")
    if role == Role.FACILITATOR:
        return redirect("facilitator:home")
    if role == Role.PROVIDER:
        return redirect("one_to_one:provider-home")
    return staff_home(request)


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    context = {
        "summary": staff_home_summary(request.user, selected_year(request)),
        # Where staff find their backup codes and replace a lost phone (issue 9 item 2).
        "two_factor": settings.STAFF_MFA_REQUIRED and mfa_required_for(request.user),
    }
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" or value.startswith("not configured") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
