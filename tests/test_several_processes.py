"""Two web processes and two workers against one PostgreSQL database, as on two servers: a burst
of writes through both lays each live year's report out once, on a worker; a download after the
burst has the new words; each process's kept pages follow writes made through the other; and a
worker killed mid-layout leaves its task to be run again and no partial file."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from lscb.years import ReportingYear
from tests.factories import GroupFactory, MeetingFactory, ReviewFactory
from tests.test_database_outage import Browser
from yearend.models import ReportFile
from yearend.services import narrative_save

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
PREPARE = "yearend.tasks.prepare_reports"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    """The environment of a process that uses this test's database, key and settings."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lscb.settings.test",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "LSCB_PREPARE_REPORTS_AFTER": "5",
        "MPLCONFIGDIR": os.environ.get("MPLCONFIGDIR", "/tmp/mpl"),
    }


class Processes:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, *command: str) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=log, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def web(self, name: str) -> str:
        port = free_port()
        self.start(name, sys.executable, "-m", "gunicorn", "lscb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1")
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(url), f"{name} to start", self.tmp_path / f"{name}.log")
        return url

    def worker(self, name: str) -> subprocess.Popen:
        return self.start(name, sys.executable, "manage.py", "worker", "--interval", "0.2")

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def _answers(url: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, what: str, log: Path | None = None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    detail = log.read_text()[-2000:] if log is not None and log.exists() else ""
    raise AssertionError(f"waited {seconds} s for {what}\n{detail}")


def write_narrative(browser: Browser, slug: str, year: ReportingYear, section: str, text: str) -> None:
    path = f"/{slug}/yearend/{year.label}/narrative/{section}/"
    page = browser.request(path)
    assert page.status == 200, page.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]
    version = re.search(r'name="version" value="(\d+)"', page.body)[1]
    answer = browser.request(path, {"csrfmiddlewaretoken": token, "version": version, "text": text})
    assert answer.status == 302, (answer.status, answer.body[:500])


def layouts_per_year() -> Counter:
    """How many times each year's report was laid out, by the preparation tasks that finished."""
    laid_out = Counter()
    for result in DBTaskResult.objects.filter(task_path=PREPARE, status="SUCCESSFUL"):
        laid_out.update(year for year, seconds in result.return_value.items() if seconds is not None)
    return laid_out


def settled() -> bool:
    return not DBTaskResult.objects.filter(task_path=PREPARE, status__in=["READY", "RUNNING"]).exists()


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def download(browser: Browser, path: str) -> bytes:
    request = urllib.request.Request(browser.base_url + path)
    request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in browser.cookies.items()))
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        return response.read()


def test_two_web_processes_and_two_workers_share_the_work(settings, client_for, manager, board, tmp_path):
    this_year = ReportingYear.current()
    live = {this_year.label, this_year.previous.label}
    group = GroupFactory(name="Safeguarding Board", kind="board")
    MeetingFactory(group=group, date=this_year.start, status="held")
    MeetingFactory(group=group, date=this_year.previous.start, status="held")
    session = client_for(manager).cookies[settings.SESSION_COOKIE_NAME].value
    processes = Processes(tmp_path)
    try:
        first, second = processes.web("web-1"), processes.web("web-2")
        processes.worker("worker-1")
        processes.worker("worker-2")
        one, two = Browser(first, session), Browser(second, session)

        # Each process keeps the reviews list it drew; a write through the other shows at once.
        assert "Child W" not in one.request(f"/{board.slug}/learning/reviews/").body
        assert "Child W" not in two.request(f"/{board.slug}/learning/reviews/").body
        ReviewFactory(ref="RR-2026-01", title="Child W")
        assert "Child W" in one.request(f"/{board.slug}/learning/reviews/").body
        assert "Child W" in two.request(f"/{board.slug}/learning/reviews/").body

        # A burst of writes through both web processes, quicker than the quiet period.
        sections = ["introduction", "governance", "attendance", "priorities", "challenges", "next_year"]
        for number, section in enumerate(sections):
            browser = one if number % 2 == 0 else two
            write_narrative(browser, board.slug, this_year, section, f"Burst {number}: the partners met in full.")
        assert DBTaskResult.objects.filter(task_path=PREPARE, status="READY").count() <= 2  # one, or two at a race
        wait_for(
            lambda: settled() and ReportFile.objects.filter(year__in=live, format="pdf").count() == 2, "the preparation"
        )
        assert layouts_per_year() == Counter(dict.fromkeys(live, 1))  # each live year laid out once

        # A download after the burst is the kept file (served, not laid out again), with its last words.
        kept = ReportFile.objects.get(year=this_year.label, format="pdf")
        served = download(two, f"/{board.slug}/yearend/{this_year.label}/report.pdf")
        assert served == bytes(kept.content) and ReportFile.objects.get(pk=kept.pk).made_at == kept.made_at
        assert "Burst 5: the partners met in full." in pdf_text(served, tmp_path)

        # A worker killed in the middle of a layout: its task is run again by the next worker to
        # start, and no half-made file is ever kept.
        processes.stop_all()
        processes.running.clear()
        victim = processes.worker("worker-3")
        DBTaskResult.objects.filter(task_path=PREPARE).delete()
        settings.LSCB_PREPARE_REPORTS_AFTER = 0
        narrative_save(
            board=board,
            year=this_year,
            section="voice",
            text="After the kill: the words the report must show.",
            by=manager,
        )
        wait_for(
            lambda: DBTaskResult.objects.filter(task_path=PREPARE, status="RUNNING").exists(),
            "the layout to start",
            tmp_path / "worker-3.log",
        )
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        task = DBTaskResult.objects.get(task_path=PREPARE)
        assert task.status == "RUNNING"  # left as it was by the dead worker
        assert "After the kill" not in pdf_text(
            bytes(ReportFile.objects.get(year=this_year.label, format="pdf").content), tmp_path
        )

        processes.worker("worker-4")
        wait_for(
            lambda: DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL", "the retry", tmp_path / "worker-4.log"
        )
        redone = bytes(ReportFile.objects.get(year=this_year.label, format="pdf").content)
        assert redone.startswith(b"%PDF") and "After the kill: the words the report must show." in pdf_text(
            redone, tmp_path
        )
    finally:
        processes.stop_all()
