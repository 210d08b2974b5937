"""Hub staff's cohort list and cohort page: the members and the builder (COH-1..4, through the
cohorts app's forms and services), with the schedule (SES-1..5) and observations (SES-11)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.composition import composition_advice
from cohorts.forms import AllocationForm, MoveForm
from cohorts.models import Cohort, CohortMembership
from cohorts.selectors import (
    allocation_candidates,
    cohorts_for,
    cohorts_with_schedule_totals,
    composition_members,
    current_members,
)
from cohorts.services import cohort_allocate_many
from cohorts.status import status_of
from peernetworks.units import LONDON
from peernetworks.web import error_messages, hub_staff_required, selected_year, staff_required

from ..forms import ObservationBookingForm
from ..models import Observation, SessionStatus
from ..selectors import late_instructions
from ..services import cohort_schedule_total
from .helpers import staff_cohort


@staff_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    # PY-1, PY-2: one programme year's cohorts, the picked one or the default.
    cohorts = list(
        cohorts_with_schedule_totals(
            cohorts_for(request.user).filter(programme_year=selected_year(request))
        ).order_by("hub__name", "name")
    )
    members = dict(
        CohortMembership.objects.filter(cohort__in=cohorts, left_at__isnull=True)
        .values_list("cohort")
        .annotate(n=Count("pk"))
    )
    observed = dict(
        Observation.objects.filter(session__cohort__in=cohorts)
        .values_list("session__cohort")
        .annotate(n=Count("pk"))
    )
    for cohort in cohorts:
        cohort.status_label = status_of(cohort).label
        cohort.member_count = members.get(cohort.pk, 0)
        cohort.observations = observed.get(cohort.pk, 0)  # SES-11: at least one per cohort
    return render(request, "sessions/cohort_list.html", {"cohorts": cohorts})


def _move_forms(request, cohort, memberships) -> None:
    """A move form per member, each with its own field ids; the cohort choices are read once."""
    others = list(cohorts_for(request.user).filter(hub=cohort.hub).exclude(pk=cohort.pk))
    choices = [("", "---------")] + [(c.pk, c.name) for c in others]
    queryset = Cohort.objects.filter(pk__in=[c.pk for c in others])
    for membership in memberships:
        form = MoveForm(cohorts=queryset, prefix=f"move-{membership.pk}")
        form.fields["to_cohort"].choices = choices
        membership.move_form = form


@hub_staff_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = staff_cohort(request, pk)
    memberships = list(current_members(cohort).select_related("participant__equality"))
    _move_forms(request, cohort, memberships)
    participants = [m.participant for m in memberships]
    candidates = allocation_candidates(request.user, cohort)
    allocation = AllocationForm(request.POST or None, candidates=candidates)
    preview = []
    if request.method == "POST" and allocation.is_valid():
        preview = list(allocation.cleaned_data["participants"])
    sessions = list(cohort.sessions.order_by("starts_at").prefetch_related("observations"))
    year = cohort.programme_year
    late = set(
        late_instructions(
            cohort.sessions.all(), notice_hours=year.joining_instructions_notice_hours
        ).values_list("pk", flat=True)
    )
    for session in sessions:
        session.late_instructions = session.pk in late
        session.local_start = session.starts_at.astimezone(LONDON)
    planned = [s for s in sessions if s.status == SessionStatus.PLANNED]
    context = {
        "cohort": cohort,
        "status": status_of(cohort).label,
        "memberships": memberships,
        "history": cohort.memberships.filter(left_at__isnull=False).select_related("participant"),
        "advice": composition_advice(
            composition_members(participants + preview), on=timezone.localdate()
        ),
        "preview": preview,
        "allocation_form": allocation,
        "seats_left": max(year.cohort_max - len(memberships), 0),
        "sessions": sessions,
        "total": cohort_schedule_total(cohort),
        "observations": [o for s in sessions for o in s.observations.all()],
        "booking_form": ObservationBookingForm(
            sessions=cohort.sessions.filter(pk__in=[s.pk for s in planned])
        ),
    }
    return render(request, "sessions/cohort_detail.html", context)


@require_POST
@hub_staff_required
def cohort_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = staff_cohort(request, pk)
    form = AllocationForm(request.POST, candidates=allocation_candidates(request.user, cohort))
    if request.POST.get("action") == "preview":
        return cohort_detail(request, pk)
    if form.is_valid() and form.cleaned_data["participants"]:
        try:
            added = cohort_allocate_many(
                cohort=cohort, participants=form.cleaned_data["participants"], by=request.user
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, f"{len(added)} participant(s) added to {cohort.name}.")
    else:
        messages.error(request, "Choose at least one ready participant.")
    return redirect("cohorts:cohort-detail", pk=cohort.pk)
