"""The programme-year picker on every staff list, dashboard and export (PY-2), and the helpers
that keep the picked year in the page's other forms and links."""

from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.html import format_html

from peernetworks.models import ProgrammeYear, YearStatus
from peernetworks.web import YEAR_PARAMETER, selected_year

register = template.Library()

# Query parameters the picker does not carry over: the year it replaces, and the page number
# (page 3 of one year's list is not page 3 of another's).
NOT_KEPT = (YEAR_PARAMETER, "page")


@register.inclusion_tag("_year_picker.html", takes_context=True)
def year_picker(context) -> dict:
    """The picker (one query for the years, newest first) and, for a year that is not running,
    a banner saying it has closed or not started yet."""
    request = context["request"]
    year = selected_year(request)
    today = timezone.localdate()
    options = [
        {
            "name": option.name,
            "label": f"{option.name} ({YearStatus(option.status(today)).label.lower()})",
            "selected": year is not None and option.pk == year.pk,
        }
        for option in ProgrammeYear.objects.order_by("-start").only("pk", "name", "start", "end")
    ]
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_KEPT
        for value in values
    ]
    return {
        "year": year,
        "status": year.status(today) if year is not None else None,
        "options": options,
        "kept": kept,
        "parameter": YEAR_PARAMETER,
    }


def _picked(context) -> str:
    """The year the address picks, if it picks one (the default year adds nothing to links)."""
    request = context.get("request")
    if request is None or not request.GET.get(YEAR_PARAMETER, "").strip():
        return ""
    year = selected_year(request)
    return year.name if year is not None else ""


@register.simple_tag(takes_context=True)
def year_field(context) -> str:
    """A hidden input keeping the picked year in another GET form of the page."""
    name = _picked(context)
    if not name:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', YEAR_PARAMETER, name)


@register.simple_tag(takes_context=True)
def year_query(context, prefix: str = "?") -> str:
    """``?year=<name>`` for a link to another staff page, when the address picks a year."""
    name = _picked(context)
    return f"{prefix}{urlencode({YEAR_PARAMETER: name})}" if name else ""
