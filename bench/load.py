"""The load test: gunicorn (2 workers, loopback only) on the bench database, and locust headless.

    python -m bench.load --output bench/results/load.json [--users 50 --seconds 60]

Starts gunicorn with lscb.settings.bench and warms both workers up; then locust (bench/locustfile.py)
spawns the users, who sign in and follow their journeys. The pages' figures are those of the
`seconds` after the last one signed in; every worker's resident memory is sampled from /proc
(psutil) all along. The locustfile records every request; the percentiles are computed here.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.bench")

import django

django.setup()

import psutil  # noqa: E402

from bench.builder import MANAGER, MEMBER, PASSWORD, load_users, totp_key  # noqa: E402
from bench.measure import percentile, targets  # noqa: E402
from bench.otp import totp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WAIT = (float(os.environ.get("BENCH_WAIT_MIN", "2")), float(os.environ.get("BENCH_WAIT_MAX", "6")))
# Seconds given to spawning and signing everyone in before the measured journeys: each sign-in
# hashes a password (by design, a good fraction of a second of CPU), fifty of them at the start.
SIGN_IN = 45


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


class MemorySampler(threading.Thread):
    """The largest resident set of each gunicorn worker, sampled every quarter second."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = psutil.Process(master)
        self.peak: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                for worker in self.master.children():
                    self.peak[worker.pid] = max(self.peak.get(worker.pid, 0), worker.memory_info().rss)
            except psutil.Error:
                pass
            self.done.wait(0.25)


def warm_up(url: str, pages: dict[str, str]) -> None:
    """Each worker imports, draws and caches every page for both roles before the clock starts (a
    deployment is warm too), with sign-ins the load test's users do not use."""

    def reader(number: int) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

        def post(path: str, data: dict) -> str:
            form = opener.open(url + path).read().decode()
            token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
            response = opener.open(
                url + path, data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
            )
            response.read()
            return urllib.parse.urlsplit(response.url).path

        manager = number == 1  # one: a code is accepted once per account and time step
        username = MANAGER if manager else MEMBER
        if post("/accounts/login/", {"username": username, "password": PASSWORD}).startswith("/account/two-factor/"):
            post("/account/two-factor/verify/", {"code": totp(totp_key(username))})
        for _ in range(3):
            for name, path in pages.items():
                if manager or name != "record a meeting":  # a board member may not record
                    opener.open(url + path).read()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(reader, range(4)))


def figures(records: list, seconds: float) -> dict:
    times = [ms for _, ms, *_ in records]
    return {
        "requests": len(records),
        "failures": sum(1 for _, _, failed, *_ in records if failed),
        "rps": round(len(records) / seconds, 2) if seconds else 0,
        "median_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
    }


def read_records(path: Path, seconds: float) -> dict:
    """The journeys' pages (the target), over the `seconds` after the last user signed in; signing
    in (a password hash each, all at the start) on its own; and every request of the whole run."""
    records = json.loads(path.read_text(encoding="utf-8"))
    signing_in = [r for r in records if r[0].startswith("sign in")]
    first = min((r[3] - r[1] / 1000 for r in records), default=0)
    ready = max((r[3] for r in signing_in), default=first)
    window = [r for r in records if ready < r[3] - r[1] / 1000 and r[3] <= ready + seconds]
    last = max((r[3] for r in records), default=ready)
    names = sorted({r[0] for r in window})
    return {
        "window_seconds": round(min(seconds, last - ready), 1),
        "pages": figures(window, seconds),
        "sign_in": figures(signing_in, seconds),
        "total": figures(records, (last - first) or 1),
        "by_page": {name: figures([r for r in window if r[0] == name], seconds) for name in names},
    }


def run(users: int, seconds: int, spawn_rate: float) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    pages = targets()
    with tempfile.TemporaryDirectory(prefix="lscb-load-") as folder:
        target_file = Path(folder) / "targets.json"
        keys = {name: totp_key(name) for name in load_users(MANAGER)}
        target_file.write_text(
            json.dumps({"pages": pages, "password": PASSWORD, "manager": MANAGER, "member": MEMBER, "keys": keys}),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lscb.settings.bench",
            # Both workers must sign sessions with the same key.
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(64),
            "BENCH_TARGETS": str(target_file),
            "BENCH_RECORDS": str(Path(folder) / "records.json"),
            "PYTHONPATH": str(ROOT),
        }
        server = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "lscb.wsgi:application", "--workers", "2"),
                *("--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
        )
        load_before = round(os.getloadavg()[0], 2)
        sampler = MemorySampler(server.pid)
        try:
            wait_ready(url)
            sampler.start()
            warm_up(url, pages)
            started = time.monotonic()
            subprocess.run(
                [
                    *(str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
                    *("--users", str(users), "--spawn-rate", str(spawn_rate), "--run-time", f"{seconds + SIGN_IN}s"),
                    *("--host", url, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"),
                    *("--exit-code-on-error", "0"),
                ],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            elapsed = time.monotonic() - started
            stats = read_records(Path(folder) / "records.json", seconds)
        finally:
            sampler.done.set()
            server.terminate()
            server.wait(timeout=30)
    return {
        "users": users,
        "seconds": seconds,
        "spawn_rate": spawn_rate,
        "wall_seconds": round(elapsed, 1),
        "workers": 2,
        "think_time_s": list(WAIT),
        "peak_worker_rss_mb": round(max(sampler.peak.values(), default=0) / 2**20, 1),
        # What else the machine was doing: the load average (1 min) before and after.
        "load_average": [load_before, round(os.getloadavg()[0], 2)],
        **stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=5)
    args = parser.parse_args()
    result = run(args.users, args.seconds, args.spawn_rate)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    total, pages = result["total"], result["pages"]
    print(
        f"  load: {total['rps']} requests/s, p95 {total['p95_ms']:.0f} ms (pages {pages['p95_ms']:.0f} ms), "
        f"{total['failures']} failures of {total['requests']}, peak worker {result['peak_worker_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
