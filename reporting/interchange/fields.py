"""Reading one JSON record of the programme interchange format (INTERCHANGE.md), field by field.

Each reader returns the value or records an error with its path and returns None; the importer
collects every error before deciding to roll back.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MISSING = object()
# The database's ranges: a whole number (counts, minutes) fits a 32-bit integer column; money
# is whole pounds, and no business turns over a quadrillion.
INT_MAX = 2_147_483_647
MONEY_MAX = 10**15


class Record:
    """One record with its path (`participants[3]`), collecting errors into a shared list."""

    def __init__(self, data, path: str, errors: list[str]):
        self.data = data if isinstance(data, dict) else {}
        self.path = path
        self.errors = errors
        self.ok = True
        if not isinstance(data, dict):
            self.error(None, "must be an object")

    def error(self, field: str | None, message: str) -> None:
        self.ok = False
        where = f"{self.path}.{field}" if field else self.path
        self.errors.append(f"{where}: {message}")

    def _get(self, field: str, default):
        if field in self.data:
            return self.data[field]
        if default is MISSING:
            self.error(field, "is required")
        return default

    def _value(self, field: str, default, nullable: bool, expected: str):
        """(present, value): absent → default; null → allowed only when nullable."""
        value = self._get(field, default)
        if value is MISSING:
            return False, None
        if value is None:
            if not nullable:
                self.error(field, f"must be {expected}")
            return False, None
        return True, value

    def str(self, field: str, *, default=MISSING, nullable=False, blank=True, max_length=200):
        present, value = self._value(field, default, nullable, "a string")
        if not present:
            return value
        if not isinstance(value, str):
            self.error(field, "must be a string")
            return None
        if "\x00" in value:
            self.error(field, "must not contain a NUL character")
            return None
        if not blank and not value.strip():
            self.error(field, "must not be empty")
            return None
        if len(value) > max_length:
            self.error(field, f"must be at most {max_length} characters")
            return None
        return value

    def int(self, field: str, *, default=MISSING, nullable=False, minimum=0, maximum=INT_MAX):
        present, value = self._value(field, default, nullable, "a whole number")
        if not present:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(field, "must be a whole number")
            return None
        if minimum is not None and value < minimum:
            self.error(field, f"must be at least {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.error(field, f"must be at most {maximum}")
            return None
        return value

    def decimal(self, field: str, *, default=MISSING, nullable=False):
        """A number more than zero (hours)."""
        present, value = self._value(field, default, nullable, "a number")
        if not present:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(field, "must be a number")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number <= 0:
            self.error(field, "must be more than 0")
            return None
        return number

    def bool(self, field: str, *, default=MISSING, nullable: bool = False):
        value = self._get(field, default)
        if value is MISSING:
            return None
        if value is None and nullable:
            return None
        if not isinstance(value, bool):
            self.error(field, "must be true or false" + (" or null" if nullable else ""))
            return None
        return value

    def date(self, field: str, *, default=MISSING, nullable: bool = False) -> date | None:
        value = self._get(field, default)
        if value is MISSING or (value is None and nullable):
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            self.error(field, "must be a date YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(field, f"{value!r} is not a real date")
            return None

    def datetime(self, field: str) -> datetime | None:
        value = self._get(field, MISSING)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.error(field, "must be an ISO 8601 date and time with an offset")
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.error(field, "must be an ISO 8601 date and time with an offset")
            return None
        if moment.tzinfo is None:
            self.error(field, "must include a UTC offset, e.g. +01:00")
            return None
        return moment

    def choice(self, field: str, choices, *, default=MISSING):
        value = self._get(field, default)
        if value is MISSING:
            return None
        if value not in choices:
            self.error(field, f"must be one of {', '.join(sorted(choices))}")
            return None
        return value

    def ref(self, field: str, known: dict, kind: str, *, nullable: bool = False, default=MISSING):
        """A reference to another record by its ref; unknown refs are errors."""
        value = self._get(field, default if not nullable else None)
        if value is MISSING or (value is None and nullable):
            return None
        if not isinstance(value, str) or value not in known:
            self.error(field, f'unknown {kind} "{value}"')
            return None
        return known[value]
