"""Background work: Django's tasks framework (the `django-tasks` backport of Django 6's API) with
its queue in the database (`django-tasks-db`), run by `manage.py worker` on any number of machines
against the one database. No web process starts a thread.

Three helpers the apps' tasks share:
- `enqueue_once`: a burst of writes, in any number of web processes, asks for one run after the
  last write: while the task waits in the queue, each new request moves its time on instead of
  queueing another.
- `ensure_queued`: a daily task queues its next run; the worker makes sure one is queued when it
  starts.
- `requeue_abandoned`: a task whose worker died mid-run (killed, machine lost) would stay
  "running" for ever; the next worker to start sets it back to be retried. The tasks are written
  to be run twice safely (each keeps its result only when complete).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.base import Task


def _queued_in_database(task: Task) -> bool:
    return type(task_backends[task.backend]).__module__.startswith("django_tasks_db")


def _waiting(task: Task):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path)


def enqueue_once(task: Task, *, run_after: datetime) -> None:
    """Queue `task` (no arguments) to run at `run_after`; if it is waiting already, move it to then."""
    if _queued_in_database(task) and _waiting(task).update(run_after=run_after):
        return
    task.using(run_after=run_after).enqueue()


def ensure_queued(task: Task, *, run_after: datetime) -> None:
    """Queue `task` (no arguments) for `run_after` unless a run of it is waiting already."""
    if _queued_in_database(task) and _waiting(task).exists():
        return
    task.using(run_after=run_after).enqueue()


def worker_id() -> str:
    """host:pid, so that a worker's tasks can be told apart from a dead worker's on the same host."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _alive_here(worker: str) -> bool | None:
    """Whether a worker of this host is alive; None for another host's (we cannot tell)."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_abandoned(now: datetime | None = None) -> int:
    """Set back to "ready" the running tasks whose worker is gone: a worker of this host whose
    process no longer exists, or any worker running one task for longer than LSCB_TASK_LEASE_SECONDS. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = timedelta(seconds=settings.LSCB_TASK_LEASE_SECONDS)
    abandoned = []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        gone = _alive_here(worker) is False
        if gone or (result.started_at is not None and now - result.started_at > lease):
            abandoned.append(result.pk)
    if not abandoned:
        return 0
    return DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None, run_after=now
    )
