"""Background work on the task queue (lscb.queue): one run per burst, a dead worker's task run
again, and the daily tasks always queued."""

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from challengelog import tasks as reminders
from lscb.queue import enqueue_once, requeue_abandoned
from yearend import tasks as reports

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def waiting(task):
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY")


def test_asking_again_moves_the_waiting_run_on_instead_of_queueing_another():
    soon = timezone.now() + timedelta(seconds=30)
    enqueue_once(reports.prepare_reports, run_after=soon)
    enqueue_once(reports.prepare_reports, run_after=soon + timedelta(seconds=5))
    assert waiting(reports.prepare_reports).count() == 1
    assert waiting(reports.prepare_reports).get().run_after == soon + timedelta(seconds=5)


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def running(worker: str, started: datetime) -> DBTaskResult:
    result = reports.prepare_reports.using(run_after=started).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started, worker_ids=[worker])
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_whose_worker_died_is_run_again_and_a_live_workers_is_left_alone(settings):
    settings.LSCB_TASK_LEASE_SECONDS = 3600
    host = socket.gethostname()[:40]
    now = timezone.now()
    orphan = running(f"{host}:{dead_pid()}", now)
    busy = running(f"{host}:{os.getpid()}", now)
    elsewhere = running("another-host:1", now - timedelta(minutes=5))
    stuck = running("another-host:2", now - timedelta(hours=2))
    assert requeue_abandoned(now) == 2
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[orphan.pk] == "READY" and states[stuck.pk] == "READY"
    assert states[busy.pk] == "RUNNING" and states[elsewhere.pk] == "RUNNING"


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task
def test_the_worker_runs_a_dead_workers_task_and_queues_the_daily_tasks(monkeypatch):
    runs = []
    monkeypatch.setattr(reports.files, "prepare_live_years", lambda: runs.append(1) or {})
    orphan = running(f"{socket.gethostname()[:40]}:{dead_pid()}", timezone.now())
    out = StringIO()
    call_command("worker", batch=True, stdout=out)
    assert "1 task of a worker that stopped will run again." in out.getvalue()
    assert runs == [1] and DBTaskResult.objects.get(pk=orphan.pk).status == "SUCCESSFUL"
    assert waiting(reminders.send_reminders).count() == 1
    assert waiting(reports.prepare_reports_nightly).count() == 1
    call_command("worker", batch=True, stdout=StringIO())
    assert waiting(reminders.send_reminders).count() == 1  # not queued twice


def test_the_digest_goes_out_each_working_morning_at_seven_london_time(settings):
    settings.LSCB_REMINDERS_HOUR = 7
    before = datetime(2026, 6, 1, 6, 30, tzinfo=LONDON)  # a Monday in summer time
    assert reminders.next_run(before) == datetime(2026, 6, 1, 7, 0, tzinfo=LONDON)
    after = datetime(2026, 12, 1, 7, 30, tzinfo=LONDON)
    assert reminders.next_run(after) == datetime(2026, 12, 2, 7, 0, tzinfo=LONDON)
    friday_afternoon = datetime(2026, 12, 4, 15, 0, tzinfo=LONDON)
    assert reminders.next_run(friday_afternoon) == datetime(2026, 12, 7, 7, 0, tzinfo=LONDON)


def test_the_daily_digest_task_sends_and_queues_the_next_days(mailoutbox, monkeypatch):
    sent = []
    monkeypatch.setattr(reminders, "send_digests", lambda day, url: sent.append(day) or [])
    reminders.send_reminders.call()
    assert sent == [timezone.localdate()]
    [queued] = waiting(reminders.send_reminders)
    assert queued.run_after > timezone.now()
