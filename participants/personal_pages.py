"""The frame every page reached through a participant's personal link shares: link problems
become a plain page, and the link itself stays private."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .links import LinkExpired, LinkInvalid


class Unavailable(Exception):
    """A genuine link to something this participant cannot do (say, a drop-out survey while
    still taking part)."""


def personal_page(view: Callable) -> Callable:
    """Turns link problems into a plain page, and keeps the link itself private: never cached,
    never indexed, never sent to another site as a referrer. ("same-origin", not "no-referrer":
    with no referrer at all browsers send `Origin: null` and the form fails the CSRF check.)"""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except LinkExpired:
            response = render(
                request, "participants/my_link_problem.html", {"expired": True}, status=410
            )
        except LinkInvalid:
            response = render(
                request, "participants/my_link_problem.html", {"expired": False}, status=404
            )
        except Unavailable as refusal:
            response = render(
                request, "participants/my_unavailable.html", {"message": str(refusal)}, status=404
            )
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper
