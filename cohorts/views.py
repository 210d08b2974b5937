"""Hub staff's pages for building cohorts (COH-1..4): a cohort's details, the composition advice
as participants are picked, and moving or removing a member. Thin: every rule is in
cohorts/services.py or the pure modules. The cohort list and the cohort page, which show the
schedule too, are the sessions app's (sessions/views/cohorts.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from peernetworks.web import error_messages, hub_staff_required, year_for_new_records

from .composition import composition_advice
from .forms import CohortForm, MoveForm
from .models import Cohort, CohortMembership
from .selectors import (
    allocation_candidates,
    cohorts_for,
    cohorts_with_schedule_totals,
    composition_members,
    current_members,
)
from .services import cohort_remove, participant_move


@hub_staff_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    hub = request.user.hub
    year = year_for_new_records(request)
    if hub is None or year is None:
        messages.error(
            request,
            "New cohorts belong to a running or upcoming programme year, and there is none. "
            "Ask the national coordinator to start the next year.",
        )
        return redirect("cohorts:cohort-list")
    form = CohortForm(request.POST or None, hub=hub, instance=Cohort(hub=hub, programme_year=year))
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, f"{cohort.name} created. Now add participants.")
        return redirect("cohorts:cohort-detail", pk=cohort.pk)
    return render(request, "cohorts/cohort_form.html", {"form": form, "title": "New cohort"})


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(cohorts_with_schedule_totals(cohorts_for(request.user)), pk=pk)


@hub_staff_required
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = CohortForm(request.POST or None, hub=cohort.hub, instance=cohort)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Cohort details saved.")
        return redirect("cohorts:cohort-detail", pk=cohort.pk)
    return render(request, "cohorts/cohort_form.html", {"form": form, "title": f"Edit {cohort}"})


@hub_staff_required
def cohort_advice(request: HttpRequest, pk: int) -> JsonResponse:
    """COH-4 as the selection changes: advice for the members plus the ticked candidates."""
    cohort = _cohort(request, pk)
    # Only whole numbers are participant IDs; anything else is ignored rather than a 500.
    ids = [int(v) for v in request.GET.getlist("participants")[:40] if v.strip().isdigit()]
    chosen = allocation_candidates(request.user, cohort).filter(pk__in=ids)
    members = [
        m.participant for m in current_members(cohort).select_related("participant__equality")
    ]
    advice = composition_advice(
        composition_members(members + list(chosen)), on=timezone.localdate()
    )
    return JsonResponse({"advice": advice, "selected": chosen.count()})


def _membership(request, pk: int) -> CohortMembership:
    return get_object_or_404(
        CohortMembership.objects.filter(
            cohort__in=cohorts_for(request.user), left_at__isnull=True
        ).select_related("cohort", "participant"),
        pk=pk,
    )


@require_POST
@hub_staff_required
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        cohort_remove(membership=membership, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, f"{membership.participant} removed from {membership.cohort}.")
    return redirect("cohorts:cohort-detail", pk=membership.cohort_id)


@require_POST
@hub_staff_required
def membership_move(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = MoveForm(
        request.POST,
        cohorts=cohorts_for(request.user).filter(hub=membership.cohort.hub_id),
        prefix=f"move-{membership.pk}",
    )
    if not form.is_valid():
        error_messages(request, ValidationError(form.errors))
        return redirect("cohorts:cohort-detail", pk=membership.cohort_id)
    try:
        participant_move(
            participant=membership.participant,
            to_cohort=form.cleaned_data["to_cohort"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect("cohorts:cohort-detail", pk=membership.cohort_id)
    messages.success(
        request, f"{membership.participant} moved to {form.cleaned_data['to_cohort']}."
    )
    return redirect("cohorts:cohort-detail", pk=form.cleaned_data["to_cohort"].pk)
