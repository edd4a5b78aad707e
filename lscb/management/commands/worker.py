"""manage.py worker: run the background work (lscb.queue). Run one or more, on any machine that
reaches the database: each takes the next task due, and no task is run by two at once."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from challengelog import tasks as reminders
from lscb.queue import ensure_queued, requeue_abandoned, worker_id
from yearend import tasks as reports


class Command(BaseCommand):
    help = (
        "Run the background work: the annual report PDFs laid out after changes and every night, and the "
        "daily reminder digest. Sets a task back to be retried when the worker running it died, and queues "
        "the daily tasks if none is queued; then runs Django's db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the tasks due now, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue.")

    def handle(self, *args, batch: bool = False, interval: float = 1.0, **options) -> None:
        retried = requeue_abandoned()
        if retried:
            self.stdout.write(f"{retried} task{'s' if retried != 1 else ''} of a worker that stopped will run again.")
        reminders.schedule()
        reports.schedule()
        # The live years' charts, drawn before a reader asks (queued once however many workers start).
        ensure_queued(reports.draw_charts, run_after=timezone.now())
        call_command(
            "db_worker",
            worker_id=worker_id(),
            batch=batch,
            interval=interval,
            # Never the autoreloader's child process: stopped, the worker must stop with its tasks
            # (restart it after changing the code of a task).
            reload=False,
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
