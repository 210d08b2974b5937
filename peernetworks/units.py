"""The programme's units, shared by every app: its clock is Europe/London, and hours are
written as people write them."""

from decimal import Decimal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def hours_text(value) -> str:
    """18.00 -> "18", 3.50 -> "3.5": hours as people write them."""
    return f"{Decimal(value).normalize():f}"


def hours_phrase(value) -> str:
    """1 -> "1 hour", 2.5 -> "2.5 hours"."""
    text = hours_text(value)
    return f"{text} hour" if text == "1" else f"{text} hours"
