"""Production: PostgreSQL behind a TLS proxy; refuses to start without a real secret key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env

# Read as it is: django-environ would take a key beginning with "$" for the name of another variable.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        '(python -c "from django.core.management.utils import get_random_secret_key; '
        'print(get_random_secret_key())").'
    )

DEBUG = False

# The TLS proxy in front terminates HTTPS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# It also appends the browser's address to X-Forwarded-For, which the sign-in lockout reads only when
# LSCB_TRUSTED_PROXIES says how many proxies there are (base.py: none unless set, so that a client
# reaching the app directly cannot choose the address it is counted at).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Persistent connections: Django reads the setting per database, not at the top level.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)

# HSTS preload is a decision for the organisation that owns the domain, not for this app.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
