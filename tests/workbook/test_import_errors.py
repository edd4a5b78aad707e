"""Every kind of import error: located exactly, all reported together, and nothing written."""

from __future__ import annotations

import pytest

from lscb.workbook import import_workbook
from tests.factories import AgencyFactory

from .helpers import history_count, snapshot, where

pytestmark = pytest.mark.django_db


def set_cell(board: dict, sheet: str, row: int, column: str, value: str) -> None:
    """Set the cell at spreadsheet `row` (the header is row 1) under `column`."""
    board[sheet][row - 1][board[sheet][0].index(column)] = value


def add_column(board: dict, sheet: str, name: str) -> None:
    board[sheet][0].append(name)
    for row in board[sheet][1:]:
        row.append("")


def drop_column(board: dict, sheet: str, name: str) -> None:
    index = board[sheet][0].index(name)
    for row in board[sheet]:
        del row[index]


def _unknown_column(b):
    add_column(b, "agencies", "secter")


def _missing_column(b):
    drop_column(b, "agencies", "sector")


def _repeated_column(b):
    b["agencies"][0][1] = "name"


def _duplicate_meeting(b):
    b["meetings"].append(["Safeguarding Board", "2015-06-10", "planned", "", ""])


def _duplicate_email(b):
    b["people"].append(["Ann Again", "ANN@council.example", "", ""])


def _duplicate_name_without_email(b):
    b["people"].append(["Carol Lay", "", "Westshire Council", ""])


def _unknown_person(b):
    b["attendance"].append(["Safeguarding Board", "2015-06-10", "nobody@example.org", "present", "", ""])


def _cancelled_meeting_register(b):
    b["attendance"].append(["Safeguarding Board", "2015-08-12", "ann@council.example", "present", "", ""])


def _planned_meeting_register(b):
    b["attendance"].append(["Quality and Effectiveness Group", "2015-07-01", "Carol Lay", "in_attendance", "", ""])


def _no_such_meeting(b):
    b["attendance"].append(["Safeguarding Board", "2015-09-09", "ann@council.example", "present", "", ""])


def _bad_email(b):
    b["people"].append(["Dee Dee", "dee(at)example.org", "", ""])


def _parent_cycle(b):
    set_cell(b, "groups", 2, "parent", "CSE Task and Finish")


def _own_parent(b):
    set_cell(b, "groups", 3, "parent", "Quality and Effectiveness Group")


CASES = {
    "unknown column": (_unknown_column, [("agencies", 1, "secter")]),
    "missing required column": (_missing_column, [("agencies", 1, "sector")]),
    "column twice": (_repeated_column, [("agencies", 1, "name")]),
    "missing required value": (lambda b: set_cell(b, "groups", 3, "kind", ""), [("groups", 3, "kind")]),
    "bad date": (lambda b: set_cell(b, "memberships", 4, "start", "04/13/2015"), [("memberships", 4, "start")]),
    "impossible date": (lambda b: set_cell(b, "meetings", 4, "date", "2015-02-30"), [("meetings", 4, "date")]),
    "bad choice": (lambda b: set_cell(b, "agencies", 2, "sector", "fire"), [("agencies", 2, "sector")]),
    "bad bool": (
        lambda b: set_cell(b, "agencies", 3, "statutory_partner", "maybe"),
        [("agencies", 3, "statutory_partner")],
    ),
    "bad int": (lambda b: set_cell(b, "groups", 2, "planned_per_year", "six"), [("groups", 2, "planned_per_year")]),
    "negative int": (lambda b: set_cell(b, "groups", 2, "planned_per_year", "-1"), [("groups", 2, "planned_per_year")]),
    "duplicate key": (_duplicate_meeting, [("meetings", 5, "date")]),
    "duplicate email": (_duplicate_email, [("people", 5, "email")]),
    "duplicate name without email": (_duplicate_name_without_email, [("people", 5, "name")]),
    "unknown reference": (
        lambda b: set_cell(b, "memberships", 4, "group", "Quality Group"),
        [("memberships", 4, "group")],
    ),
    "unknown person": (_unknown_person, [("attendance", 5, "person")]),
    "attendance at a cancelled meeting": (_cancelled_meeting_register, [("attendance", 5, "date")]),
    "attendance at a planned meeting": (_planned_meeting_register, [("attendance", 5, "date")]),
    "attendance at no meeting": (_no_such_meeting, [("attendance", 5, "date")]),
    "non-member not in attendance": (
        lambda b: set_cell(b, "attendance", 4, "status", "present"),
        [("attendance", 4, "status")],
    ),
    "deputy name without deputy": (
        lambda b: set_cell(b, "attendance", 2, "deputy_name", "Ed"),
        [("attendance", 2, "deputy_name")],
    ),
    "cancelled without reason": (
        lambda b: set_cell(b, "meetings", 3, "cancel_reason", ""),
        [("meetings", 3, "cancel_reason")],
    ),
    "reason without cancelling": (
        lambda b: set_cell(b, "meetings", 4, "cancel_reason", "other"),
        [("meetings", 4, "cancel_reason")],
    ),
    "end before start": (lambda b: set_cell(b, "memberships", 4, "end", "2015-01-01"), [("memberships", 4, "end")]),
    "active_to before active_from": (
        lambda b: set_cell(b, "groups", 4, "active_to", "2014-01-01"),
        [("groups", 4, "active_to")],
    ),
    "invalid email": (_bad_email, [("people", 5, "email")]),
    "parent cycle": (_parent_cycle, [("groups", 2, "parent"), ("groups", 3, "parent"), ("groups", 4, "parent")]),
    "own parent": (_own_parent, [("groups", 3, "parent")]),
}


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_error_is_located_exactly_and_nothing_is_written(case, form, board, as_csv, as_xlsx):
    change, expected = CASES[case]
    change(board)
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(board))
    assert where(result) == expected, result.problems
    assert not result.committed
    assert all(not records for records in snapshot().values())
    assert history_count() == 0


def test_messages_read_as_sheet_row_column(board, as_csv):
    set_cell(board, "agencies", 2, "sector", "fire")
    (problem,) = import_workbook(as_csv(board)).problems
    assert str(problem).startswith("agencies, row 2, sector: 'fire' is not one of: local_authority, police,")


def test_a_cycle_through_the_database_is_refused(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    # The workbook now puts the board under the CSE group, whose parent chain (stored) leads back.
    result = import_workbook(
        as_csv({"groups": [["name", "kind", "parent"], ["Safeguarding Board", "board", "CSE Task and Finish"]]})
    )
    assert where(result) == [("groups", 2, "parent")]
    assert "Safeguarding Board → CSE Task and Finish → Quality and Effectiveness Group → Safeguarding Board" in (
        result.problems[0].message
    )


def test_unknown_sheets_are_named(board, as_csv, as_xlsx):
    board["notes"] = [["what"], ["remember the minutes"]]
    assert where(import_workbook(as_csv(board))) == [("notes.csv", None, None)]
    assert where(import_workbook(as_xlsx(board))) == [("notes", None, None)]
    assert history_count() == 0


def test_a_value_under_no_heading_is_refused(board, as_csv):
    board["agencies"][2].append("stray")
    assert where(import_workbook(as_csv(board))) == [("agencies", 3, "column E")]


def test_every_error_is_reported_at_once(board, as_csv):
    set_cell(board, "agencies", 2, "sector", "fire")
    set_cell(board, "memberships", 4, "group", "Quality Group")
    set_cell(board, "meetings", 3, "cancel_reason", "")
    set_cell(board, "attendance", 4, "status", "present")
    add_column(board, "people", "phone")
    result = import_workbook(as_csv(board))
    assert where(result) == [
        ("agencies", 2, "sector"),
        ("people", 1, "phone"),
        ("memberships", 4, "group"),
        ("meetings", 3, "cancel_reason"),
        ("attendance", 4, "status"),
    ]
    assert history_count() == 0


def test_an_error_leaves_existing_records_as_they_were(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    before, history = snapshot(), history_count()
    set_cell(board, "agencies", 2, "short_name", "WCC")  # a good change...
    set_cell(board, "meetings", 3, "status", "held")  # ...beside a held meeting with a cancel reason
    result = import_workbook(as_csv(board))
    assert where(result) == [("meetings", 3, "cancel_reason")]
    assert snapshot() == before
    assert history_count() == history


def test_a_meeting_with_a_register_cannot_be_unheld(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    set_cell(board, "meetings", 2, "status", "planned")
    del board["attendance"]
    assert where(import_workbook(as_csv(board))) == [("meetings", 2, "status")]


@pytest.mark.parametrize("name", ["Westshire Council", "westshire council"])
def test_references_may_point_at_the_database(name, as_csv):
    AgencyFactory(name="Westshire Council")
    result = import_workbook(as_csv({"people": [["name", "agency"], ["Eve", name]]}))
    assert result.ok, result.problems


def test_file_level_errors_are_clear(tmp_path, as_csv, board):
    missing = import_workbook(tmp_path / "nowhere.xlsx")
    assert [str(p) for p in missing.problems] == [f"{tmp_path / 'nowhere.xlsx'}: no such file or folder."]
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"this is not a spreadsheet")
    assert "corrupt.xlsx is not a readable .xlsx workbook" in str(import_workbook(corrupt).problems[0])
    folder = as_csv({"agencies": board["agencies"]})
    (folder / "agencies.csv").write_bytes("name,sector\nCaf\xe9 Society,voluntary\n".encode("latin-1"))
    assert where(import_workbook(folder)) == [("agencies.csv", None, None)]
    assert "not UTF-8" in import_workbook(folder).problems[0].message
    assert history_count() == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "none of the sheets" in import_workbook(empty).problems[0].message
