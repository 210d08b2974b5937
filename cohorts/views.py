"""Staff pages for cohorts: build (COH-1..4), schedule (SES-1..5), observe (SES-11).
Thin: every rule is in cohorts/services.py, sessions/services_schedule.py or the pure modules."""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from participants.feedback import LinkExpired, LinkInvalid, link_open
from participants.selectors import participants_for
from peernetworks.access import hub_staff_required, staff_required
from peernetworks.web import selected_year, year_for_new_records
from sessions.ics import series_calendar
from sessions.models import Observation, Session, SessionStatus
from sessions.schedule import LONDON, length_pattern, schedule_total
from sessions.services_schedule import (
    cohort_mark_scheduled,
    cohort_schedule_total,
    observation_book,
    observation_complete,
    observation_random_session,
    schedule_preview,
    schedule_save,
    session_cancel,
    session_save,
)

from .composition import Member, composition_advice
from .forms import (
    AllocationForm,
    CohortForm,
    MoveForm,
    ObservationBookingForm,
    ObservationCompleteForm,
    ScheduleGeneratorForm,
    SessionForm,
)
from .joining_instructions import late_instructions
from .models import Cohort, CohortMembership
from .selectors import cohorts_for, cohorts_with_schedule_totals, current_members
from .services import cohort_allocate_many, cohort_remove, participant_move
from .status import cohort_status


def _report(request, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        prefix = "" if field == "__all__" else f"{field.replace('_', ' ').capitalize()}: "
        for message in errors:
            messages.error(request, prefix + message)


def _status(cohort) -> str:
    return cohort_status(
        cancelled=cohort.cancelled_at is not None,
        schedule_confirmed=cohort.scheduled_at is not None,
        delivered_hours=cohort.delivered_hours,
        required_hours=cohort.programme_year.group_hours_required,
        delivered_sessions=cohort.delivered_count,
    ).label


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
        cohort.status_label = _status(cohort)
        cohort.member_count = members.get(cohort.pk, 0)
        cohort.observations = observed.get(cohort.pk, 0)  # SES-11: at least one per cohort
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts})


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


def _members_for_advice(participants) -> list[Member]:
    members = []
    for p in participants:
        business = p.business
        equality = getattr(p, "equality", None)
        members.append(
            Member(
                name=p.full_name,
                business_name=business.name,
                employees=business.employees_full_time + business.employees_part_time_permanent,
                sic_code=business.sic_code,
                trading_start_date=business.trading_start_date,
                gender=equality.gender if equality else "",
                declared_competitors=tuple(
                    line.strip()
                    for line in business.declared_competitors.splitlines()
                    if line.strip()
                ),
            )
        )
    return members


def _candidates(request, cohort):
    """Ready participants of the cohort's hub and year who have no cohort yet (COH-2, COH-3)."""
    return (
        participants_for(request.user)
        .ready_for_cohort()
        .filter(business__hub=cohort.hub, programme_year=cohort.programme_year)
        .exclude(pk__in=CohortMembership.objects.filter(left_at__isnull=True).values("participant"))
        .select_related("business", "equality")
        .order_by("last_name", "first_name")
    )


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
    cohort = _cohort(request, pk)
    memberships = list(current_members(cohort).select_related("participant__equality"))
    _move_forms(request, cohort, memberships)
    participants = [m.participant for m in memberships]
    candidates = _candidates(request, cohort)
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
        "status": _status(cohort),
        "memberships": memberships,
        "history": cohort.memberships.filter(left_at__isnull=False).select_related("participant"),
        "advice": composition_advice(
            _members_for_advice(participants + preview), on=timezone.localdate()
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
    return render(request, "cohorts/cohort_detail.html", context)


@hub_staff_required
def cohort_advice(request: HttpRequest, pk: int) -> JsonResponse:
    """COH-4 as the selection changes: advice for the members plus the ticked candidates."""
    cohort = _cohort(request, pk)
    # Only whole numbers are participant IDs; anything else is ignored rather than a 500.
    ids = [int(v) for v in request.GET.getlist("participants")[:40] if v.strip().isdigit()]
    chosen = _candidates(request, cohort).filter(pk__in=ids)
    members = [
        m.participant for m in current_members(cohort).select_related("participant__equality")
    ]
    advice = composition_advice(
        _members_for_advice(members + list(chosen)), on=timezone.localdate()
    )
    return JsonResponse({"advice": advice, "selected": chosen.count()})


@require_POST
@hub_staff_required
def cohort_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = AllocationForm(request.POST, candidates=_candidates(request, cohort))
    if request.POST.get("action") == "preview":
        return cohort_detail(request, pk)
    if form.is_valid() and form.cleaned_data["participants"]:
        try:
            added = cohort_allocate_many(
                cohort=cohort, participants=form.cleaned_data["participants"], by=request.user
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, f"{len(added)} participant(s) added to {cohort.name}.")
    else:
        messages.error(request, "Choose at least one ready participant.")
    return redirect("cohorts:cohort-detail", pk=cohort.pk)


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
        _report(request, error)
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
        _report(request, ValidationError(form.errors))
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
        _report(request, error)
        return redirect("cohorts:cohort-detail", pk=membership.cohort_id)
    messages.success(
        request, f"{membership.participant} moved to {form.cleaned_data['to_cohort']}."
    )
    return redirect("cohorts:cohort-detail", pk=form.cleaned_data["to_cohort"].pk)


@hub_staff_required
def schedule_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """SES-3: preview the whole series, then save it (editable afterwards)."""
    cohort = _cohort(request, pk)
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
                _report(request, error)
            else:
                messages.success(request, f"{len(planned)} sessions saved. {total.describe()}")
                return redirect("cohorts:cohort-detail", pk=cohort.pk)
    running = 0
    for p in planned:
        running += 0 if p.refusals else p.duration_hours
        p.local_start, p.running_total = p.starts_at.astimezone(LONDON), running
    return render(
        request,
        "cohorts/schedule_generate.html",
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
    cohort = _cohort(request, pk)
    try:
        cohort_mark_scheduled(cohort=cohort)
    except ValidationError as error:
        _report(request, error)
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
    cohort = session.cohort if session else _cohort(request, cohort_pk)
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
            for field, errors in error.message_dict.items():
                form.add_error("duration_hours" if field == "duration_hours" else "date", errors)
        else:
            for warning in warnings:
                messages.warning(request, f"Session {saved.number}: {warning}")
            messages.info(request, cohort_schedule_total(cohort).describe())
            return redirect("cohorts:cohort-detail", pk=cohort.pk)
    return render(
        request, "cohorts/session_form.html", {"form": form, "cohort": cohort, "session": session}
    )


@require_POST
@hub_staff_required
def session_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        session_cancel(session=session)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            f"Session {session.number} cancelled. "
            + cohort_schedule_total(session.cohort).describe(),
        )
    return redirect("cohorts:cohort-detail", pk=session.cohort_id)


@require_POST
@hub_staff_required
def observation_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
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
        _report(request, error)
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
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Observation recorded.")
            return redirect("cohorts:cohort-detail", pk=observation.session.cohort_id)
    return render(
        request, "cohorts/observation_form.html", {"form": form, "observation": observation}
    )


def _calendar_response(cohort, sessions, filename: str) -> HttpResponse:
    body = series_calendar(cohort=cohort, sessions=sessions, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def cohort_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """SES-5: the series as .ics for hub staff and the cohort's facilitators (no personal
    data: dates, times and the joining link)."""
    cohort = get_object_or_404(cohorts_for(request.user), pk=pk)
    return _calendar_response(
        cohort, cohort.sessions.order_by("starts_at"), f"cohort-{cohort.pk}.ics"
    )


def participant_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """SES-5: a participant's series from the personal link in their joining instructions."""
    # Like every personal link: it lasts the participant's year's link lifetime, and an
    # erased participant's is gone (410).
    try:
        participant = link_open(token, "calendar").participant
    except LinkExpired:
        return HttpResponseGone(
            "This calendar link has expired. Use the link in your latest email from your hub.",
            content_type="text/plain; charset=utf-8",
        )
    except LinkInvalid as error:
        raise Http404("This calendar link is not valid.") from error
    membership = (
        participant.memberships.filter(left_at__isnull=True)
        .select_related("cohort")
        .prefetch_related(
            Prefetch("cohort__sessions", queryset=Session.objects.order_by("starts_at"))
        )
        .first()
    )
    if membership is None:
        raise Http404("You are not in a cohort yet.")
    cohort = membership.cohort
    return _calendar_response(cohort, cohort.sessions.all(), "peer-networks.ics")
