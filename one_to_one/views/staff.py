"""Staff pages for one-to-one support: progress per cohort and participant (OTO-1), who is
short of the minimum after their cohort ended, assigning providers, and existing-provision
hours reported by other programmes (OTO-4). Lists run a constant number of queries."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.selectors import cohorts_for
from peernetworks.web import selected_year, staff_required

from ..forms import AssignProviderForm, ExistingProvisionForm, form_apply
from ..models import Route
from ..selectors import (
    action_plans_for,
    cohort_progress,
    cohorts_progress,
    declarations_for,
    one_to_one_sessions_for,
    participants_for_provider,
    progress_rows,
    provider_assignments_for,
    providers_of_hub,
    referrals_for,
    short_of_minimum_after_cohort_end,
    support_declined_for,
)
from ..services import one_to_one_log, provider_assign
from ..templatetags.one_to_one_tags import hours


def _cohorts(user):
    # Participant-level progress is personal data: not for the national coordinator (SPEC §1).
    cohorts = cohorts_for(user).order_by("name", "pk")
    return cohorts.none() if user.is_national_coordinator else cohorts


@staff_required
def progress(request: HttpRequest) -> HttpResponse:
    # PY-1, PY-2: one programme year's cohorts, the picked one or the default.
    cohorts = _cohorts(request.user).filter(programme_year=selected_year(request))
    return render(
        request,
        "one_to_one/staff_progress.html",
        {"cohorts": cohorts_progress(cohorts, request.user)},
    )


@staff_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(_cohorts(request.user), pk=pk)
    return render(
        request,
        "one_to_one/staff_cohort.html",
        {"summary": cohort_progress(cohort, request.user)},
    )


@staff_required
def short_of_minimum(request: HttpRequest) -> HttpResponse:
    # PY-1, PY-2: the picked (or default) year's participants only.
    year = selected_year(request)
    rows = short_of_minimum_after_cohort_end(request.user, year=year) if year else []
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "one_to_one/staff_short.html", {"page": page})


def _providers(request, participant):
    return providers_of_hub(participant.business.hub_id)


def _participant_page(request, participant, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    row = progress_rows(participants_for_provider(user).filter(pk=participant.pk))[0]
    context = {
        "participant": participant,
        "row": row,
        "sessions": one_to_one_sessions_for(user).filter(participant=participant),
        "assignments": provider_assignments_for(user).filter(participant=participant),
        "plan": action_plans_for(user).filter(participant=participant).first(),
        "referrals": referrals_for(user).filter(participant=participant),
        "declarations": declarations_for(user).filter(participant=participant),
        "declined": support_declined_for(user).filter(participant=participant).first(),
        "assign_form": forms.get("assign_form")
        or AssignProviderForm(prefix="assign", providers=_providers(request, participant)),
        "existing_form": forms.get("existing_form") or ExistingProvisionForm(prefix="existing"),
    }
    return render(request, "one_to_one/staff_participant.html", context, status=status)


def _participant(request, pk: int):
    return get_object_or_404(participants_for_provider(request.user), pk=pk)


@staff_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _participant_page(request, _participant(request, pk))


@require_POST
@staff_required
def participant_assign(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = AssignProviderForm(
        request.POST, prefix="assign", providers=_providers(request, participant)
    )
    assignment = form_apply(
        form,
        lambda data: provider_assign(
            participant=participant, provider=data["provider"], by=request.user
        ),
    )
    if assignment is None:
        messages.error(request, "Provider not assigned: see the form below.")
        return _participant_page(request, participant, assign_form=form)
    messages.success(request, f"{assignment.provider} now supports {participant}.")
    return redirect("one_to_one:participant-detail", pk=participant.pk)


@require_POST
@staff_required
def existing_provision_record(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    form = ExistingProvisionForm(request.POST, prefix="existing")
    result = form_apply(
        form,
        lambda data: one_to_one_log(
            participant=participant,
            date=data["date"],
            hours=data["hours"],
            route=Route.EXISTING_PROVISION,
            existing_programme=data["existing_programme"],
            nature_of_support=data["nature_of_support"],
            notes=data["notes"],
            recorded_by=request.user,
        ),
    )
    if result is None:
        messages.error(request, "Not recorded: see the form below.")
        return _participant_page(request, participant, existing_form=form)
    for warning in result.warnings:
        messages.warning(request, warning)
    messages.success(
        request,
        f"Recorded {hours(result.session.hours)} h from {result.session.existing_programme}.",
    )
    return redirect("one_to_one:participant-detail", pk=participant.pk)
