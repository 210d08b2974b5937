"""Checks that any field of the programme may share: plausible dates, single-line text."""

from datetime import date

from django.core.exceptions import ValidationError

# Nothing the programme records happened before 1900 or is planned after 2100: a date outside
# is a typing slip (year 1, year 9999), refused before it reaches date arithmetic or the
# database.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def validate_plausible_date(value: date) -> None:
    if value is not None and not (EARLIEST <= value <= LATEST):
        raise ValidationError(
            "Enter a date between %(earliest)s and %(latest)s.",
            code="implausible_date",
            params={"earliest": f"{EARLIEST:%-d %B %Y}", "latest": f"{LATEST:%-d %B %Y}"},
        )


def validate_single_line(value: str) -> None:
    """Names, titles and addresses on one line: a line break in them could split an email
    header or a calendar entry."""
    if value and ("\r" in value or "\n" in value):
        raise ValidationError("Write this on one line.", code="line_break")
