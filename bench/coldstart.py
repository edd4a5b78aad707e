"""What the first reader after a start waits for: the first and second request of the main pages,
each in a freshly started gunicorn, served as production serves them.

    python -m bench.coldstart [--config gunicorn.conf.py | --config none] [--no-worker] [--output FILE]

DATABASE_URL names the database (the bench board: PostgreSQL after `bench/run`, or SQLite: a
file's path after `manage.py bench_data --scale 1 --force`). Before the servers start, the worker
has done what it does after a start (`manage.py worker --batch`, after `prepare_reports`): the
state a reader meets once a deployment has been up for a minute. Then, for each page, a new
gunicorn (`lscb.wsgi`, one worker so that both requests reach the same process, with the
repository's gunicorn.conf.py unless told otherwise) is started; once its worker has booted and
gone quiet, the page is requested twice, signed in as the business manager, and each request
timed from the client (whole round trip on loopback). Settings: lscb.settings.bench (production's
DEBUG off, persistent connections, every middleware; plain HTTP on loopback).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings.bench")
# One key for this process and the servers it starts: they read the session it signs in.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))

import django

django.setup()

import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.builder import MANAGER, first_board  # noqa: E402
from bench.measure import signed_in, targets  # noqa: E402
from lscb.years import ReportingYear  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = ("dashboard", "year-end page", "record a meeting")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def addresses() -> dict[str, str]:
    pages = targets()
    board = first_board()
    latest = ReportingYear.containing(timezone.localdate()).previous
    found = {name: pages[name] for name in PAGES}
    for fmt, name in (("pdf", "PDF download"), ("docx", "Word download")):
        found[name] = reverse("yearend:report-file", args=[board.slug, latest.label, fmt])
    return found


def session_cookie() -> str:
    """A signed-in session of the business manager, second step done (kept in the database)."""
    client = signed_in(MANAGER)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def worker_has_run(env: dict) -> None:
    """What a running worker has done: the live years' reports kept, and the tasks due now run
    (those the worker queues when it starts among them)."""
    for command in (["prepare_reports"], ["worker", "--batch"]):
        subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True)


def wait_quiet(server: subprocess.Popen, port: int, seconds: float = 120) -> None:
    """Until gunicorn listens and its worker has booted and used no CPU for a second."""
    deadline = time.monotonic() + seconds
    master = psutil.Process(server.pid)
    last = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped")
        time.sleep(0.5)
        workers = master.children()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            continue
        if not workers:
            continue
        used = sum(sum(w.cpu_times()[:2]) for w in workers) + sum(master.cpu_times()[:2])
        if last is not None and used - last < 0.01:
            return
        last = used
    raise SystemExit("gunicorn did not settle within two minutes")


def get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return round((time.perf_counter() - started) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(ROOT / "gunicorn.conf.py"), help="gunicorn's config file, or none.")
    parser.add_argument("--no-worker", action="store_true", help="Start from the database as it stands.")
    parser.add_argument("--page", action="append", help="Only this page (repeatable).")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lscb.settings.bench"}
    if not args.no_worker:
        worker_has_run(env)
    cookie = session_cookie()
    # gunicorn reads ./gunicorn.conf.py unless told another file: "none" starts it from elsewhere.
    plain = args.config == "none" or not Path(args.config).exists()
    config = ["--chdir", str(ROOT)] if plain else ["--config", args.config]
    results = {}
    for name, path in addresses().items():
        if args.page and name not in args.page:
            continue
        port = free_port()
        command = [str(BIN / "gunicorn"), *config, "lscb.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "300"]
        cwd = tempfile.gettempdir() if plain else ROOT
        server = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.DEVNULL)
        try:
            wait_quiet(server, port)
            url = f"http://127.0.0.1:{port}{path}"
            results[name] = {"first_ms": get(url, cookie), "second_ms": get(url, cookie)}
        finally:
            server.terminate()
            server.wait(30)
        row = results[name]
        print(f"  {name:<18} first {row['first_ms']:>8.1f} ms   second {row['second_ms']:>8.1f} ms", flush=True)
    if args.output:
        database = settings.DATABASES["default"]
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(
            json.dumps(
                {
                    "run": timezone.now().isoformat(timespec="seconds"),
                    "database": f"{database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}",
                    "config": args.config,
                    "pages": results,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
