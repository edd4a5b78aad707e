"""Signing in: which address an attempt came from, and the per-account delay.

Two limits hold wrong passwords back:

- django-axes locks one username at one address after AXES_FAILURE_LIMIT wrong passwords in a
  row (lscb.settings.base), so one person's typing never locks out a shared office address;
- the per-account delay (`account_wait`) holds whatever the address: after
  LSCB_ACCOUNT_FAILURE_LIMIT wrong passwords in a row for one username, from any addresses,
  within LSCB_ACCOUNT_FAILURE_WINDOW, each further try must wait a delay that doubles from
  LSCB_ACCOUNT_DELAY up to LSCB_ACCOUNT_DELAY_CAP after the last wrong one. A try during the wait
  is answered 429 without its password being checked, and is not counted. It is a delay, not a
  lock: the right password after the wait signs in, so a stranger can slow an account down but
  cannot lock its owner out. An address the account signed in from within
  LSCB_ACCOUNT_KNOWN_ADDRESS_DAYS is not delayed (the per-address lockout still holds there).

The counts come from django-axes's records in the database (AccessFailureLog: one row per wrong
password; AccessLog: one row per sign-in), so they hold across every process of the app.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Count, Max, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

logger = logging.getLogger("lscb.signin")

FORWARDED_WITHOUT_PROXY = (
    "X-Forwarded-For received but LSCB_TRUSTED_PROXIES is 0: the client address is the connection's; "
    "set it to the number of proxies in front of the app"
)
_warned = False
_warned_lock = threading.Lock()


# --- the client's address -----------------------------------------------------------------------


def _address(value: str | None) -> str | None:
    """`value` as one canonical IP address (so that one address is counted once however it is
    written), or None when it is not an address at all."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.9:443
        value = value.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        parsed = ipaddress.IPv6Address(int(parsed))  # without a %zone, which no database column takes
    return str(parsed)


def warn_if_forwarded_is_ignored(request) -> None:
    """Once per process: an X-Forwarded-For arrived while no proxy is trusted, so it is ignored.

    Either a proxy in front of the app is not declared (every sign-in then counts the proxy's
    address) or a client wrote the header itself; the log says which setting to look at."""
    global _warned
    if _warned or settings.LSCB_TRUSTED_PROXIES or "HTTP_X_FORWARDED_FOR" not in request.META:
        return
    with _warned_lock:
        if not _warned:
            _warned = True
            logger.warning(FORWARDED_WITHOUT_PROXY)


def client_ip(request) -> str | None:
    """The address of the browser, as the trusted proxies in front of the app saw it.

    Behind LSCB_TRUSTED_PROXIES proxies that each append the address they saw to
    X-Forwarded-For (nginx: $proxy_add_x_forwarded_for), the browser's address is that many
    entries from the right; anything to the left of it was written by the client and is not
    believed. With no proxy trusted (the default), without the header, with fewer entries than
    proxies, or when that entry is not an address, it is the connection's address (REMOTE_ADDR).
    """
    proxies = settings.LSCB_TRUSTED_PROXIES
    remote = _address(request.META.get("REMOTE_ADDR"))
    if proxies <= 0:
        warn_if_forwarded_is_ignored(request)
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return _address(forwarded[-proxies]) or remote
    return remote


# --- the per-account delay ----------------------------------------------------------------------

_username_field = UsernameField(max_length=150)


def attempted_username(raw: object) -> str | None:
    """The username a sign-in form would check (stripped, normalised as Django's form does), or
    None when the form would refuse it before any password is checked."""
    if not isinstance(raw, str):
        return None
    try:
        return _username_field.clean(raw) or None
    except ValidationError:
        return None


def delay_after(failures: int) -> timedelta:
    """The wait after `failures` wrong passwords in a row (none below the limit): the first delay at
    the limit, doubling with each further wrong password, never more than the cap."""
    over = failures - settings.LSCB_ACCOUNT_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    first, cap = settings.LSCB_ACCOUNT_DELAY, settings.LSCB_ACCOUNT_DELAY_CAP
    if over >= 32:  # 2**32 times any first delay is past any cap
        return cap
    return min(first * 2**over, cap)


@dataclass(frozen=True)
class AccountWait:
    failures: int  # wrong passwords in a row within the window
    seconds: int  # to wait before the next try (0: try now)


def account_wait(username: str, address: str | None, at: datetime | None = None) -> AccountWait:
    """How long a sign-in as `username` must wait, whatever address the wrong passwords came from.

    Counts the wrong passwords for the username since the later of the window's start and its last
    sign-in (a right password starts the count again). One query (two when waiting)."""
    at = at or timezone.now()
    since = at - settings.LSCB_ACCOUNT_FAILURE_WINDOW
    last_sign_in = AccessLog.objects.filter(username=username, attempt_time__gte=since).values("username")
    last_sign_in = last_sign_in.annotate(last=Max("attempt_time")).values("last")
    failures = AccessFailureLog.objects.filter(
        username=username, attempt_time__gte=Coalesce(Subquery(last_sign_in), Value(since))
    ).aggregate(count=Count("id"), last=Max("attempt_time"))
    count = failures["count"]
    if count < settings.LSCB_ACCOUNT_FAILURE_LIMIT:
        return AccountWait(count, 0)
    remaining = failures["last"] + delay_after(count) - at
    if remaining <= timedelta(0):
        return AccountWait(count, 0)
    if address and _known_address(username, address, at):
        return AccountWait(count, 0)
    # Whole seconds, rounded up: "wait 0 seconds" is never said.
    return AccountWait(count, int(-(-remaining // timedelta(seconds=1))))


def wait_text(seconds: int) -> str:
    """30 -> "30 seconds"; from two minutes on, whole minutes rounded up: 900 -> "15 minutes"."""
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{-(-seconds // 60)} minutes"


def _known_address(username: str, address: str, at: datetime) -> bool:
    """The account signed in from this address lately: its owner, most likely, not slowed down by
    a stranger's guesses elsewhere."""
    recent = at - timedelta(days=settings.LSCB_ACCOUNT_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=recent).exists()


def forget_old_failures(at: datetime | None = None) -> None:
    """Wrong passwords older than the window (and the lockout's cool-off) are no longer needed:
    each wrong password deletes them, every username's, so the log holds what the limits read and
    no more (a day's wrong passwords at most: a small table, read without an index on time)."""
    keep = max(settings.LSCB_ACCOUNT_FAILURE_WINDOW, settings.AXES_COOLOFF_TIME)
    AccessFailureLog.objects.filter(attempt_time__lt=(at or timezone.now()) - keep).delete()


# --- the sign-in forms ----------------------------------------------------------------------------


class _UsernameLengthMixin:
    """Django's sign-in form sets the username's maximum length after the field is made, so the
    length is shown but never checked: an over-long username reached authenticate() and the
    failed-attempt record, which PostgreSQL refuses (a 500). Here it is checked like any field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInForm(_UsernameLengthMixin, AuthenticationForm):
    pass


class AdminSignInForm(_UsernameLengthMixin, AdminAuthenticationForm):
    pass
