"""Sign-in lockout (django-axes): which address a failed sign-in came from."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """The address of the browser, as the trusted proxies in front of the app saw it.

    Behind LSCB_TRUSTED_PROXIES proxies that each append the address they saw to
    X-Forwarded-For (nginx: $proxy_add_x_forwarded_for), the browser's address is that many
    entries from the right; anything to the left of it was written by the client and is not
    believed. Without proxies (or without the header) it is REMOTE_ADDR.
    """
    proxies = settings.LSCB_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
