"""The load test's users: board members and business managers signing in and reading their pages.

Run by bench/load.py (`locust --headless`); BENCH_TARGETS names the JSON file it writes with the
pages' addresses, the password and the authenticator keys of the bench sign-ins. Each simulated
user signs in with its own account (a code is accepted once per account and time step), then
follows its journey round and round, pausing between pages as a reader does.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from bench.otp import totp  # bench/load.py puts the project on PYTHONPATH

TARGETS = json.loads(Path(os.environ["BENCH_TARGETS"]).read_text(encoding="utf-8"))
PAGES: dict[str, str] = TARGETS["pages"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts = itertools.count(1)
# Every request's (name, milliseconds, failed, when it ended), written out at the end for
# bench/load.py's percentiles.
RECORDS: list[tuple[str, float, bool, float]] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception=None, **kwargs) -> None:
    RECORDS.append((name, response_time, exception is not None, time.time()))


@events.quitting.add_listener
def _write_records(**kwargs) -> None:
    if os.environ.get("BENCH_RECORDS"):
        Path(os.environ["BENCH_RECORDS"]).write_text(json.dumps(RECORDS), encoding="utf-8")


# What each role reads, in order; the business manager also opens a meeting's register.
BOARD_MEMBER = [
    "dashboard",
    "structure",
    "calendar",
    "attendance",
    "plan",
    "what changed",
    "challenge log",
    "agency record",
    "year-end page",
]
BUSINESS_MANAGER = [
    "dashboard",
    "calendar",
    "record a meeting",
    "attendance",
    "plan",
    "what changed",
    "challenge log",
    "agency record",
    "structure",
    "year-end page",
]


def signed_in(path: str) -> bool:
    """Where a sign-in lands: the list of boards (/), or the board's home when the user sees one board."""
    return path == "/" or path == TARGETS["pages"]["dashboard"]


class Journey(HttpUser):
    abstract = True
    # A reader spends a few seconds on each page before opening the next.
    wait_time = between(float(os.environ.get("BENCH_WAIT_MIN", "2")), float(os.environ.get("BENCH_WAIT_MAX", "6")))
    account = ""
    journey: list[str] = []

    def on_start(self) -> None:
        self.step = 0
        username = f"{self.account}-{next(_accounts):02d}"
        form = self.client.get("/accounts/login/", name="sign in: form")
        token = CSRF.search(form.text)
        data = {"username": username, "password": TARGETS["password"], "csrfmiddlewaretoken": token[1] if token else ""}
        with self.client.post("/accounts/login/", data=data, name="sign in", catch_response=True) as response:
            path = urlsplit(response.url).path
            second_step = path.startswith("/account/two-factor/verify/")
            if not signed_in(path) and not second_step:
                response.failure(f"{username} was not signed in (at {path})")
        if second_step:
            token = CSRF.search(response.text)
            code = {"code": totp(TARGETS["keys"][username]), "csrfmiddlewaretoken": token[1] if token else ""}
            with self.client.post(response.url, data=code, name="sign in: code", catch_response=True) as final:
                if not signed_in(urlsplit(final.url).path):
                    final.failure(f"{username}'s code was refused (at {urlsplit(final.url).path})")

    @task
    def next_page(self) -> None:
        name = self.journey[self.step % len(self.journey)]
        self.step += 1
        with self.client.get(PAGES[name], name=name, catch_response=True) as response:
            # A redirect (to sign in, or to the second step) is a failure, not a page.
            if response.ok and urlsplit(response.url).path != PAGES[name]:
                response.failure(f"redirected to {urlsplit(response.url).path}")


class BoardMember(Journey):
    account = TARGETS["member"]
    journey = BOARD_MEMBER


class BusinessManager(Journey):
    account = TARGETS["manager"]
    journey = BUSINESS_MANAGER
