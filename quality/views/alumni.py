"""Carrying on (Post-Programme Sustainability): the ended cohorts' alumni, the invitations to
stay in touch and the sessions a cohort holds after the programme.

Thin views for hub staff: reads go through quality/selectors (the access scope: another hub's
object is a 404), writes through quality/services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from cohorts.selectors import cohorts_for
from peernetworks.web import error_messages, form_errors_from, hub_staff_required

from .. import selectors, services
from ..forms import ContinuingSessionForm


@hub_staff_required
def alumni_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "quality/alumni_list.html", {"lines": selectors.alumni_cohorts(request.user)}
    )


def _ended_cohort(request, pk: int) -> Cohort:
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    if not selectors.cohort_is_completed(cohort):
        raise Http404("This cohort has not finished yet.")
    return cohort


def _alumni_cohort_page(request, cohort, *, form=None, status=200):
    members = selectors.alumni_members(cohort).order_by("last_name", "first_name")
    context = {
        "cohort": cohort,
        "completed_on": selectors.cohort_completed_on(cohort),
        "lines": selectors.cohort_alumni(cohort),
        "sessions": list(cohort.continuing_sessions.prefetch_related("attendees")),
        "form": form or ContinuingSessionForm(members=members),
    }
    return render(request, "quality/alumni_cohort.html", context, status=status)


@hub_staff_required
def alumni_cohort(request: HttpRequest, pk: int) -> HttpResponse:
    return _alumni_cohort_page(request, _ended_cohort(request, pk))


@require_POST
@hub_staff_required
def alumni_invite(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _ended_cohort(request, pk)
    try:
        sent = services.alumni_invitations_send(cohort=cohort)
    except ValidationError as error:
        error_messages(request, error, named=False)
    else:
        messages.success(request, f"{sent} invitation(s) sent; nobody is emailed twice.")
    return redirect("quality:alumni-cohort", pk=cohort.pk)


@require_POST
@hub_staff_required
def continuing_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _ended_cohort(request, pk)
    form = ContinuingSessionForm(request.POST, members=selectors.alumni_members(cohort))
    if form.is_valid():
        try:
            services.continuing_session_record(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error, request=request)
        else:
            messages.success(request, "Session recorded: this cohort lives on.")
            return redirect("quality:alumni-cohort", pk=cohort.pk)
    return _alumni_cohort_page(request, cohort, form=form, status=400)
