"""Tests: fast hashing, in-memory email, a throwaway key; the database comes from DATABASE_URL."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, STORAGES

# The several-process test gives its servers and workers the key of the run that starts them.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or get_random_secret_key()
DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collectstatic before tests: serve the source files as they are.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
# No background layout behind the tests' backs: the tests that need it ask for it.
if "LSCB_PREPARE_REPORTS_AFTER" not in os.environ:
    LSCB_PREPARE_REPORTS_AFTER = None
