"""The programme's units, shared by every app: its clock is Europe/London, hours are written as
people write them, and means and rates are rounded the same way on every page."""

from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TWO_PLACES = Decimal("0.01")


def hours_text(value) -> str:
    """18.00 -> "18", 3.50 -> "3.5": hours as people write them."""
    return f"{Decimal(value).normalize():f}"


def hours_phrase(value) -> str:
    """1 -> "1 hour", 2.5 -> "2.5 hours"."""
    text = hours_text(value)
    return f"{text} hour" if text == "1" else f"{text} hours"


def round_mean(value) -> Decimal | None:
    """A mean score to two places, half up (None stays None: nothing to average)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rate_percent(part: int, whole: int) -> int | None:
    """A rate in whole per cent, None when nobody could respond."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))
