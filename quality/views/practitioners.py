"""Facilitator and provider records (Annex 1, QM-4): the list, each person's page, their
profile and the Annex 1 checklist.

Thin views for hub staff: reads go through quality/selectors (the access scope: another hub's
object is a 404), writes through quality/services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from peernetworks.models import User
from peernetworks.web import error_messages, form_errors_from, hub_staff_required

from .. import selectors, services
from ..forms import PractitionerProfileForm, ProfileChecklistForm
from ..models import PractitionerProfile, ProfileCheck


@hub_staff_required
def practitioner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quality/practitioner_list.html",
        {"rows": selectors.practitioner_rows(request.user)},
    )


def _practitioner(request, pk: int) -> User:
    return get_object_or_404(selectors.practitioners_for(request.user), pk=pk)


@hub_staff_required
def practitioner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = selectors.practitioner_page(request.user, pk)
    except User.DoesNotExist as missing:
        raise Http404("No such facilitator or provider in your hub.") from missing
    return render(request, "quality/practitioner_detail.html", {"page": page})


def _existing_profile(practitioner) -> PractitionerProfile:
    """The saved profile, or an empty one to show: a GET writes nothing."""
    profile = getattr(practitioner, "practitioner_profile", None)
    return profile or PractitionerProfile(user=practitioner)


@hub_staff_required
def practitioner_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practitioner = _practitioner(request, pk)
    form = PractitionerProfileForm(request.POST or None, instance=_existing_profile(practitioner))
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.practitioner_profile_for(practitioner)
            services.practitioner_profile_save(profile=profile, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Profile saved.")
            return redirect("quality:practitioner-detail", pk=practitioner.pk)
    return render(
        request, "quality/profile_form.html", {"form": form, "practitioner": practitioner}
    )


@hub_staff_required
def practitioner_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    practitioner = _practitioner(request, pk)
    checks = {c.code: c for c in ProfileCheck.objects.filter(profile__user=practitioner)}
    form = ProfileChecklistForm(request.POST or None, role=practitioner.role, checks=checks)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_checklist_save(
                profile=services.practitioner_profile_for(practitioner),
                entries=form.entries(),
                by=request.user,
            )
        except ValidationError as error:
            error_messages(request, error, named=False)
        else:
            messages.success(request, "Annex 1 checklist saved.")
            return redirect("quality:practitioner-detail", pk=practitioner.pk)
    return render(
        request, "quality/checklist_form.html", {"form": form, "practitioner": practitioner}
    )
