"""Hub staff's schedule pages: the series generator (SES-3), marking a cohort scheduled
(SES-1), and adding, moving and cancelling one session (SES-2, SES-4)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.selectors import cohorts_for
from peernetworks.units import LONDON
from peernetworks.web import error_messages, form_errors_from, hub_staff_required

from ..forms import ScheduleGeneratorForm, SessionForm
from ..models import Session
from ..schedule import length_pattern, schedule_total
from ..services import (
    cohort_mark_scheduled,
    cohort_schedule_total,
    schedule_preview,
    schedule_save,
    session_cancel,
    session_save,
)
from .helpers import staff_cohort


@hub_staff_required
def schedule_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """SES-3: preview the whole series, then save it (editable afterwards)."""
    cohort = staff_cohort(request, pk)
    year = cohort.programme_year
    form = ScheduleGeneratorForm(
        request.POST or None,
        initial={
            "interval": {7: "weekly", 21: "three_weekly"}.get(
                year.default_session_interval_days, "fortnightly"
            )
        },
    )
    planned, total = [], None
    if request.method == "POST" and form.is_valid():
        lengths = form.cleaned_data["lengths"] or length_pattern(
            required_hours=year.group_hours_required,
            first_hours=form.cleaned_data["first_hours"],
            last_hours=form.cleaned_data["last_hours"],
            other_hours=form.cleaned_data["other_hours"],
        )
        planned = schedule_preview(
            cohort=cohort,
            first_start=form.first_start(),
            interval=form.cleaned_data["interval"],
            lengths=lengths,
        )
        # A refused session would not be saved, so it plans no hours: a preview whose sessions
        # all fall outside the programme year is never "complete".
        total = schedule_total(
            [p.duration_hours for p in planned if not p.refusals], year.group_hours_required
        )
        if request.POST.get("action") == "save":
            try:
                schedule_save(cohort=cohort, planned=planned)
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, f"{len(planned)} sessions saved. {total.describe()}")
                return redirect("cohorts:cohort-detail", pk=cohort.pk)
    running = 0
    for p in planned:
        running += 0 if p.refusals else p.duration_hours
        p.local_start, p.running_total = p.starts_at.astimezone(LONDON), running
    return render(
        request,
        "sessions/schedule_generate.html",
        {
            "cohort": cohort,
            "form": form,
            "planned": planned,
            "total": total,
            "has_refusals": any(p.refusals for p in planned),
        },
    )


@require_POST
@hub_staff_required
def cohort_schedule_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = staff_cohort(request, pk)
    try:
        cohort_mark_scheduled(cohort=cohort)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, f"{cohort.name} is scheduled.")
    return redirect("cohorts:cohort-detail", pk=cohort.pk)


def _session(request, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(cohort__in=cohorts_for(request.user)).select_related(
            "cohort__programme_year"
        ),
        pk=pk,
    )


@hub_staff_required
def session_edit(
    request: HttpRequest, pk: int | None = None, cohort_pk: int | None = None
) -> HttpResponse:
    session = _session(request, pk) if pk else None
    cohort = session.cohort if session else staff_cohort(request, cohort_pk)
    initial = {}
    if session:
        local = session.starts_at.astimezone(LONDON)
        initial = {
            "date": local.date(),
            "time": local.time(),
            "duration_hours": session.duration_hours,
        }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved, warnings = session_save(
                cohort=cohort,
                starts_at=form.starts_at(),
                duration_hours=form.cleaned_data["duration_hours"],
                session=session,
            )
        except ValidationError as error:
            form_errors_from(form, error, field_map={"starts_at": "date"})
        else:
            for warning in warnings:
                messages.warning(request, f"Session {saved.number}: {warning}")
            messages.info(request, cohort_schedule_total(cohort).describe())
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
    return render(
        request, "sessions/session_form.html", {"form": form, "cohort": cohort, "session": session}
    )


@require_POST
@hub_staff_required
def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        session_cancel(session=session)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            f"Session {session.number} cancelled. "
            + cohort_schedule_total(session.cohort).describe(),
        )
    return redirect("cohorts:cohort-detail", pk=session.cohort_id)
