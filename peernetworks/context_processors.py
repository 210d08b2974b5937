from django.utils.functional import SimpleLazyObject

from .models import ProgrammeYear


def programme(request) -> dict:
    """The current programme year for the page header, read once and only when a page uses it."""
    return {"programme_year": SimpleLazyObject(ProgrammeYear.current)}
