"""Production settings: refuse to start without a secret key; pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The test run allows async-unsafe calls for the browser tests; a deployment never does.
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(DJANGO_SETTINGS_MODULE="lscb.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=get_random_secret_key() * 2)
    assert result.returncode == 0, result.stderr


def test_the_interface_speaks_british_english_in_london_time(settings):
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"


def test_production_keeps_database_connections_between_requests():
    # Django reads CONN_MAX_AGE per database; at the top level it is silently ignored.
    code = "from django.db import connections; print(connections['default'].settings_dict['CONN_MAX_AGE'])"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=get_random_secret_key() * 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "60"


def test_a_secret_key_beginning_with_a_dollar_sign_is_taken_as_it_is():
    # Django's own generator can start a key with "$"; it is not the name of another variable.
    key = "$" + get_random_secret_key()
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_a_preparation_delay_that_is_not_a_number_stops_the_start_with_the_reason():
    result = manage("check", DJANGO_SECRET_KEY=get_random_secret_key() * 2, LSCB_PREPARE_REPORTS_AFTER="soon")
    assert result.returncode != 0
    assert 'LSCB_PREPARE_REPORTS_AFTER is a number of seconds (up to 99999) or "off", not "soon"' in result.stderr
