"""The reminder digest as a daily task on the worker (lscb.queue); `manage.py send_reminders` sends
it by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lscb.queue import ensure_queued

from .reminders import send_digests


def next_run(now: datetime | None = None) -> datetime:
    """The next working day's LSCB_REMINDERS_HOUR o'clock, London time (Monday to Friday)."""
    now = timezone.localtime(now or timezone.now())
    day = now.date()
    while True:
        at = timezone.make_aware(datetime.combine(day, time(settings.LSCB_REMINDERS_HOUR)))
        if at > now and day.weekday() < 5:
            return at
        day += timedelta(days=1)


@task()
def send_reminders() -> list[str]:
    """Send today's digests, then queue tomorrow's. Returns what was sent, for the admin's task list."""
    try:
        sent = send_digests(timezone.localdate(), settings.LSCB_SITE_URL)
        return [f"{board.label}: {', '.join(to) or 'nothing to send'}" for board, _found, to in sent]
    finally:
        ensure_queued(send_reminders, run_after=next_run(timezone.now() + timedelta(minutes=1)))


def schedule() -> None:
    ensure_queued(send_reminders, run_after=next_run())
