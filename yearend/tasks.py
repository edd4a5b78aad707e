"""The annual reports' PDFs laid out on the worker (lscb.queue), never in a web process: after the
records change (once per burst of writes, whatever the number of web processes) and every night
(each report shows the day it was made)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lscb.queue import enqueue_once, ensure_queued
from lscb.years import ReportingYear

from . import files


@task()
def prepare_reports() -> dict[str, float | None]:
    """Lay out the live years' reports that changed: each year with the seconds its layout took, or
    None when it was kept as it stands."""
    return files.prepare_live_years()


@task()
def prepare_reports_nightly() -> dict[str, float | None]:
    try:
        return files.prepare_live_years()
    finally:
        ensure_queued(prepare_reports_nightly, run_after=_after_midnight())


def _after_midnight(now: datetime | None = None) -> datetime:
    """Five past midnight tonight, London time."""
    now = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time(0, 5)))


def record_written(sender, **kwargs) -> None:
    """post_save / post_delete of a record the report is made from (connected in yearend.apps):
    once the records have been quiet for LSCB_PREPARE_REPORTS_AFTER seconds, prepare the reports."""
    if settings.LSCB_PREPARE_REPORTS_AFTER is not None:
        transaction.on_commit(_queue_preparation)


def _queue_preparation() -> None:
    enqueue_once(prepare_reports, run_after=timezone.now() + timedelta(seconds=settings.LSCB_PREPARE_REPORTS_AFTER))


def schedule() -> None:
    ensure_queued(prepare_reports_nightly, run_after=_after_midnight())


@task()
def prepare_year(board_pk: int, year: str) -> float | None:
    """Make the files of a year that is not live, asked for by a reader (yearend.files.NotReady)."""
    from governance.models import Board

    board = Board.objects.filter(pk=board_pk).first()
    return None if board is None else files.prepare(ReportingYear.parse(year), board)
