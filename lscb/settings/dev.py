"""Local development: DEBUG on, console email, a per-checkout secret key kept out of git."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, env


def _local_secret_key() -> str:
    # A key made once per checkout, never committed (see .gitignore).
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Read as it is: django-environ would take a key beginning with "$" for the name of another variable.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or _local_secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# The demo board's name, unless the environment names a real board.
LSCB_BOARD_NAME = env("LSCB_BOARD_NAME", default="Northmoor Safeguarding Children Partnership")
LSCB_SITE_NAME = env("LSCB_SITE_NAME", default="Northmoor safeguarding boards")
OTP_TOTP_ISSUER = LSCB_SITE_NAME
