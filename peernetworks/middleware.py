"""Staff session lifetime: 30 minutes idle and 12 hours in all, checked on the server.

The clocks are set at login (when the session is written anyway), and the idle clock is
refreshed at most every few minutes, so ordinary page views do not write the session.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest

STARTED = "session_started_at"
LAST_SEEN = "session_last_seen_at"
REFRESH_SECONDS = 5 * 60


def session_clocks_start(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: every login starts both clocks."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[LAST_SEEN] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED)
            last_seen = request.session.get(LAST_SEEN)
            if started is None or last_seen is None:  # a session from before these clocks
                session_clocks_start(None, request, user)
            elif (
                now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)  # flushes the session on the server
                return redirect_to_login(request.get_full_path())
            elif now - last_seen > REFRESH_SECONDS:
                request.session[LAST_SEEN] = now  # also renews the cookie's 30 minutes
        return self.get_response(request)


class RejectNullCharactersMiddleware:
    """A NUL character is never part of a real answer or search, and PostgreSQL refuses it in
    text: a query string or form field carrying one is a bad request (400), answered before
    any view, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request.GET) or (request.method == "POST" and _carries_nul(request.POST)):
            return HttpResponseBadRequest(
                "The request contained a character that is not allowed (NUL). Remove it and "
                "try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _carries_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )
