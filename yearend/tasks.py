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
from lscb.signals import personal_data_removed
from lscb.years import ReportingYear

from . import charts, files


@task()
def prepare_reports() -> dict[str, float | None]:
    """Draw the live years' charts that changed, then lay out the live years' reports that changed:
    each year with the seconds its layout took, or None when it was kept as it stands."""
    draw_live_charts()
    return files.prepare_live_years()


@task()
def prepare_reports_nightly() -> dict[str, float | None]:
    try:
        draw_live_charts()
        return files.prepare_live_years()
    finally:
        ensure_queued(prepare_reports_nightly, run_after=_after_midnight())


def _after_midnight(now: datetime | None = None) -> datetime:
    """Five past midnight tonight, London time."""
    now = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time(0, 5)))


@task()
def draw_charts() -> int:
    """Queued by each worker as it starts: the live years' charts drawn before a reader asks."""
    return draw_live_charts()


def draw_live_charts() -> int:
    """Draw every board's live years' report charts that are not kept yet (yearend.charts keeps them
    for every process, keyed by what they show), and forget the drawings no longer shown: how many
    were drawn."""
    from governance.models import Board

    from .dashboard import plan_figures
    from .models import DrawnChart
    from .report import build_report

    live = files.live_years()
    DrawnChart.objects.exclude(year__in=[year.label for year in live]).delete()
    drawn = 0
    today, current = timezone.localdate(), ReportingYear.current()
    for board in Board.objects.order_by("name"):
        on_record = files.years_on_record(board)
        for year in live:
            shown = charts.shown(build_report(year, board)) if year in on_record else []
            if year == current:
                # The dashboard's chart of each active plan, as at today: its first reader in any
                # process reads it rather than drawing it.
                shown += [rag.chart for rag in plan_figures(board, today, year).plans]
            if shown:
                drawn += charts.draw(board, year, shown)
    return drawn


def forget_drawn_charts(**kwargs) -> None:
    """Names were removed from the records: no kept drawing may still show them (lscb.signals)."""
    from .models import DrawnChart

    DrawnChart.objects.all().delete()
    transaction.on_commit(DrawnChart.objects.all().delete)


personal_data_removed.connect(forget_drawn_charts, dispatch_uid="yearend-forget-drawn-charts")


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
    if board is None:
        return None
    with charts.shared(board, year):  # its charts kept for the web page too
        return files.prepare(ReportingYear.parse(year), board)
