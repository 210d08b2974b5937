"""Staff session lifetime (issue 9): 30 minutes idle and 12 hours in all, checked on the server.

The clocks are set at login (when the session is written anyway), and the idle clock is
refreshed at most every few minutes, so ordinary page views do not write the session.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

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
