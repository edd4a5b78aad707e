"""A large workbook uploaded in the browser is checked and imported on the worker: the upload
answers at once with a page that shows the progress, then the preview, then the result."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Agency, Attendance
from lscb.models import WorkbookImport
from lscb.workbook.engine import import_workbook
from tests.factories import UserFactory
from tests.tasks import run_queued

from .helpers import BOARD_COUNTS, SLUG, page, snapshot
from .test_import_views import xlsx_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_board", "upload_dir")]
IMPORT = page("import")


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    settings.LSCB_IMPORT_IN_BACKGROUND_BYTES = 0  # every upload counts as large here


def run_worker() -> None:
    run_queued()


def job_url(job: WorkbookImport, action: str = "") -> str:
    name = f"workbook:import-job-{action}" if action else "workbook:import-job"
    return reverse(name, args=[SLUG, job.pk])


def test_a_large_workbook_is_checked_then_imported_on_the_worker(client_for, manager, board, as_xlsx):
    client = client_for(manager)
    response = client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    job = WorkbookImport.objects.get()
    assert response.status_code == 302 and response.url == job_url(job)

    waiting = client.get(job_url(job)).content.decode()
    assert "The workbook is being checked: nothing is written yet." in waiting
    assert 'hx-trigger="every 3s"' in waiting  # the page follows the work by itself
    assert "HX-Refresh" not in client.get(job_url(job), headers={"HX-Request": "true"})
    assert "board.xlsx" in client.get(IMPORT).content.decode()  # listed on the import page meanwhile

    run_worker()
    preview = client.get(job_url(job)).content.decode()
    assert "18 created, 0 updated, 0 unchanged" in preview and "Confirm import" in preview
    assert 'hx-trigger="every 3s"' not in preview
    assert client.get(job_url(job), headers={"HX-Request": "true"})["HX-Refresh"] == "true"  # done: reload
    assert not Agency.objects.exists()  # the check wrote nothing
    job.refresh_from_db()
    assert job.total > 0 and job.done == job.total

    assert client.post(job_url(job, "confirm")).status_code == 302
    assert "The workbook is being imported." in client.get(job_url(job)).content.decode()
    run_worker()
    done = client.get(job_url(job)).content.decode()
    assert "Imported board.xlsx: 18 created, 0 updated, 0 unchanged." in done
    assert {name: len(records) for name, records in snapshot().items()} == BOARD_COUNTS
    assert {h.history_user for h in Attendance.history.all()} == {manager}  # attributed to the uploader


def test_a_workbook_with_problems_is_refused_with_every_problem_listed(client_for, manager, board, as_xlsx):
    board["meetings"][1][1] = "not a date"
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    run_worker()
    job = WorkbookImport.objects.get()
    page_text = client.get(job_url(job)).content.decode()
    assert job.status == "refused"
    assert "problem" in page_text and "nothing can be imported" in page_text
    assert "Confirm import" not in page_text
    assert client.post(job_url(job, "confirm")).status_code == 302
    assert WorkbookImport.objects.get().status == "refused" and not Agency.objects.exists()


def test_someone_elses_upload_is_not_found(client_for, manager, board, as_xlsx):
    client_for(manager).post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    job = WorkbookImport.objects.get()
    other = UserFactory(username="other-manager", roles=["Business manager"])
    client = client_for(other)
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job, "confirm")).status_code == 404


def test_a_discarded_upload_is_forgotten(client_for, manager, board, as_xlsx):
    client = client_for(manager)
    client.post(IMPORT, {"file": xlsx_upload(as_xlsx(board))})
    run_worker()
    job = WorkbookImport.objects.get()
    client.post(job_url(job, "discard"))
    job.refresh_from_db()
    assert job.status == "discarded" and bytes(job.content) == b""
    assert client.post(job_url(job, "confirm")).status_code == 302
    run_worker()
    assert not Agency.objects.exists()


def test_the_import_reports_its_progress_up_to_every_row_checked_and_written(board, as_xlsx):
    seen = []
    result = import_workbook(as_xlsx(board), dry_run=True, progress=lambda done, total: seen.append((done, total)))
    assert result.ok
    rows = sum(len(rows) - 1 for rows in board.values())
    assert seen[-1] == (2 * rows, 2 * rows)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
