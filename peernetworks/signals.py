"""Signals the core sends explicitly from its services, for the apps to act on."""

from django.dispatch import Signal

# PY-4: a new programme year was started from an earlier one (keyword arguments `year` and
# `from_year`); each app copies what it keeps per year, inside the same transaction.
programme_year_started = Signal()
