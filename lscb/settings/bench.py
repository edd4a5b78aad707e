"""Benchmarks (`make bench`): production-like (DEBUG off, persistent connections, the real password
hashers), plain HTTP on loopback, and a URLconf that adds the floor pages to the real ones."""

import os
import warnings

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, STORAGES, env

# Read as it is: django-environ would take a key beginning with "$" for the name of another variable.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or get_random_secret_key()
DEBUG = False
# The in-process client is "testserver"; gunicorn listens on 127.0.0.1 only.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
ROOT_URLCONF = "lscb.bench_urls"
# Persistent connections, as a production deployment should have (the setting lives in DATABASES).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# The pages are measured, not the static files: no collectstatic step before a run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
LSCB_BOARD_NAME = "Bench Safeguarding Children Board"

# Whitenoise warns on every start that STATIC_ROOT was not collected; the benchmark never asks it for a file.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
