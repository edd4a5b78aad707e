"""The annual report's PDF is laid out once per version of the report, and ahead of the download
after a change, on the worker (yearend.files, yearend.tasks)."""

import subprocess
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from governance.services import person_anonymise
from lscb.freshness import data_version
from lscb.years import ReportingYear
from tests.factories import GroupFactory, MeetingFactory, default_board
from tests.tasks import run_queued
from tests.yearend.conftest import SLUG
from yearend import files
from yearend.models import ReportFile
from yearend.services import narrative_save

pytestmark = pytest.mark.django_db
YEAR = ReportingYear.parse("2015-16")


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def download(client, year: str = "2015-16", fmt: str = "pdf"):
    """The file as a reader gets it: an older year's not kept is made on the worker meanwhile."""
    url = reverse("yearend:report-file", args=[SLUG, year, fmt])
    response = client.get(url)
    if response.status_code == 202:
        assert "being prepared" in response.content.decode() and response["Retry-After"] == "5"
        run_queued()
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/")
    return response.content


def test_a_download_is_laid_out_once_and_again_when_the_report_changes(
    client_for, board_member, manager, board, tmp_path
):
    client = client_for(board_member)
    first = download(client)
    stored = ReportFile.objects.get(year="2015-16", format="pdf")
    assert stored.seconds > 0 and bytes(stored.content) == first

    assert download(client) == first
    assert ReportFile.objects.get(pk=stored.pk).made_at == stored.made_at  # served, not laid out again

    narrative_save(
        board=default_board(), year=YEAR, section="introduction", text="Our partners met every challenge.", by=manager
    )
    changed = download(client)
    assert "Our partners met every challenge." in pdf_text(changed, tmp_path)
    assert "Our partners met every challenge." not in pdf_text(first, tmp_path)
    assert ReportFile.objects.get(pk=stored.pk).made_at > stored.made_at
    assert ReportFile.objects.filter(format="pdf").count() == 1  # one kept per year and format


def test_the_download_of_a_kept_report_reads_the_year_once(
    client_for, board_member, board, django_assert_max_num_queries
):
    client = client_for(board_member)
    download(client)
    # The request's own 4, the years on record, whether it is signed off, the report's reads, and the
    # stored file: no layout, no write. 4 of the reads are learning and assurance's, 5 training, money and the
    # dataset's (training's totals and agencies, the budget lines, the contributions, the dataset's values).
    # And 1 for the charts of the report's HTML, read from the store (yearend.charts): none drawn.
    with django_assert_max_num_queries(35):  # with the boards (lscb.boards) and the joint groups' boards
        download(client)


def test_keeping_a_report_is_not_a_change_to_the_records(client_for, board_member, board):
    # Otherwise every cached page would be drawn again after each download.
    before = data_version()
    download(client_for(board_member))
    assert ReportFile.objects.exists()
    assert data_version() == before


def test_anonymising_a_person_forgets_every_kept_report(client_for, board_member, manager, board, tmp_path):
    assert "Bob Brown" in pdf_text(download(client_for(board_member)), tmp_path)
    from governance.models import Person

    person_anonymise(person=Person.objects.get(name="Bob Brown"), by=manager, reason="Asked to be forgotten")
    assert not ReportFile.objects.exists()
    assert "Bob Brown" not in pdf_text(download(client_for(board_member)), tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_writes_queues_one_preparation_and_the_worker_has_the_reports_ready(
    settings, client_for, board_member, manager, tmp_path
):
    this_year = ReportingYear.current()
    board = GroupFactory(name="Safeguarding Board", kind="board")
    MeetingFactory(group=board, date=this_year.start, status="held")
    MeetingFactory(group=board, date=this_year.previous.start, status="held")
    ReportFile.objects.create(
        board=default_board(),
        year="2015-16",
        format="pdf",
        digest="old",
        content=b"%PDF",
        made_at=datetime(2016, 4, 1, tzinfo=UTC),
        seconds=1,
    )
    settings.LSCB_PREPARE_REPORTS_AFTER = 30
    waiting = DBTaskResult.objects.filter(task_path="yearend.tasks.prepare_reports", status="READY")
    narrative_save(board=default_board(), year=this_year, section="introduction", text="First draft.", by=manager)
    first_due = waiting.get().run_after
    assert first_due > timezone.now()  # after the quiet period, not at once
    narrative_save(
        board=default_board(), year=this_year, section="introduction", text="The year in one line.", by=manager
    )
    assert waiting.count() == 1 and waiting.get().run_after >= first_due  # moved on, not queued twice

    waiting.update(run_after=timezone.now())  # the quiet period is over
    call_command("worker", batch=True, stdout=StringIO())
    [run] = DBTaskResult.objects.filter(task_path="yearend.tasks.prepare_reports", status="SUCCESSFUL")
    assert set(run.return_value) == {this_year.label, this_year.previous.label} and all(run.return_value.values())
    kept = {f.year: f for f in ReportFile.objects.filter(format="pdf")}
    assert set(kept) == {this_year.label, this_year.previous.label}  # an old year's is not kept
    assert "The year in one line." in pdf_text(bytes(kept[this_year.label].content), tmp_path)
    assert download(client_for(board_member), this_year.label) == bytes(kept[this_year.label].content)
    assert ReportFile.objects.get(year=this_year.label, format="pdf").made_at == kept[this_year.label].made_at
    assert ReportFile.objects.filter(format="docx").count() == 2  # the Word documents are ready too


def test_no_preparation_when_it_is_turned_off(settings, manager, django_capture_on_commit_callbacks):
    settings.LSCB_PREPARE_REPORTS_AFTER = None
    with django_capture_on_commit_callbacks(execute=True):
        narrative_save(
            board=default_board(), year=ReportingYear.current(), section="introduction", text="Draft.", by=manager
        )
    assert not DBTaskResult.objects.filter(task_path="yearend.tasks.prepare_reports").exists()


def test_the_nightly_command_lays_out_only_what_changed(manager):
    this_year = ReportingYear.current()
    board = GroupFactory(name="Safeguarding Board", kind="board")
    MeetingFactory(group=board, date=this_year.start, status="held")
    MeetingFactory(group=board, date=this_year.previous.start, status="held")
    out = StringIO()
    call_command("prepare_reports", stdout=out)
    assert f"{this_year.label}: laid out in" in out.getvalue()
    assert f"{this_year.previous.label}: laid out in" in out.getvalue()
    narrative_save(board=default_board(), year=this_year, section="introduction", text="Changed.", by=manager)
    out = StringIO()
    call_command("prepare_reports", stdout=out)
    assert f"{this_year.label}: laid out in" in out.getvalue()
    assert f"{this_year.previous.label}: already laid out as it stands." in out.getvalue()


def test_sessions_and_kept_reports_are_still_deleted_in_one_query(client_for, board_member, django_assert_num_queries):
    # A post_delete receiver for every model would make Django read each row before deleting it.
    client_for(board_member)
    ReportFile.objects.create(
        board=default_board(),
        year="2015-16",
        format="pdf",
        digest="x",
        content=b"%PDF" * 1000,
        made_at=datetime.now(UTC),
        seconds=1,
    )
    assert Session.objects.exists()
    with django_assert_num_queries(1):
        Session.objects.all().delete()
    with django_assert_num_queries(1):
        ReportFile.objects.all().delete()


# --- which years have a report: none for a year without records ------------------------------------


@pytest.fixture
def layouts(monkeypatch):
    """Every PDF layout, counted (and still done)."""
    done = []
    real = files.pdf_from_html

    def counted(html):
        done.append(html)
        return real(html)

    monkeypatch.setattr(files, "pdf_from_html", counted)
    return done


@pytest.mark.parametrize("year", ["1900-01", "2199-00", "2016-17"])
@pytest.mark.parametrize("path", ["", "report.pdf", "report.docx", "summary.json"])
def test_a_year_without_records_is_not_found_and_nothing_is_laid_out(
    client_for, board_member, board, layouts, django_assert_max_num_queries, year, path
):
    # 2016-17 holds only the board's meeting of 01/04/2016 ... which is a record: use a year after.
    year = "2030-31" if year == "2016-17" else year
    client = client_for(board_member)
    with django_assert_max_num_queries(7):  # the boards, the request's own and the years on record: nothing drawn
        response = client.get(f"/nscp/yearend/{year}/{path}")
    assert response.status_code == 404
    assert layouts == [] and not ReportFile.objects.exists()


def test_a_year_on_record_that_is_not_live_is_laid_out_when_downloaded_and_once(
    client_for, board_member, board, layouts
):
    assert YEAR not in files.live_years()
    client = client_for(board_member)
    first = download(client)
    assert len(layouts) == 1 and first.startswith(b"%PDF")
    assert download(client) == first and len(layouts) == 1  # kept: a second download lays nothing out


def test_the_background_never_lays_out_a_live_year_without_records(manager, layouts):
    this_year = ReportingYear.current()
    MeetingFactory(group=GroupFactory(name="Safeguarding Board", kind="board"), date=this_year.start, status="held")
    prepared = files.prepare_live_years()
    assert set(prepared) == {this_year.label}  # last year holds nothing: not laid out, not kept
    assert set(ReportFile.objects.values_list("year", flat=True)) == {this_year.label}
    assert len(layouts) == 1


def test_the_years_on_record_count_every_kind_of_record(manager):
    from datetime import date

    from challengelog.models import Challenge
    from tests.factories import ChallengeFactory, PlanFactory

    MeetingFactory(date=date(2012, 6, 1))
    ChallengeFactory(raised_on=date(2008, 2, 1))  # 2007-08
    PlanFactory(slug="2003-05", start=date(2003, 4, 1), end=date(2005, 3, 31))  # 2003-04 and 2004-05
    narrative_save(
        board=default_board(),
        year=ReportingYear.parse("1999-00"),
        section="introduction",
        text="Before the records.",
        by=manager,
    )
    assert Challenge.objects.count() == 1
    labels = [year.label for year in files.years_on_record(default_board())]
    # The year now running leads, offered before its first record.
    assert labels == [ReportingYear.current().label, "2012-13", "2007-08", "2004-05", "2003-04", "1999-00"]


def test_an_older_years_file_is_queued_never_made_by_the_readers_request(client_for, board_member, board, layouts):
    assert YEAR not in files.live_years()
    client = client_for(board_member)
    url = reverse("yearend:report-file", args=[SLUG, YEAR.label, "docx"])
    for _ in range(2):
        waiting = client.get(url)
        assert waiting.status_code == 202 and waiting["Retry-After"] == "5"
        assert "The 2015-16 report is being prepared" in waiting.content.decode()
    assert layouts == [] and not ReportFile.objects.exists()  # nothing made in the request
    assert DBTaskResult.objects.filter(task_path="yearend.tasks.prepare_year", status="READY").count() == 1

    run_queued()
    asked_again = client.get(url, headers={"HX-Request": "true"})  # the waiting page, asking by itself
    assert asked_again.status_code == 204 and asked_again["HX-Refresh"] == "true"
    served = client.get(url)
    assert served.status_code == 200 and served.content.startswith(b"PK")  # a Word document is a zip
    assert served.content == bytes(ReportFile.objects.get(year=YEAR.label, format="docx").content)
    assert len(layouts) == 1  # its PDF was made in the same run, ready for the next download
