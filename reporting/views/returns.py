"""Staff pages for monthly KPI returns (KPI-1, KPI-4): the list in the user's scope, a return
with every KPI-2 figure and its history, and the hub's own actions — compile now, submit,
re-open with a reason. Every rule is in reporting/services.py; refusals become messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from peernetworks.models import Role
from peernetworks.selectors import growth_hubs_for
from peernetworks.web import (
    error_messages,
    form_error_messages,
    selected_year,
    staff_required,
)

from ..exports import FIGURE_LABELS, figure_rows
from ..forms import CompileForm, NarrativeForm, ReopenForm, ReturnFilterForm
from ..models import KpiReturn, ReturnStatus
from ..selectors import (
    hot_topic_notes,
    kpi_return_with_history,
    kpi_returns_for,
    may_act_on,
    with_shown_status,
)
from ..services import (
    kpi_return_reopen,
    kpi_return_submit,
    kpi_return_write_narrative,
    kpi_returns_compile,
)

PAGE_SIZE = 50


def _status_q(status: str, today) -> Q:
    """The list filter matches the status the page shows (a draft past its due date is
    overdue, KPI-1)."""
    if status == ReturnStatus.DRAFT:
        return Q(status=ReturnStatus.DRAFT, due_date__gte=today)
    if status == ReturnStatus.OVERDUE:
        return Q(status=ReturnStatus.OVERDUE) | Q(status=ReturnStatus.DRAFT, due_date__lt=today)
    return Q(status=status)


def _acting_return(request: HttpRequest, pk: int) -> KpiReturn:
    """Another hub's return is 404; the national coordinator may look but not act (403)."""
    kpi_return = get_object_or_404(kpi_returns_for(request.user), pk=pk)
    if not may_act_on(request.user, kpi_return):
        raise PermissionDenied
    return kpi_return


def _may_compile(user) -> bool:
    return user.role == Role.HUB_STAFF and user.hub_id is not None


@staff_required
def return_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    many_hubs = request.user.is_superuser or request.user.is_national_coordinator
    hubs = list(growth_hubs_for(request.user).order_by("name")) if many_hubs else []
    filters = ReturnFilterForm(request.GET or None, hubs=hubs)
    # PY-1, PY-2: one programme year's returns, the picked one or the default.
    returns = (
        kpi_returns_for(request.user)
        .filter(programme_year=selected_year(request))
        .order_by("-month", "hub__name")
    )
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            returns = returns.filter(_status_q(filters.cleaned_data["status"], today))
        if filters.cleaned_data["hub"]:
            returns = returns.filter(hub__slug=filters.cleaned_data["hub"])
    if not many_hubs:
        del filters.fields["hub"]
    page = Paginator(returns, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_shown_status(page.object_list, today)
    return render(
        request,
        "reporting/return_list.html",
        {
            "page": page,
            "filters": filters,
            "compile_form": CompileForm() if _may_compile(request.user) else None,
        },
    )


@staff_required
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kpi_return = next(iter(kpi_return_with_history(request.user, pk)), None)
    if kpi_return is None:
        raise Http404("No KPI return with that ID is visible to you.")
    (kpi_return,) = with_shown_status([kpi_return], timezone.localdate())
    revisions = list(kpi_return.revisions.all())
    # Each revision's changes from the one before it (the list is newest first).
    for newer, older in zip(revisions, revisions[1:] + [None], strict=True):
        newer.changes = _changes(older.figures if older else {}, newer.figures)
    return render(
        request,
        "reporting/return_detail.html",
        {
            "kpi_return": kpi_return,
            "figures": figure_rows(kpi_return),
            "revisions": revisions,
            "may_act": may_act_on(request.user, kpi_return),
            "reopen_form": ReopenForm(),
            "narrative_form": NarrativeForm(initial={"narrative": kpi_return.narrative}),
            "hot_topic_notes": list(hot_topic_notes(kpi_return)),
        },
    )


@require_POST
@staff_required
def return_narrative(request: HttpRequest, pk: int) -> HttpResponse:
    """KPI-2: the hub writes its supporting narrative on a draft before submitting."""
    kpi_return = _acting_return(request, pk)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("reporting:return-detail", pk=kpi_return.pk)
    try:
        kpi_return_write_narrative(
            kpi_return=kpi_return, narrative=form.cleaned_data["narrative"], by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, "The narrative was saved. Submit the return when it is ready.")
    return redirect("reporting:return-detail", pk=kpi_return.pk)


def _changes(before: dict, after: dict) -> list[str]:
    if not before or not after:
        return []
    return [
        f"{FIGURE_LABELS.get(name, name)}: {_shown(before.get(name))} → {_shown(value)}"
        for name, value in after.items()
        if before.get(name) != value
    ]


def _shown(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return str(value)


@require_POST
@staff_required
def return_compile(request: HttpRequest) -> HttpResponse:
    """Compile now: the hub's return for a month, exactly as the 1st-of-month job does it."""
    if not _may_compile(request.user):
        raise PermissionDenied
    form = CompileForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("reporting:return-list")
    return _compile(request, form.cleaned_data["month"], request.user.hub.slug)


@require_POST
@staff_required
def return_recompile(request: HttpRequest, pk: int) -> HttpResponse:
    kpi_return = _acting_return(request, pk)
    if kpi_return.is_submitted:
        messages.error(
            request, "This return has been submitted, so it cannot be changed; re-open it first."
        )
        return redirect("reporting:return-detail", pk=kpi_return.pk)
    return _compile(request, kpi_return.month, kpi_return.hub.slug)


def _compile(request: HttpRequest, month, hub_slug: str) -> HttpResponse:
    try:
        kpi_returns_compile(month=month, hub_slug=hub_slug, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("reporting:return-list")
    kpi_return = KpiReturn.objects.get(month=month, hub__slug=hub_slug)
    if kpi_return.is_submitted:
        messages.warning(
            request,
            f"The {month:%B %Y} return was already submitted, so it was left as it is.",
        )
    else:
        messages.success(request, f"The {month:%B %Y} return was compiled.")
    return redirect("reporting:return-detail", pk=kpi_return.pk)


@require_POST
@staff_required
def return_submit(request: HttpRequest, pk: int) -> HttpResponse:
    kpi_return = _acting_return(request, pk)
    try:
        kpi_return = kpi_return_submit(kpi_return=kpi_return, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            f"The {kpi_return.month:%B %Y} return was {kpi_return.get_status_display().lower()}.",
        )
    return redirect("reporting:return-detail", pk=kpi_return.pk)


@require_POST
@staff_required
def return_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    kpi_return = _acting_return(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("reporting:return-detail", pk=kpi_return.pk)
    try:
        kpi_return_reopen(
            kpi_return=kpi_return, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            f"The {kpi_return.month:%B %Y} return is a draft again; the re-opening is recorded.",
        )
    return redirect("reporting:return-detail", pk=kpi_return.pk)
