"""Public registration for business leaders: no account, phone-friendly (ONB-1..5)."""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_ratelimit.core import get_usage

from peernetworks.models import GrowthHub
from peernetworks.security import client_ip
from peernetworks.selectors import RegistrationWindow, registration_window
from peernetworks.web import form_errors_from

from ..forms import PrivacyAcknowledgementForm, RegistrationForm
from ..models import Participant
from ..registration import PrivacyAcknowledgement, registration_submit

SESSION_PRIVACY = "registration_privacy"
SESSION_DONE = "registration_done"


def _too_many(request: HttpRequest, hub: GrowthHub, *, count: bool) -> bool:
    """Registrations from one address to one hub are limited (settings.REGISTRATION_RATE,
    counted in the shared cache): a script cannot flood the hub's list and inbox. Only
    completed registrations count (`count=True` after one), so correcting mistakes never
    uses it up; before saving, the limit is reached once that many have been counted."""
    usage = get_usage(
        request,
        group="registration",
        key=lambda group, request: f"{client_ip(request)}:{hub.slug}",
        rate=settings.REGISTRATION_RATE,
        increment=count,
    )
    return usage is not None and usage["count"] >= usage["limit"]


def _window(hub: GrowthHub) -> RegistrationWindow:
    """PY-3: registrations join the year whose window is open today for this hub."""
    return registration_window(hub, timezone.localdate())


def _closed(request: HttpRequest, hub: GrowthHub, window: RegistrationWindow) -> HttpResponse:
    """Outside the window: a page that says so and when it reopens; nothing is saved."""
    request.session.pop(SESSION_PRIVACY, None)
    return render(request, "participants/register_closed.html", {"hub": hub, "window": window})


@never_cache
def privacy_notice(request: HttpRequest, hub_slug: str) -> HttpResponse:
    hub = get_object_or_404(GrowthHub, slug=hub_slug)
    window = _window(hub)
    if not window.is_open:
        return _closed(request, hub, window)
    year = window.year
    form = PrivacyAcknowledgementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_PRIVACY] = {
            "hub": hub.slug,
            "url": hub.privacy_policy_url,
            "version": hub.privacy_notice_version,
            "at": timezone.now().isoformat(),
        }
        return redirect("register-details", hub_slug=hub.slug)
    return render(
        request, "participants/register_privacy.html", {"hub": hub, "year": year, "form": form}
    )


@never_cache
def registration_details(request: HttpRequest, hub_slug: str) -> HttpResponse:
    hub = get_object_or_404(GrowthHub, slug=hub_slug)
    window = _window(hub)
    if not window.is_open:
        return _closed(request, hub, window)
    year = window.year
    acknowledgement = request.session.get(SESSION_PRIVACY)
    if not acknowledgement or acknowledgement.get("hub") != hub.slug:
        # ONB-1: nothing personal is asked for before the privacy notice has been acknowledged.
        return redirect("register", hub_slug=hub.slug)
    form = RegistrationForm(
        request.POST or None,
        hub=hub,
        year=year,
        application_date=timezone.localdate(),
    )
    if request.method == "POST" and form.filled_by_a_robot:
        # Saved nothing and told nobody; the page reads like any other ending.
        request.session.pop(SESSION_PRIVACY, None)
        return render(request, "participants/register_received.html", {"hub": hub})
    if request.method == "POST" and _too_many(request, hub, count=False):
        return render(request, "participants/register_too_many.html", {"hub": hub}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            participant = registration_submit(
                hub=hub,
                year=year,
                data=form.cleaned_data,
                in_hub_area=form.trading_address_in_area,
                privacy=PrivacyAcknowledgement(
                    url=acknowledgement["url"],
                    version=acknowledgement["version"],
                    at=datetime.fromisoformat(acknowledgement["at"]),
                ),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            _too_many(request, hub, count=True)
            del request.session[SESSION_PRIVACY]
            request.session[SESSION_DONE] = participant.pk
            return redirect("register-done", hub_slug=hub.slug)
    if request.method == "POST" and form.errors:
        messages.error(request, "Please correct the answers marked below.")
    return render(
        request,
        "participants/register_details.html",
        {"hub": hub, "year": year, "form": form, "charter_text": year.charter_text},
    )


def registration_done(request: HttpRequest, hub_slug: str) -> HttpResponse:
    hub = get_object_or_404(GrowthHub, slug=hub_slug)
    participant = (
        Participant.objects.filter(pk=request.session.get(SESSION_DONE), business__hub=hub)
        .select_related("business")
        .first()
    )
    if participant is None:
        return redirect("register", hub_slug=hub.slug)
    return render(
        request, "participants/register_done.html", {"hub": hub, "participant": participant}
    )
