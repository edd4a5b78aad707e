"""When the database cannot be reached: a calm 503 page instead of an error, for any request.

Two ways in, because Django turns each middleware's exceptions into responses separately:
`DatabaseUnavailableMiddleware.process_exception` answers for errors in a view (and in its
template), and `server_error` (the 500 handler, called while the exception is being handled)
answers for errors anywhere else, e.g. the session or the signed-in user being loaded, or the
session saved on the way out. A request that fails this way wrote nothing: every write runs in
a transaction that the lost connection rolls back. Django opens a new connection for the next
request (and checks a kept one first: CONN_HEALTH_CHECKS), so the app recovers on its own.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from lscb import signin

logger = logging.getLogger("lscb.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request: HttpRequest | None, exception: BaseException) -> HttpResponse:
    """The 503 page; rendered without the request, so nothing on it needs the database."""
    logger.warning("The database is unavailable (%s): %s", type(exception).__name__, exception)
    content = loader.render_to_string(
        "503.html", {"board_name": settings.LSCB_SITE_NAME, "retry_after": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The page says "try again": no cache may keep it for longer than the outage.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 when a view fails because the database is unreachable."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 handler: 503 when the error is the database being unreachable, else the 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request, exception)
    return HttpResponseServerError(loader.get_template(template_name).render())


# The views that check a password for a username typed into a form.
SIGN_IN_VIEWS = frozenset({"login", "admin:login"})


class SignInMiddleware:
    """The per-account delay in front of every sign-in form (lscb.signin.account_wait): a try
    while the account must wait is answered 429, its password unchecked and the try uncounted.

    Also says once per process, in the log, that an X-Forwarded-For header is being ignored
    because no proxy is trusted (lscb.signin.client_ip)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signin.warn_if_forwarded_is_ignored(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match.view_name not in SIGN_IN_VIEWS:
            return None
        username = signin.attempted_username(request.POST.get("username"))
        if username is None:
            return None
        wait = signin.account_wait(username, signin.client_ip(request))
        if not wait.seconds:
            return None
        signin.logger.warning(
            "Sign-in delayed: %d wrong passwords in a row for one account; %d seconds to wait.",
            wait.failures,
            wait.seconds,
        )
        content = loader.render_to_string(
            "registration/account_wait.html",
            {"username": username, "wait": signin.wait_text(wait.seconds)},
            request=request,
        )
        response = HttpResponse(content, status=429)
        response["Retry-After"] = str(wait.seconds)
        response["Cache-Control"] = "no-store"
        return response
