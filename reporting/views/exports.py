"""KPI-5 downloads: a return as CSV or XLSX, the evaluator export (participants' personal data:
hub staff only), and the log of exports. Every download is logged (KPI-5, GDPR-5)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from peernetworks.web import hub_staff_required, selected_year, staff_required

from ..exports import (
    EVALUATOR_COLUMNS,
    FORMATS,
    RETURN_HEADER,
    evaluator_rows,
    export_log,
    file_response,
    return_filename,
    return_rows,
)
from ..selectors import export_logs_for, kpi_returns_for

PAGE_SIZE = 50


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("Exports come as csv or xlsx.")
    return fmt


@staff_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The evaluator export of the picked (or default) year, and the log of the exports made
    during that year (PY-1: the log has no year of its own, so the year's dates decide)."""
    year = selected_year(request)
    logs = export_logs_for(request.user).order_by("-at", "-pk")
    if year is not None:
        logs = logs.filter(at__date__gte=year.start, at__date__lte=year.end)
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "reporting/export_list.html",
        {
            "page": page,
            "year": year,
            "evaluator_allowed": user.is_superuser or user.is_hub_staff,
            "columns": EVALUATOR_COLUMNS,
        },
    )


@staff_required
def return_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A return's figures: aggregates, so the national coordinator may download any hub's."""
    fmt = _format(fmt)
    kpi_return = get_object_or_404(kpi_returns_for(request.user), pk=pk)
    rows = return_rows(kpi_return)
    export_log(
        by=request.user,
        hub_id=kpi_return.hub_id,
        what=f"KPI return {kpi_return.hub.slug} {kpi_return.month:%Y-%m}",
        fmt=fmt,
        rows=len(rows),
    )
    return file_response(
        fmt,
        RETURN_HEADER,
        rows,
        return_filename(kpi_return, fmt),
        title=f"{kpi_return.month:%Y-%m} {kpi_return.hub.slug}",
    )


@hub_staff_required
def evaluator_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Participant and business baseline records of those who consented to evaluation (ONB-2),
    in the documented column order; personal data, so hub staff of their own hub only. One
    programme year's: the picked one (``?year=``), else the default (PY-7); the log says which."""
    fmt = _format(fmt)
    year = selected_year(request)
    if year is None:
        raise Http404("No programme year is set up yet.")
    rows = evaluator_rows(request.user, year)
    export_log(
        by=request.user,
        hub_id=request.user.hub_id,
        what=f"Evaluator export {year.name}",
        fmt=fmt,
        rows=len(rows),
    )
    return file_response(
        fmt,
        EVALUATOR_COLUMNS,
        rows,
        f"evaluator-export-{year.name.replace('/', '-')}.{fmt}",
        title="Evaluator export",
    )
