"""Running the queued tasks inside a test, as the worker would (lscb.queue), but on the test's own
database connection: the real worker (`manage.py worker`) closes its connection after each task,
which a test inside a transaction cannot survive on PostgreSQL. Tests of the worker itself run it
for real, in transactional tests."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult


def run_queued() -> int:
    """Run every task due now, in the order the worker takes them; return how many ran."""
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim("test")
        try:
            value = result.task.call(*result.task_result.args, **result.task_result.kwargs)
        except Exception as error:
            result.set_failed(error)
        else:
            result.set_successful(value)
        ran += 1
    return ran
