"""Tests: fast hashing, in-memory email, a throwaway key; the database comes from DATABASE_URL."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, STORAGES

SECRET_KEY = get_random_secret_key()
DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collectstatic before tests: serve the source files as they are.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
# No background layout behind the tests' backs: the tests that need it start it themselves.
LSCB_PREPARE_REPORTS_AFTER = None
