"""Every write of two-factor sign-in: set up an authenticator app, check a code, make backup codes."""

from __future__ import annotations

import logging
from base64 import b32encode

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

log = logging.getLogger(__name__)

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


def secret_text(device: TOTPDevice) -> str:
    """The device's key as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(text: str) -> str:
    """What the user typed, without the spaces and dashes people put in codes."""
    return "".join(text.split()).replace("-", "").lower()


def totp_device_pending(*, user) -> TOTPDevice:
    """The user's authenticator app being set up (unconfirmed), made on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; the new backup codes, or None if the code is wrong.

    Any other app of the user's is removed: one app per person, the one just proved.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(clean_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    log.info("Two-factor sign-in set up for user %s", device.user_id)
    return backup_codes_replace(user=device.user)


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """A fresh set of single-use backup codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    log.info("New backup codes made for user %s", user.pk)
    return codes


def backup_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def code_verify(*, user, code: str) -> Device | None:
    """The confirmed device (app or backup codes) that accepts the code; a backup code is used up."""
    code = clean_code(code)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_token(code):
            return device
    return None


def wait_seconds(*, user) -> int:
    """How long the user must wait before the next code is tried, after too many wrong ones (0: none)."""
    longest = 0
    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            longest = max(longest, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
    return longest
