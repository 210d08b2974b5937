"""Helpers every staff page shares: which programme year the page shows (PY-2)."""

from django.http import HttpRequest
from django.utils import timezone

from .models import ProgrammeYear, YearStatus

YEAR_PARAMETER = "year"


def selected_year(request: HttpRequest) -> ProgrammeYear | None:
    """The year picked with ``?year=<name>``, else the running year, else the latest closed
    one (PY-2). Read once per request."""
    if not hasattr(request, "_programme_year"):
        name = request.GET.get(YEAR_PARAMETER, "").strip()
        year = ProgrammeYear.objects.filter(name=name).first() if name else None
        request._programme_year = year or ProgrammeYear.current()
    return request._programme_year


def year_for_new_records(request: HttpRequest) -> ProgrammeYear | None:
    """Where new cohorts go: the picked year unless it has closed, else the running year,
    else the next upcoming one."""
    year = selected_year(request)
    if year is not None and year.status() != YearStatus.CLOSED:
        return year
    today = timezone.localdate()
    return ProgrammeYear.objects.filter(end__gte=today).order_by("start").first()
