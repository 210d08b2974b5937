"""Staff pages for participants: the list (who is ready), a participant's decision and the
hub's actions on it. Every lookup goes through the access scope: another hub's is a 404."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peernetworks.web import form_error_messages, form_errors_from, selected_year, staff_required

from ..forms import CrossLepAgreementForm, DiscretionForm, ViabilityForm
from ..models import EligibilityOutcome, Participant
from ..selectors import participants_for
from ..services import (
    business_possible_duplicates,
    business_record_cross_lep_agreement,
    business_record_viability,
    participant_record_discretion,
)

LIST_FILTERS = {
    "ready": lambda qs: qs.ready_for_cohort(),
    "discretion_pending": lambda qs: qs.filter(
        eligibility_outcome=EligibilityOutcome.NEEDS_DISCRETION, discretion_decision=""
    ),
    "covid": lambda qs: qs.filter(eligibility_flexibilities__contains="covid"),
    "creative": lambda qs: qs.filter(eligibility_flexibilities__contains="creative"),
    **{
        outcome.value: (lambda qs, value=outcome.value: qs.filter(eligibility_outcome=value))
        for outcome in EligibilityOutcome
    },
}


@staff_required
def participant_list(
    request: HttpRequest, *, at_risk_ids: Callable[[QuerySet[Participant]], set[int]]
) -> HttpResponse:
    """The hub's participants. ``at_risk_ids`` tells which of the participants given are at risk
    from two absences in a row (SES-8); attendance is the sessions app's, so the project shell
    passes it (``peernetworks.views.participant_list``)."""
    # PY-1, PY-2: one programme year's participants, the picked one or the default.
    participants = (
        participants_for(request.user)
        .filter(programme_year=selected_year(request))
        .order_by("-registered_on", "last_name", "pk")
    )
    show = request.GET.get("show", "")
    if show in LIST_FILTERS:
        participants = LIST_FILTERS[show](participants)
    query = request.GET.get("q", "").strip()
    if query:
        participants = participants.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(business__name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    # SES-8: the hub's list shows who is at risk (two consecutive absences).
    at_risk = at_risk_ids(Participant.objects.filter(pk__in=[p.pk for p in page.object_list]))
    for participant in page.object_list:
        participant.at_risk = participant.pk in at_risk
    return render(
        request,
        "participants/participant_list.html",
        {"page": page, "show": show, "query": query, "filters": FILTER_LABELS},
    )


FILTER_LABELS = [
    ("", "Everyone"),
    ("ready", "Ready for a cohort"),
    ("discretion_pending", "Awaiting a hub decision"),
    ("eligible", "Eligible"),
    ("eligible_with_flexibility", "Eligible with flexibility"),
    ("covid", "Covid flexibility"),
    ("creative", "Creative flexibility"),
    ("ineligible", "Ineligible"),
]


@staff_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(participants_for(request.user), pk=pk)
    business = participant.business
    viable = {True: "yes", False: "no", None: ""}[business.viable_going_forward]
    return render(
        request,
        "participants/participant_detail.html",
        {
            "participant": participant,
            "business": business,
            "assessments": participant.assessments.select_related("assessed_by"),
            "decisions": participant.discretion_decisions.select_related("decided_by"),
            "duplicates": business_possible_duplicates(business)
            .filter(hub=business.hub)
            .only("pk", "name", "postcode"),
            "discretion_form": DiscretionForm(),
            "viability_form": ViabilityForm(initial={"viable": viable}),
            "cross_lep_form": CrossLepAgreementForm(
                initial={
                    "agreed": business.cross_lep_agreement,
                    "note": business.cross_lep_agreement_note,
                }
            ),
        },
    )


def eligibility_summary(participant) -> str:
    """The decision in words, with the hub's discretion decision where there is one."""
    outcome = participant.get_eligibility_outcome_display()
    if participant.discretion_decision == "approved":
        return f"Eligible ({outcome.lower()}, approved by the hub)"
    if participant.discretion_decision == "refused":
        return f"Not eligible ({outcome.lower()}, refused by the hub)"
    return outcome


# The staff forms' fields for the services' names of them.
SERVICE_FIELDS = {"cross_lep_agreement_note": "note"}


def _apply(request, participant, form, action) -> HttpResponse:
    """Runs a staff action and reports the outcome; errors name the field, nothing half-saved."""
    if form.is_valid():
        try:
            action(form)
        except ValidationError as error:
            form_errors_from(form, error, field_map=SERVICE_FIELDS)
        else:
            participant.refresh_from_db()
            messages.success(
                request,
                f"Saved. Eligibility is now: {eligibility_summary(participant)}.",
            )
    form_error_messages(request, form)
    return redirect("participants:participant-detail", pk=participant.pk)


@require_POST
@staff_required
def participant_discretion(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(participants_for(request.user), pk=pk)
    return _apply(
        request,
        participant,
        DiscretionForm(request.POST),
        lambda form: participant_record_discretion(
            participant=participant,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            decided_by=request.user,
        ),
    )


@require_POST
@staff_required
def participant_viability(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(participants_for(request.user), pk=pk)
    return _apply(
        request,
        participant,
        ViabilityForm(request.POST),
        lambda form: business_record_viability(
            business=participant.business, viable=form.viable_value(), by=request.user
        ),
    )


@require_POST
@staff_required
def participant_cross_lep(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(participants_for(request.user), pk=pk)
    return _apply(
        request,
        participant,
        CrossLepAgreementForm(request.POST),
        lambda form: business_record_cross_lep_agreement(
            business=participant.business,
            agreed=form.cleaned_data["agreed"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    )
