"""A large workbook uploaded in the browser is checked and imported on the worker (lscb.queue), not
in the web request: the upload returns at once, and its page shows the progress, then the preview,
then the result. Small workbooks are still checked at once (lscb.workbook.views)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django_tasks import task

from lscb.models import WorkbookImport
from lscb.permissions import allowed

from .engine import import_workbook
from .uploads import result_text

Status = WorkbookImport.Status
# Rows a background import takes in all (the browser's own check stops at uploads.MAX_ROWS).
MAX_ROWS = 200_000
# Progress is written at most this often: each write is a query.
PROGRESS_EVERY_SECONDS = 1.0


def in_background(size: int) -> bool:
    """Whether an upload of `size` bytes is checked and imported on the worker."""
    return size > settings.LSCB_IMPORT_IN_BACKGROUND_BYTES


def start(*, board, user, name: str, content: bytes) -> WorkbookImport:
    job = WorkbookImport.objects.create(board=board, user=user, name=name, content=content)
    check_workbook.enqueue(str(job.pk))
    return job


def confirm(job: WorkbookImport) -> bool:
    """Queue the import of a checked workbook; False when it is not waiting for confirmation."""
    if not WorkbookImport.objects.filter(pk=job.pk, status=Status.CHECKED).update(status=Status.IMPORTING, done=0):
        return False
    import_checked_workbook.enqueue(str(job.pk))
    return True


def _run(job_id: str, *, dry_run: bool, then: str) -> str:
    job = WorkbookImport.objects.select_related("board", "user").filter(pk=job_id).first()
    if job is None or job.status not in (Status.CHECKING, Status.IMPORTING):
        return "nothing to do"
    from governance.models import Board

    # The boards the uploader may import into, as the browser's own import allows.
    boards = [board for board in Board.objects.all() if allowed("governance.import-workbook", job.user, board=board)]
    written = {"at": 0.0}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - written["at"] >= PROGRESS_EVERY_SECONDS or done == total:
            written["at"] = now
            WorkbookImport.objects.filter(pk=job.pk).update(done=done, total=total)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{Path(job.name).suffix.lower()}"
        path.write_bytes(bytes(job.content))
        result = import_workbook(
            path,
            by=job.user,
            dry_run=dry_run,
            label=job.name,
            max_rows=MAX_ROWS,
            board=job.board,
            boards=boards,
            progress=progress,
        )
    status = then if result.ok else Status.REFUSED
    WorkbookImport.objects.filter(pk=job.pk).update(status=status, result=result_text(result), done=F("total"))
    return status


@task()
def check_workbook(job_id: str) -> str:
    """The dry run: every problem, or what the import would create and change."""
    return _run(job_id, dry_run=True, then=Status.CHECKED)


@task()
def import_checked_workbook(job_id: str) -> str:
    """The import itself, all or nothing, attributed to the person who uploaded it."""
    return _run(job_id, dry_run=False, then=Status.IMPORTED)
