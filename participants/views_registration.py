"""Public registration for business leaders: no account, phone-friendly (ONB-1..5)."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from peernetworks.models import GrowthHub, ProgrammeYear

from .forms import PrivacyAcknowledgementForm, RegistrationForm
from .models import Participant
from .registration import PrivacyAcknowledgement, registration_submit

SESSION_PRIVACY = "registration_privacy"
SESSION_DONE = "registration_done"


def _open_year() -> ProgrammeYear | None:
    """Registrations join the current programme year; without one, registration is closed."""
    return ProgrammeYear.objects.filter(is_current=True).first()


@never_cache
def privacy_notice(request: HttpRequest, hub_slug: str) -> HttpResponse:
    hub = get_object_or_404(GrowthHub, slug=hub_slug)
    year = _open_year()
    form = PrivacyAcknowledgementForm(request.POST or None)
    if year and request.method == "POST" and form.is_valid():
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
    year = _open_year()
    acknowledgement = request.session.get(SESSION_PRIVACY)
    if not year or not acknowledgement or acknowledgement.get("hub") != hub.slug:
        # ONB-1: nothing personal is asked for before the privacy notice has been acknowledged.
        return redirect("register", hub_slug=hub.slug)
    form = RegistrationForm(
        request.POST or None,
        hub=hub,
        charter_text=year.charter_text,
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
