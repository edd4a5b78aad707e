"""Fuzzing signing in: hostile usernames and X-Forwarded-For headers (spoofed, many entries, IPv6
with ports and zones, junk) with any number of trusted proxies. Never a 500; every recorded
address is one address."""

from __future__ import annotations

import ipaddress

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from hypothesis import example, given
from hypothesis import strategies as st

from . import strategies as s
from .harness import bounded, rolled_back

pytestmark = pytest.mark.django_db

JUNK_ENTRIES = ["unknown", "", " ", "_hidden", "999.1.1.1", "1.2.3", "::::", "[::1", "::1]:80", "0x7f.1", "localhost"]


def entries() -> st.SearchStrategy[str]:
    ipv4 = st.ip_addresses(v=4).map(str)
    ipv6 = st.ip_addresses(v=6).map(str)
    return st.one_of(
        ipv4,
        ipv6,
        st.builds(lambda ip, port: f"{ip}:{port}", ipv4, st.integers(0, 99999)),
        st.builds(lambda ip, port: f"[{ip}]:{port}", ipv6, st.integers(0, 99999)),
        st.builds(lambda ip, zone: f"{ip}%{zone}", ipv6, st.sampled_from(["eth0", "1", "%", ""])),
        ipv6.map(str.upper),
        st.sampled_from(JUNK_ENTRIES),
        s.text(30),
    )


def forwarded_for() -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(entries(), max_size=8).map(", ".join),
        st.lists(entries(), min_size=50, max_size=400).map(",".join),  # a long chain
        s.text(),
    )


def one_address_or_none(value: str | None) -> bool:
    if value is None:
        return True
    return str(ipaddress.ip_address(value)) == value


@bounded(40)
@given(
    proxies=st.sampled_from([0, 1, 2, 5]),
    forwarded=forwarded_for(),
    remote=st.one_of(st.ip_addresses().map(str), st.sampled_from(["", "unix:/run/gunicorn.sock", "::ffff:10.0.0.1"])),
    username=st.one_of(st.just("member"), s.text()),
    password=st.one_of(st.just("a-long-test-password"), s.text()),
    view=st.sampled_from(["/accounts/login/", "/admin/login/"]),
)
@example(
    proxies=1,
    forwarded="203.0.113.9, 2001:db8::1",
    remote="127.0.0.1",
    username="member",
    password="x",
    view="/accounts/login/",
)
@example(proxies=2, forwarded="junk, junk", remote="", username="\x00", password="", view="/admin/login/")
@example(
    proxies=1,
    forwarded=",".join(["198.51.100.1"] * 400),
    remote="10.0.0.1",
    username="Zoë Ångström-Ørsted " * 20,
    password="x",
    view="/accounts/login/",
)
def test_signing_in_with_any_forwarded_for(
    client, settings, board_member, proxies, forwarded, remote, username, password, view
):
    settings.LSCB_TRUSTED_PROXIES = proxies
    with rolled_back():
        response = client.post(
            view, {"username": username, "password": password}, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code in (200, 302, 429)
        recorded = [
            *AccessAttempt.objects.values_list("ip_address", flat=True),
            *AccessFailureLog.objects.values_list("ip_address", flat=True),
        ]
        assert all(one_address_or_none(address) for address in recorded), recorded
        client.logout()
