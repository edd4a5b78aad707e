"""Who must sign in with a second step, and the middleware that holds every page to it.

One place for the decision: it covers class-based views, function views and the admin alike.
Permission rules stay in lscb.permissions; this only decides whether the sign-in is complete.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb import roles
from lscb.views import is_htmx

# The roles that reach the most records; staff and superusers are held to it too.
REQUIRED_FOR_ROLES = (roles.BUSINESS_MANAGER, roles.CHAIR)

# What a signed-in user may open before the second step: that step itself, and signing out.
# Pages marked login_not_required (signing in, public pages) are open as well.
OPEN_VIEWS = frozenset(
    {
        "logout",
        "admin:logout",
        "account:two-factor",
        "account:two-factor-qr",
        "account:two-factor-verify",
    }
)


def required(user) -> bool:
    """Whether the user must use two-factor sign-in (others may choose to)."""
    return bool(user.is_staff or user.is_superuser or set(REQUIRED_FOR_ROLES) & set(roles.role_names(user)))


def enrolled(user) -> bool:
    """Whether the user has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def missing_step(user) -> str | None:
    """What the signed-in user still has to do: "verify" (a code), "enrol" (set up the app), or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if enrolled(user):
        # Whoever set it up uses it, whether or not their role requires it.
        return "verify"
    return "enrol" if required(user) else None


class TwoFactorMiddleware(MiddlewareMixin):
    """After the password: send whoever still owes the second step to enrolment or to the code page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        step = missing_step(request.user)
        if step is None:
            return None
        # The navigation shows nothing the user cannot open yet.
        request.two_factor_pending = True
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        target = reverse("account:two-factor-verify" if step == "verify" else "account:two-factor")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if is_htmx(request):
            # A redirect would swap the sign-in page into a fragment: send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
