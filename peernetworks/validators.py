"""Checks that any field of the programme may share: plausible dates, single-line text."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError

# Nothing the programme records happened before 1900 or is planned after 2100: a date outside
# is a typing slip (year 1, year 9999), refused before it reaches date arithmetic or the
# database.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def validate_plausible_date(value: date | datetime) -> None:
    """Every date and date-time field of the programme carries this check."""
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not (EARLIEST <= day <= LATEST):
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


# A UK postcode as Royal Mail writes it (outward code, a space, inward code), after
# normalising; GIR 0AA is the one historic exception still in use.
UK_POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})$")
# Companies House: eight characters, all digits, or two letters (SC, NI, OC, …) and six digits.
COMPANIES_HOUSE_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")


def validate_uk_postcode(value: str) -> None:
    if value and not UK_POSTCODE.match(value):
        raise ValidationError("Enter a full UK postcode, for example M1 2AB.", code="postcode")


def validate_companies_house_number(value: str) -> None:
    if value and not COMPANIES_HOUSE_NUMBER.match(value):
        raise ValidationError(
            "Enter the 8-character Companies House number, for example 01234567 or SC123456.",
            code="companies_house_number",
        )
