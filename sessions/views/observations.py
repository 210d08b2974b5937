"""Hub staff's quality observations (SES-11): booking one, chosen or drawn at random, with
notice to the facilitator, and recording it."""

import random

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.selectors import cohorts_for
from peernetworks.web import error_messages, form_errors_from, hub_staff_required

from ..forms import ObservationBookingForm, ObservationCompleteForm
from ..models import Observation, SessionStatus
from ..services import observation_book, observation_complete, observation_random_session
from .helpers import staff_cohort


@require_POST
@hub_staff_required
def observation_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = staff_cohort(request, pk)
    sessions = cohort.sessions.filter(status=SessionStatus.PLANNED)
    if request.POST.get("action") == "random":
        session = observation_random_session(
            sessions=list(sessions.select_related("cohort__programme_year")),
            rng=random.SystemRandom(),
        )
        if session is None:
            messages.error(
                request, "No planned session is far enough ahead to give the facilitator notice."
            )
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
        method = request.POST.get("method") or "live"
    else:
        form = ObservationBookingForm(request.POST, sessions=sessions)
        if not form.is_valid():
            messages.error(request, "Choose a planned session and a method.")
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
        session, method = form.cleaned_data["session"], form.cleaned_data["method"]
    try:
        observation = observation_book(session=session, observer=request.user, method=method)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            f"Observation booked for session {observation.session.number}; "
            "the facilitator has been told.",
        )
    return redirect("cohorts:cohort-detail", pk=cohort.pk)


@hub_staff_required
def observation_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(
        Observation.objects.filter(session__cohort__in=cohorts_for(request.user)).select_related(
            "session__cohort"
        ),
        pk=pk,
    )
    form = ObservationCompleteForm(
        request.POST or None, initial={"completed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation_complete(observation=observation, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Observation recorded.")
            return redirect("cohorts:cohort-detail", pk=observation.session.cohort_id)
    return render(
        request, "sessions/observation_form.html", {"form": form, "observation": observation}
    )
