from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 3.50 → "3.5", 4.00 → "4"."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"
