"""The workbook reads dates as a UK board writes them, day first, and never guesses a month-first one."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import Meeting
from lscb.workbook import import_workbook

from .helpers import page, where

pytestmark = pytest.mark.django_db

IMPORT, PREVIEW = page("import"), page("import-preview")


def meeting_days() -> set[tuple[str, date]]:
    return set(Meeting.objects.values_list("group__name", "date"))


@pytest.mark.parametrize("written", ["10/06/2015", "10/6/2015", "10-06-2015", "10.06.2015", "2015-06-10"])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_date_may_be_written_day_first_or_iso(written, form, board, as_csv, as_xlsx):
    board["meetings"][1][1] = written  # the attendance sheet still names the meeting 2015-06-10
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(board))
    assert result.ok, result.problems
    assert ("Safeguarding Board", date(2015, 6, 10)) in meeting_days()


def test_a_real_date_cell_is_its_day(board, as_xlsx):
    board["meetings"][1][1] = datetime(2015, 6, 10)
    board["meetings"][2][1] = date(2015, 8, 12)
    assert import_workbook(as_xlsx(board)).ok
    assert {("Safeguarding Board", date(2015, 6, 10)), ("Safeguarding Board", date(2015, 8, 12))} <= meeting_days()


def test_a_date_that_reads_both_ways_is_read_day_first(board, as_csv):
    board["meetings"][2][1] = "04/12/2015"  # 4 December, never 12 April
    assert import_workbook(as_csv(board)).ok
    assert ("Safeguarding Board", date(2015, 12, 4)) in meeting_days()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("08/12/2015 ", None),  # a stray space is no problem
        ("12/13/2015", "'12/13/2015' looks like a month-first date: write the day first, as dd/mm/yyyy"),
        ("31/02/2016", "'31/02/2016' is not a real date: write it as dd/mm/yyyy"),
        ("12th August 2015", "'12th August 2015' is not a date: write it as dd/mm/yyyy, e.g. 09/04/2026"),
        ("12/08/15", "'12/08/15' is not a date: write it as dd/mm/yyyy"),
    ],
)
def test_a_month_first_or_unreadable_date_is_refused_naming_the_uk_form(written, message, board, as_csv):
    board["meetings"][2][1] = written
    result = import_workbook(as_csv(board))
    if message is None:
        assert result.ok, result.problems
        return
    assert where(result) == [("meetings", 3, "date")], result.problems
    assert result.problems[0].message.startswith(message)
    assert not Meeting.objects.exists()  # all or nothing


@pytest.mark.usefixtures("home_board")
def test_the_preview_shows_uk_dates_and_lists_the_changes_before_the_confirm_button(
    client_for, manager, board, as_xlsx, settings, tmp_path
):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    assert import_workbook(as_xlsx(board)).ok
    board["meetings"][3][4] = "Moved to the autumn"  # QEG 01/07/2015, written day first below
    board["meetings"][3][1] = "01/07/2015"
    board["groups"][2][7] = "1/4/2015"  # QEG: the same day, written another way, is no change
    board["groups"][2][8] = "30/04/2016"
    client = client_for(manager)
    client.post(IMPORT, {"file": SimpleUploadedFile("board.xlsx", as_xlsx(board).read_bytes())})
    html = client.get(PREVIEW).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    # Records and values the UK way, fields by their labels.
    assert "Quality and Effectiveness Group / 01/07/2015" in text
    assert "active to: (blank) → 30/04/2016" in text
    assert "active from" not in text
    assert "2015-07-01" not in text and "2016-04-30" not in text
    # The list of changes is read before the button that writes them.
    assert html.index("Records created and changed") < html.index("Confirm import")
