from django.utils.functional import SimpleLazyObject

from .web import selected_year


def programme(request) -> dict:
    """The programme year the page shows (picked, else running, else latest closed), for the
    page header and footer; read once and only when a page uses it."""
    return {"programme_year": SimpleLazyObject(lambda: selected_year(request))}
