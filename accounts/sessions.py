"""Sessions end after a working day idle, without saving the session on every request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SessionIdleMiddleware:
    """Moves a session's idle expiry forward at most every SESSION_REFRESH_SECONDS.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) cost every page three queries
    (BEGIN, UPDATE, COMMIT). Instead the session is marked changed, so SessionMiddleware saves it
    with a new expiry, only when its last save is that old: a session still ends after
    SESSION_COOKIE_AGE idle, give or take SESSION_REFRESH_SECONDS. Put it after SessionMiddleware.
    """

    KEY = "_idle_since"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)  # public pages take it off the request
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            saved_anyway = session.modified
            if saved_anyway or now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


def note_sign_in(sender: type, request: HttpRequest, **kwargs: object) -> None:
    """Signing in saves the session: its idle time starts then (connected in accounts.apps)."""
    request.session[SessionIdleMiddleware.KEY] = int(time.time())
