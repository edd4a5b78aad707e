"""The code an authenticator app shows now (RFC 6238, as django-otp checks it): for the load test's sign-ins."""

import hashlib
import hmac
import struct
import time


def totp(key_hex: str, step: int = 30, digits: int = 6) -> str:
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", int(time.time()) // step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"
