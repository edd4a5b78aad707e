"""Exporting the board and importing it into an empty database gives back the same data."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from lscb.workbook import export_workbook, import_workbook
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

from .helpers import history_count, snapshot

pytestmark = pytest.mark.django_db

# The columns of WORKBOOK.md, in its order.
WORKBOOK_COLUMNS = {
    "boards": ["name", "short_name", "kind", "area"],
    "agencies": ["name", "short_name", "sector", "statutory_partner"],
    "groups": [
        "board",
        "name",
        "short_name",
        "kind",
        "parent",
        "joint_with",
        "frequency",
        "planned_per_year",
        "active_from",
        "active_to",
        "position",
        "chaired_by",
    ],
    "people": ["name", "email", "agency", "job_title"],
    "memberships": ["board", "group", "person", "agency", "role", "expected", "start", "end"],
    "meetings": ["board", "group", "date", "status", "cancel_reason", "note"],
    "attendance": ["board", "group", "date", "person", "status", "deputy_name", "on_behalf_of", "note"],
}


@pytest.fixture
def a_board(db):
    """A board with the awkward cases: formulas, no email, open dates, every status."""
    council = AgencyFactory(
        name="Westshire Council", short_name="WCC", sector="local_authority", statutory_partner=True
    )
    police = AgencyFactory(name="Constabulary", short_name="-Police-", sector="police")
    AgencyFactory(name='=HYPERLINK("http://example.org")', sector="other")
    AgencyFactory(name="Café Société", short_name="", sector="voluntary")
    board = GroupFactory(name="Safeguarding Board", kind="board", frequency="bimonthly", planned_per_year=6, position=1)
    qeg = GroupFactory(
        name="QEG",
        parent=board,
        active_from=date(2015, 4, 1),
        frequency="",
        planned_per_year=None,
        position=2,
        # One line, as the form keeps it (a line break would come back folded: tests/workbook/test_one_line.py).
        chaired_by="=the police, by rotation with health",
    )
    GroupFactory(
        name="@risk Panel", kind="task_and_finish", parent=qeg, joint_with="Eastshire SCB", active_to=date(2016, 3, 31)
    )
    chair = PersonFactory(name="Ann Chair", email="ann@council.example", agency=council, job_title="+Chair")
    officer = PersonFactory(name="Bob Officer", email="bob@police.example", agency=police)
    lay = PersonFactory(name="Carol Lay", email=None, agency=None, job_title="")
    guest = PersonFactory(name="Dee Guest", email=None, agency=police)
    MembershipFactory(group=board, person=chair, role="chair", start=None)
    MembershipFactory(group=board, person=officer, agency=council, start=date(2015, 4, 1), end=date(2015, 9, 30))
    MembershipFactory(group=board, person=officer, start=date(2015, 10, 1))
    MembershipFactory(group=qeg, person=lay, agency=None, expected="for_items")
    held = MeetingFactory(group=board, date=date(2015, 6, 10), status="held", note='Room 4, "the annexe"\nbring papers')
    MeetingFactory(group=board, date=date(2015, 8, 12), status="cancelled", cancel_reason="not_required")
    MeetingFactory(group=qeg, date=date(2015, 7, 1), status="planned", note="=1+1")
    AttendanceFactory(meeting=held, person=chair, status="present")
    AttendanceFactory(meeting=held, person=officer, status="deputy", deputy_name="Ed Deputy")
    AttendanceFactory(meeting=held, person=lay, status="in_attendance", note="left after item 4")
    AttendanceFactory(meeting=held, person=guest, status="in_attendance", note="@item 2 only")
    # Format 2: part attendance, a member not expected, a representative present for a member.
    second = MeetingFactory(group=board, date=date(2015, 10, 14), status="held")
    AttendanceFactory(meeting=second, person=chair, status="part", note="left after item 4")
    AttendanceFactory(meeting=second, person=officer, status="not_expected")
    AttendanceFactory(meeting=second, person=guest, status="present", on_behalf_of=officer)


def wipe() -> None:
    """Empty every governance table (children before the records they protect)."""
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()


@pytest.mark.parametrize("target", ["board.xlsx", "csv-folder"])
def test_export_then_import_into_an_empty_database_gives_identical_data(target, a_board, tmp_path):
    before = snapshot()
    assert all(before.values())
    export_workbook(tmp_path / target)
    wipe()
    assert all(not records for records in snapshot().values())
    result = import_workbook(tmp_path / target)
    assert result.ok, result.problems
    after = snapshot()
    for table in before:
        assert after[table] == before[table], table


def test_an_export_imports_back_unchanged(a_board, tmp_path):
    export_workbook(tmp_path / "board.xlsx")
    history = history_count()
    result = import_workbook(tmp_path / "board.xlsx")
    assert result.ok and result.changes == []
    assert history_count() == history


def test_the_csv_form_has_every_column_in_order_and_plain_values(a_board, tmp_path):
    export_workbook(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{n}.csv" for n in WORKBOOK_COLUMNS)
    tables = {}
    for name, columns in WORKBOOK_COLUMNS.items():
        with (tmp_path / "out" / f"{name}.csv").open(encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))
        assert rows[0] == columns
        tables[name] = [dict(zip(columns, row, strict=True)) for row in rows[1:]]
    council = next(row for row in tables["agencies"] if row["name"] == "Westshire Council")
    assert council == {
        "name": "Westshire Council",
        "short_name": "WCC",
        "sector": "local_authority",
        "statutory_partner": "yes",
    }
    qeg = next(row for row in tables["groups"] if row["name"] == "QEG")
    assert (qeg["active_from"], qeg["active_to"], qeg["planned_per_year"], qeg["parent"]) == (
        "2015-04-01",
        "",
        "",
        "Safeguarding Board",
    )
    # Formulas are neutralised by a leading quote.
    assert '\'=HYPERLINK("http://example.org")' in [row["name"] for row in tables["agencies"]]
    assert "'-Police-" in [row["short_name"] for row in tables["agencies"]]
    assert [row["person"] for row in tables["attendance"] if row["status"] == "in_attendance"] == [
        "Carol Lay",
        "Dee Guest",
    ]


def test_the_xlsx_form_neutralises_formulas(a_board, tmp_path):
    export_workbook(tmp_path / "board.xlsx")
    book = load_workbook(tmp_path / "board.xlsx")
    assert book.sheetnames == list(WORKBOOK_COLUMNS)
    names = [cell.value for cell in book["agencies"]["A"][1:]]
    assert '\'=HYPERLINK("http://example.org")' in names
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    assert [cell.value for cell in book["meetings"][1]] == WORKBOOK_COLUMNS["meetings"]


def test_an_empty_board_exports_headers_only(tmp_path):
    export_workbook(tmp_path / "empty.xlsx")
    book = load_workbook(tmp_path / "empty.xlsx")
    # Format 2: the boards sheet and the board column, even with no board yet.
    assert [[cell.value for cell in sheet[1]] for sheet in book] == list(WORKBOOK_COLUMNS.values())
    assert all(sheet.max_row == 1 for sheet in book)


def test_the_commands_round_trip(a_board, tmp_path, capsys):
    before = snapshot()
    call_command("export_workbook", str(tmp_path / "out"))
    assert "Wrote 7 sheets" in capsys.readouterr().out
    wipe()
    call_command("import_workbook", str(tmp_path / "out"))
    assert "agencies: 4 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert snapshot() == before
