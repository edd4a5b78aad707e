"""The security headers Django does not send itself: the Content Security Policy and the Permissions Policy.

SecurityMiddleware already sends nosniff, the referrer policy and the cross-origin opener policy,
and XFrameOptionsMiddleware sends X-Frame-Options (see the SECURE_* settings).
"""

from __future__ import annotations

from django.conf import settings


def policy(directives: dict[str, str]) -> str:
    """{"default-src": "'self'", ...} -> "default-src 'self'; ..." (a directive without sources stays bare)."""
    return "; ".join(f"{name} {sources}".strip() for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Adds the policies to every response that has not set its own."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.csp = policy(settings.LSCB_CONTENT_SECURITY_POLICY)
        self.permissions = settings.LSCB_PERMISSIONS_POLICY
        self.debug = settings.DEBUG

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        # With DEBUG on, Django's own error pages (inline style and script) stay readable.
        if self.csp and not (self.debug and response.status_code in (404, 500)):
            response.headers.setdefault("Content-Security-Policy", self.csp)
        return response
