from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from feedback.views.personal import home_sections
from one_to_one.selectors import (
    progress_by_participant,
    progress_of,
    referrals_of,
    support_services_offered,
)
from participants.links import home_link_open
from participants.models import Participant
from participants.personal_pages import personal_page
from participants.views import staff as participants_staff_views
from quality.views import peer_groups_section
from sessions.selectors import at_risk_participant_ids
from sessions.views import portal_cohort, portal_home

from .health import broker_status, database_status
from .home import staff_home_summary
from .mfa import mfa_required_for
from .models import Role
from .web import selected_year, staff_required


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
        # Where staff find their backup codes and replace a lost phone.
        "two_factor": settings.STAFF_MFA_REQUIRED and mfa_required_for(request.user),
    }
    return render(request, "home.html", context)


def participant_list(request: HttpRequest) -> HttpResponse:
    """The staff participant list (participants) marking who is at risk from two absences in a
    row (SES-8, sessions)."""
    return participants_staff_views.participant_list(request, at_risk_ids=at_risk_participant_ids)


def one_to_one_progress(participant_ids: list[int]) -> dict[int, object]:
    """Each participant's one-to-one progress (OTO-1), in one query."""
    rows = progress_by_participant(Participant.objects.filter(pk__in=participant_ids))
    return {participant.pk: progress_of(participant) for participant in rows}


def facilitator_home(request: HttpRequest) -> HttpResponse:
    """The facilitator portal's home (sessions) with each member's one-to-one hours
    (one_to_one) and the user's peer groups (quality)."""
    return portal_home(
        request, one_to_one_progress=one_to_one_progress, sections=[peer_groups_section]
    )


def facilitator_cohort(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort on the facilitator portal (sessions) with each member's one-to-one hours
    (one_to_one)."""
    return portal_cohort(request, pk, one_to_one_progress=one_to_one_progress)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" or value.startswith("not configured") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@personal_page
def participant_home(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own page, reached through their personal link: their sessions,
    action cards and surveys, and other business support (OTO-8): the directory their hub
    offers and their referrals."""
    participant = home_link_open(token)
    context = {
        "participant": participant,
        **home_sections(participant),
        "support_services": support_services_offered(participant.business.hub_id),
        "referrals": referrals_of(participant),
    }
    return render(request, "participant_home.html", context)
