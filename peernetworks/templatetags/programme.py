"""Template filters for programme figures."""

from django import template

from peernetworks.units import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: 18, 4.5, 3.75 (never 4.50)."""
    if value is None or value == "":
        return ""
    return hours_text(value)
