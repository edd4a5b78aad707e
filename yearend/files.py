"""The annual report's PDF, laid out once per version of the report and kept.

A large board's report is about a hundred A4 pages, and WeasyPrint takes seconds to lay it out.
So the layout is kept (ReportFile, one per board and year) under the digest of the HTML it was made from:
the HTML holds every figure, the narrative and the day the report was made, so a download is
served from the store only while the report would come out the same, and any change to the
records makes a new layout. After a write, once the records have been quiet for
LSCB_PREPARE_REPORTS_AFTER seconds, the worker lays out the reports of the live years (the
reporting year so far and the last full one: yearend.tasks) so that the next download finds them
ready. One layout of a board's report at a time, across every process and machine: the layout
holds a lock on the board's row, and whoever waited for it then finds the file kept. So a
download that finds its PDF not ready waits for the worker's layout or lays it out itself, never both.

A year whose report the chair signed off is served as signed (SignedReport), in every format,
and never laid out again until it is reopened.

Which years have a report (`years_on_record`, `require_offered`): the year now running, and every
year that holds a record the report is made from (a meeting, a challenge raised, a progress note,
a plan running, a narrative, a sign-off, a review notified or concluded, a recommendation's update,
evidence received, a dataset value's period, a training event, a year's budget or contributions). Any other year answers 404 for its page, PDF, Word
document and figures, before anything is drawn or laid out: nobody can make the server lay out
and keep reports of empty years from 1900 to 2200. So a layout happens only for
  - the live years (this one and the last) on record, in the background after the records change; and
  - a year on record whose PDF is not kept (an older year, or a live one that changed since), when
    someone downloads it: it must be served, so it is laid out then (under the board's lock), and
    kept until the next background preparation forgets the years that are not live.
The background preparation keeps files for the live years alone, never for years nobody asked for.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils import timezone

from lscb import freshness
from lscb.years import FIRST_YEAR, LAST_YEAR, ReportingYear, reporting_year_of

from .models import ReportFile, SignedReport
from .render import pdf_from_html, report_html
from .report import build_report

# Each format of the report, and where a signed-off report keeps it.
SIGNED_COPIES = {"html": "print_html", "pdf": "pdf", "docx": "docx", "json": "summary"}


def years_on_record(board, version: str | None = None) -> list[ReportingYear]:
    """The years that have a report of `board`, newest first: the year now running and every year holding a
    record (see the module's docstring). Given the records' version (lscb.freshness.data_version),
    read once per version: the read scans every dated record (24 ms at the benchmark's scale 10 on
    SQLite, 0.9 ms from the cache; on PostgreSQL it took the year-end page from 2.4 to 4.5 times the
    empty page's time) and its answer changes only with the records and the year."""
    if version is None:
        return _years_on_record(board)
    key = "yearend:years:" + hashlib.sha256(f"{board.pk}/{version}/{ReportingYear.current()}".encode()).hexdigest()
    years = cache.get(key)
    if years is None:
        years = _years_on_record(board)
        cache.set(key, years, freshness.TIMEOUT)
    return years


def _years_on_record(board) -> list[ReportingYear]:
    """years_on_record, read in one query: the board's records (its joint groups' meetings included)."""
    from businessplan.models import Plan, ProgressUpdate
    from challengelog.models import Challenge
    from dataset.models import IndicatorValue
    from finance.models import BudgetLine, Contribution
    from governance.models import Group, Meeting
    from learning.models import Evidence, RecommendationUpdate, Review
    from training.models import TrainingEvent

    from .models import Narrative

    def dated(rows, field):
        year = reporting_year_of(field)
        return rows.order_by().annotate(a=year, b=year).values_list("a", "b")

    def numbered(model):
        return model.objects.filter(board=board).order_by().annotate(a=F("year"), b=F("year")).values_list("a", "b")

    def labelled(model):
        year = Cast(Substr("year", 1, 4), IntegerField())
        return model.objects.filter(board=board).order_by().annotate(a=year, b=year).values_list("a", "b")

    plans = (
        Plan.objects.filter(board=board).order_by().annotate(a=reporting_year_of("start"), b=reporting_year_of("end"))
    )
    groups = Group.objects.for_board(board).values("pk")
    spans = dated(Meeting.objects.filter(group__in=groups), "date").union(
        dated(Challenge.objects.filter(board=board), "raised_on"),
        dated(ProgressUpdate.objects.filter(action__plan__board=board), "date"),
        plans.values_list("a", "b"),
        labelled(Narrative),
        labelled(SignedReport),
        # The learning records: a review notified or concluded, a recommendation's update, evidence received.
        dated(Review.objects.filter(board=board), "notified_on"),
        dated(Review.objects.filter(board=board), "concluded_on"),
        dated(RecommendationUpdate.objects.filter(recommendation__review__board=board), "date"),
        dated(Evidence.objects.filter(board=board), "date"),
        # The dataset, training and money: a value's period, an event, a year's budget or contributions.
        dated(IndicatorValue.objects.filter(indicator__board=board), "starts_on"),
        dated(TrainingEvent.objects.filter(board=board), "date"),
        numbered(BudgetLine),
        numbered(Contribution),
    )
    # The year now running is always offered: its report is where the business manager starts
    # writing, even before the year's first record.
    years = {ReportingYear.current().first}
    for first, last in spans:
        if first is not None:  # PostgreSQL's EXTRACT gives decimals
            first, last = int(first), int(last if last is not None else first)
            years.update(range(max(first, FIRST_YEAR), min(max(first, last), LAST_YEAR) + 1))
    return [ReportingYear(first) for first in sorted(years, reverse=True)]


def require_offered(year: ReportingYear, board, version: str | None = None) -> list[ReportingYear]:
    """404 for a year that has no report of `board` (see the module's docstring), before anything
    is drawn; else the years on record."""
    years = years_on_record(board, version)
    if year not in years:
        raise Http404(f"There is no report for {year}: no records are dated in it.")
    return years


def signed_copy(year: ReportingYear, board, fmt: str) -> str | bytes | None:
    """`board`'s report of the year in a format (html, pdf, docx, json) exactly as the chair signed
    it off, or None while it is a draft: one query, reading that format alone."""
    value = (
        SignedReport.objects.filter(board=board, year=year.label, reopened_at__isnull=True)
        .values_list(SIGNED_COPIES[fmt], flat=True)
        .first()
    )
    return bytes(value) if isinstance(value, memoryview | bytearray) else value


# The kept formats: the PDF takes seconds to lay out, the Word document about a second.
FORMATS = ("pdf", "docx")


class NotReady(Exception):
    """The file of a year that is not live is not kept: it is queued to be made (see the module's
    docstring); the reader is asked to come back in a moment."""


@dataclass
class Current:
    """The report as the records make it now, with what each format's digest covers."""

    report: object
    html: str

    def digest(self, fmt: str) -> str:
        # The engine's version too, so that an upgrade makes the files again.
        if fmt == "pdf":
            from weasyprint import __version__ as engine
        else:
            from docx import __version__ as engine
        return hashlib.sha256(f"{fmt} {engine}\n{self.html}".encode()).hexdigest()

    def make(self, fmt: str) -> bytes:
        if fmt == "pdf":
            return pdf_from_html(self.html)
        from .docx import report_docx

        return report_docx(self.report)


def report_file(year: ReportingYear, board, fmt: str) -> bytes:
    """`board`'s report of the year as a PDF or Word document: as signed off, else kept when it is
    the current report, else made now for a live year (waiting for the worker if it is making it),
    else queued (NotReady)."""
    signed = signed_copy(year, board, fmt)
    if signed is not None:
        return signed
    current = _current(year, board)
    kept = _kept(year, board, fmt, current.digest(fmt))
    if kept is not None:
        return kept
    if year not in live_years():
        from .tasks import prepare_year

        queue_year(prepare_year, board, year)
        raise NotReady(f"The {year} report is being prepared.")
    return _make(year, board, fmt, current)[0]


def report_pdf_file(year: ReportingYear, board) -> bytes:
    return report_file(year, board, "pdf")


def report_docx_file(year: ReportingYear, board) -> bytes:
    return report_file(year, board, "docx")


def queue_year(task, board, year: ReportingYear) -> None:
    """Queue the making of a year's files unless it is queued already (one per board and year)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    if any(result.args_kwargs.get("args") == [board.pk, year.label] for result in waiting):
        return
    task.enqueue(board.pk, year.label)


def prepare(year: ReportingYear, board) -> float | None:
    """Make `board`'s report files of the year unless they are kept as they stand or signed off:
    the seconds it took, or None."""
    if SignedReport.objects.filter(board=board, year=year.label, reopened_at__isnull=True).exists():
        return None
    current = _current(year, board)
    spent = None
    for fmt in FORMATS:
        if not ReportFile.objects.filter(board=board, year=year.label, format=fmt, digest=current.digest(fmt)).exists():
            seconds = _make(year, board, fmt, current)[1]
            if seconds is not None:
                spent = round((spent or 0) + seconds, 2)
    return spent


def _make(year: ReportingYear, board, fmt: str, current: Current) -> tuple[bytes, float | None]:
    from governance.models import Board

    digest = current.digest(fmt)
    # One making of the board's report at a time, in every process: the row stays locked until
    # the file is kept, and a second caller then finds it (PostgreSQL; SQLite writes one at a time).
    with transaction.atomic():
        Board.objects.select_for_update().filter(pk=board.pk).first()
        kept = _kept(year, board, fmt, digest)  # made while this one waited
        if kept is not None:
            return kept, None
        started = time.perf_counter()
        content = current.make(fmt)
        seconds = round(time.perf_counter() - started, 2)
        # Kept only if the records did not change meanwhile: a name removed meanwhile
        # (forget_all) must not come back in a file made from the records before.
        if _current(year, board).digest(fmt) == digest:
            ReportFile.objects.update_or_create(
                board=board,
                year=year.label,
                format=fmt,
                defaults={"digest": digest, "content": content, "made_at": timezone.now(), "seconds": seconds},
            )
    return content, seconds


def _current(year: ReportingYear, board) -> Current:
    report = build_report(year, board)
    return Current(report, report_html(report))


def _kept(year: ReportingYear, board, fmt: str, digest: str) -> bytes | None:
    content = (
        ReportFile.objects.filter(board=board, year=year.label, format=fmt, digest=digest)
        .values_list("content", flat=True)
        .first()
    )
    return None if content is None else bytes(content)


def live_years() -> list[ReportingYear]:
    """The years whose report is read while the records still change: this one and the last."""
    current = ReportingYear.current()
    return [current.previous, current]


def prepare_live_years() -> dict[str, float | None]:
    """Make every board's report files of the live years if they changed, and forget the other
    years' (made again when asked for): each live year with the seconds its files took, or None if
    kept, keyed by year (one board) or by "board short name year" (several)."""
    from governance.models import Board

    live = live_years()
    ReportFile.objects.exclude(year__in=[year.label for year in live]).delete()
    boards = list(Board.objects.order_by("name"))
    done = {}
    for board in boards:
        on_record = years_on_record(board)
        for year in live:
            if year in on_record:
                key = year.label if len(boards) == 1 else f"{board.label} {year.label}"
                done[key] = prepare(year, board)
    return done


def forget_all(**kwargs) -> None:
    """Names were removed from the records: no stored report may still show them. Now, and again
    once the removal is committed (a layout stored meanwhile was made from the records before)."""
    ReportFile.objects.all().delete()
    transaction.on_commit(ReportFile.objects.all().delete)
