"""Public registration for business leaders: no account, phone-friendly (ONB-1..5)."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from peernetworks.models import GrowthHub
from peernetworks.selectors import RegistrationWindow, registration_window

from .forms import PrivacyAcknowledgementForm, RegistrationForm
from .models import Participant
from .registration import PrivacyAcknowledgement, registration_submit

SESSION_PRIVACY = "registration_privacy"
SESSION_DONE = "registration_done"


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
            for field, message in error.message_dict.items():
                form.add_error(field if field in form.fields else None, message)
        else:
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
