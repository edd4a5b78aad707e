"""Importing the board workbook: both forms, idempotence, updates, and liberal reading of cells."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest

from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from lscb.workbook import import_workbook, sheet_names
from tests.factories import AgencyFactory, PersonFactory, UserFactory

from .helpers import BOARD_COUNTS, history_count, snapshot, write_xlsx

pytestmark = pytest.mark.django_db


def counts(result) -> dict[str, tuple[int, int, int]]:
    return {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()}


def test_sheets_come_in_dependency_order():
    assert sheet_names()[:7] == ["boards", "agencies", "groups", "people", "memberships", "meetings", "attendance"]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_board_imports_in_either_form(form, board, as_csv, as_xlsx):
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(board))
    assert result.ok, result.problems
    assert result.committed
    assert counts(result) == {name: (n, 0, 0) for name, n in BOARD_COUNTS.items()}
    qeg = Group.objects.get(short_name="QEG")
    assert qeg.parent.name == "Safeguarding Board"
    assert qeg.active_from == date(2015, 4, 1)
    assert Agency.objects.get(name="Westshire Council").statutory_partner is True
    carol = Person.objects.get(name="Carol Lay")
    assert carol.email is None and carol.agency is None
    ann_seat = Membership.objects.get(person__email="ann@council.example")
    assert (ann_seat.agency.name, ann_seat.role, ann_seat.start) == ("Westshire Council", "chair", None)
    assert Meeting.objects.get(status="cancelled").cancel_reason == "inquorate"
    deputy = Attendance.objects.get(status="deputy")
    assert (deputy.person.name, deputy.deputy_name) == ("Bob Police", "Dan Deputy")


def test_import_is_idempotent(board, as_csv, as_xlsx):
    assert import_workbook(as_csv(board)).ok
    before, history = snapshot(), history_count()
    for again in (as_csv(board), as_xlsx(board)):
        result = import_workbook(again)
        assert result.ok and result.changes == []
        assert counts(result) == {name: (0, 0, n) for name, n in BOARD_COUNTS.items()}
        assert snapshot() == before
        assert history_count() == history


def test_a_changed_row_updates_its_record(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    history = history_count()
    board["agencies"][1][1] = "WCC"
    board["meetings"][3][2] = "held"
    result = import_workbook(as_csv(board))
    assert counts(result)["agencies"] == (0, 1, 2)
    assert counts(result)["meetings"] == (0, 1, 2)
    changed = {(c.sheet, c.key, c.action): [(f.column, f.old, f.new) for f in c.fields] for c in result.changes}
    assert changed == {
        ("agencies", "Westshire Council", "updated"): [("short_name", "Council", "WCC")],
        ("meetings", "Quality and Effectiveness Group / 01/07/2015", "updated"): [("status", "planned", "held")],
    }
    assert Agency.objects.get(name="Westshire Council").short_name == "WCC"
    assert history_count() == history + 2


def test_a_changed_reference_is_shown_by_its_key(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    board["people"][3][2] = "Healthy Futures CCG"
    changes = {c.sheet: [(f.column, f.old, f.new) for f in c.fields] for c in import_workbook(as_csv(board)).changes}
    assert changes["people"] == [("agency", None, "Healthy Futures CCG")]
    # Her seat's agency cell is blank, which means "the person's agency": it follows.
    assert changes["memberships"] == [("agency", None, "Healthy Futures CCG")]


def test_records_absent_from_the_workbook_are_left_alone(board, as_csv):
    other = AgencyFactory(name="Fire Service", sector="other")
    assert import_workbook(as_csv(board)).ok
    assert Agency.objects.filter(pk=other.pk).exists()


def test_absent_optional_columns_leave_stored_values_alone(as_csv):
    AgencyFactory(name="Westshire Council", short_name="WCC", statutory_partner=True, sector="local_authority")
    result = import_workbook(as_csv({"agencies": [["sector", "name"], ["local_authority", "Westshire Council"]]}))
    assert counts(result) == {"agencies": (0, 0, 1)}
    agency = Agency.objects.get()
    assert (agency.short_name, agency.statutory_partner) == ("WCC", True)


def test_blank_optional_cells_take_the_defaults(as_csv):
    PersonFactory(email="ann@council.example", agency=AgencyFactory(name="Westshire Council"))
    result = import_workbook(
        as_csv(
            {
                "groups": [["name", "kind"], ["Safeguarding Board", "board"]],
                "memberships": [
                    ["group", "person", "agency", "role", "expected"],
                    ["Safeguarding Board", "ann@council.example", "", "", ""],
                ],
            }
        )
    )
    assert result.ok, result.problems
    seat = Membership.objects.get()
    assert (seat.agency.name, seat.role, seat.expected, seat.start, seat.end) == (
        "Westshire Council",
        "member",
        "all",
        None,
        None,
    )
    # The default agency is what is stored, so the same sheet again changes nothing.
    assert (
        import_workbook(
            as_csv({"memberships": [["group", "person"], ["Safeguarding Board", "ann@council.example"]]})
        ).changes
        == []
    )


def test_cells_are_read_liberally(as_csv):
    result = import_workbook(
        as_csv(
            {
                "agencies": [
                    [" Statutory_Partner ", "SECTOR", "Name"],
                    ["TRUE", "Local_Authority", "  Westshire Council  "],
                    ["0", "voluntary sector", "Kids Charity"],
                    ["Yes", "police", "Constabulary"],
                    ["", "", ""],
                    [],
                ],
                "groups": [["name", "kind", "planned_per_year"], ["Panel", "Task and finish", " 6 "]],
            }
        )
    )
    assert result.ok, result.problems
    assert dict(Agency.objects.values_list("name", "statutory_partner")) == {
        "Westshire Council": True,
        "Kids Charity": False,
        "Constabulary": True,
    }
    assert Agency.objects.get(name="Kids Charity").sector == "voluntary"
    assert Group.objects.get().kind == "task_and_finish"
    assert Group.objects.get().planned_per_year == 6


def test_xlsx_cells_may_be_real_dates_numbers_and_booleans(tmp_path):
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        {
            "agencies": [["name", "sector", "statutory_partner"], ["Westshire Council", "local_authority", True]],
            "groups": [
                ["name", "kind", "planned_per_year", "active_from", "active_to"],
                ["Safeguarding Board", "board", 6.0, datetime(2015, 4, 1), date(2016, 3, 31)],
                [12345, "panel", 4, "2015-04-01", None],
            ],
        },
    )
    result = import_workbook(path)
    assert result.ok, result.problems
    board = Group.objects.get(name="Safeguarding Board")
    assert (board.planned_per_year, board.active_from, board.active_to) == (6, date(2015, 4, 1), date(2016, 3, 31))
    assert Group.objects.filter(name="12345").exists()
    assert Agency.objects.get().statutory_partner is True


def test_a_byte_order_mark_is_tolerated(tmp_path):
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "agencies.csv").write_bytes("name,sector\nCafé Society,voluntary\n".encode("utf-8-sig"))
    assert import_workbook(folder).ok
    assert Agency.objects.get().name == "Café Society"


def test_a_zip_of_csv_files_and_a_single_csv_file(tmp_path, board, as_csv):
    folder = as_csv(board)
    archive = tmp_path / "board.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in board:
            zipped.write(folder / f"{name}.csv", f"board/{name}.csv")
    assert import_workbook(archive, dry_run=True).ok
    result = import_workbook(folder / "agencies.csv")
    assert counts(result) == {"agencies": (3, 0, 0)}


def test_quoted_formulas_lose_exactly_one_quote(as_csv):
    rows = [["name", "sector", "short_name"], ["'=SUM(A1)", "other", "'-5"], ["''@home", "other", "'plain"]]
    assert import_workbook(as_csv({"agencies": rows})).ok
    assert dict(Agency.objects.values_list("name", "short_name")) == {"=SUM(A1)": "-5", "'@home": "'plain"}


def test_people_are_keyed_by_email_else_name(as_csv):
    PersonFactory(name="Ann Chair", email="ann@council.example")
    result = import_workbook(
        as_csv({"people": [["name", "email"], ["Ann Chair-Smith", "ANN@Council.example"], ["Ann Chair", ""]]})
    )
    assert counts(result) == {"people": (1, 1, 0)}
    assert Person.objects.get(email="ann@council.example").name == "Ann Chair-Smith"
    assert Person.objects.get(email=None).name == "Ann Chair"


def test_attendance_may_name_people_already_in_the_database(board, as_csv):
    assert import_workbook(as_csv(board)).ok
    result = import_workbook(
        as_csv(
            {
                "attendance": [
                    ["group", "date", "person", "status"],
                    ["Safeguarding Board", "2015-06-10", "Carol Lay", "apologies"],
                ]
            }
        )
    )
    assert result.ok is False  # Carol has no seat on the board
    assert "in_attendance" in result.problems[0].message


def test_a_dry_run_writes_nothing_but_counts_everything(board, as_csv):
    result = import_workbook(as_csv(board), dry_run=True)
    assert result.ok and not result.committed
    assert counts(result) == {name: (n, 0, 0) for name, n in BOARD_COUNTS.items()}
    assert len(result.changes) == sum(BOARD_COUNTS.values())
    assert history_count() == 0
    assert all(not records for records in snapshot().values())


def test_changes_are_attributed_to_the_importer(board, as_csv):
    user = UserFactory(username="importer")
    assert import_workbook(as_csv(board), by=user).ok
    assert {h.history_user for h in Meeting.history.all()} == {user}
    assert import_workbook(as_csv({"agencies": [["name", "sector"], ["Fire", "other"]]})).ok
    assert Agency.history.get(name="Fire").history_user is None


def test_someone_with_an_email_may_be_named_when_the_name_is_unique(board, as_csv):
    board["memberships"][1][1] = "Ann Chair"
    board["attendance"][1][2] = "ann chair"
    result = import_workbook(as_csv(board))
    assert result.ok, result.problems
    assert Attendance.objects.get(person__email="ann@council.example").status == "present"


def test_a_name_shared_by_two_people_with_emails_is_ambiguous(as_csv):
    PersonFactory(name="Sam Smith", email="sam@police.example")
    PersonFactory(name="Sam Smith", email="sam@health.example")
    result = import_workbook(
        as_csv(
            {
                "groups": [["name", "kind"], ["Board", "board"]],
                "memberships": [["group", "person"], ["Board", "Sam Smith"]],
            }
        )
    )
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("memberships", 2, "person")]
    assert result.problems[0].message == "'Sam Smith' could be any of 2 in the people sheet: use their email."
