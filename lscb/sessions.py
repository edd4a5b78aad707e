"""Sign-out after inactivity without writing the session on every request.

A session lasts SESSION_COOKIE_AGE (8 hours) from its last save. Saving it on every request
(SESSION_SAVE_EVERY_REQUEST) costs three queries per page; instead the session is renewed when
its last renewal is more than LSCB_SESSION_RENEW_SECONDS old (5 minutes), so a user is signed out
between 8 hours minus 5 minutes and 8 hours after their last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

RENEWED_KEY = "_lscb_renewed"


class SessionRenewalMiddleware:
    """Marks a signed-in session as changed when it is due for renewal, so Django saves it and
    sends the cookie again with a fresh expiry. Goes right after SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a visitor who never signed in) is not saved at all, as Django does.
        # Only a signed-in user's session: an unknown or expired cookie, or a visitor who never
        # signed in, must not have a session made for them.
        if session is None or session.is_empty() or session.get(SESSION_KEY) is None:
            return response
        now = int(time.time())
        # A session saved anyway (signing in, a message) counts as renewed too.
        if session.modified or now - session.get(RENEWED_KEY, 0) >= settings.LSCB_SESSION_RENEW_SECONDS:
            session[RENEWED_KEY] = now
        return response


@receiver(user_logged_in, dispatch_uid="lscb.sessions.renewed_at_sign_in")
def renewed_at_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """Signing in saves a new session: it counts as the first renewal."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_KEY] = int(time.time())
