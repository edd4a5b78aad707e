"""The training sheets of the board workbook: `training` (one row per event) and
`training_attendance` (one row per agency at an event), format 2."""

from __future__ import annotations

import copy
import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from governance.models import Agency, Board
from lscb.workbook import export_workbook, import_workbook, sheet_names
from tests.factories import BoardFactory, UserFactory
from tests.workbook.helpers import write_csvs
from training.models import TrainingAttendance, TrainingEvent

pytestmark = pytest.mark.django_db

CHILDREN = "Northmoor Safeguarding Children Partnership"
ADULTS = "Northmoor Safeguarding Adults Board"
NEGLECT = "Neglect: the graded care profile"
NOTES = (
    "Facilitée par l\u2019équipe «Signs of Safety» — Zoë and Łukasz led it.\n\n"
    "• Delegates asked for a follow-up on the \u201ctoxic trio\u201d;\n"
    "• two agencies booked and did not come.\n" + "Evaluations were warm. " * 80
)

TRAINING = {
    "boards": [
        ["name", "short_name", "kind"],
        [CHILDREN, "NSCP", "children"],
        [ADULTS, "NSAB", "adults"],
    ],
    "agencies": [
        ["name", "sector"],
        ["Northmoor Council", "local_authority"],
        ["Northmoor Police", "police"],
    ],
    "training": [
        [
            "board",
            "title",
            "date",
            "kind",
            "topic",
            "places",
            "booked",
            "attended",
            "cancelled",
            "evaluations",
            "rated_good",
            "notes",
        ],
        ["NSCP", NEGLECT, "2025-06-10", "course", "Neglect", "30", "28", "25", "no", "20", "18", NOTES],
        [
            "NSCP",
            "Exploitation conference",
            "2025-10-02",
            "conference",
            "Exploitation",
            "120",
            "110",
            "",
            "",
            "",
            "",
            "",
        ],
        ["NSCP", "Briefing: new procedures", "2025-11-20", "Briefing", "", "20", "12", "", "yes", "", "", ""],
        # The same title and date in the other board: its own event.
        ["NSAB", NEGLECT, "2025-06-10", "workshop", "Self-neglect", "15", "15", "14", "no", "10", "9", ""],
        ["NSAB", "Mental capacity e-learning", "2025-04-01", "e_learning", "", "", "", "", "", "", "", ""],
    ],
    "training_attendance": [
        ["board", "title", "date", "agency", "booked", "attended"],
        ["NSCP", NEGLECT, "2025-06-10", "Northmoor Council", "18", "17"],
        ["NSCP", NEGLECT, "2025-06-10", "Northmoor Police", "10", "0"],
        ["NSCP", "Exploitation conference", "2025-10-02", "Northmoor Police", "40", "41"],
        ["NSAB", NEGLECT, "2025-06-10", "Northmoor Council", "15", "14"],
    ],
}
BOTH = ["training", "training_attendance"]


@pytest.fixture
def book() -> dict[str, list[list]]:
    return copy.deepcopy(TRAINING)


@pytest.fixture
def as_csv(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def snapshot() -> dict[str, dict]:
    """Every training record by its natural key, with every field the workbook carries."""
    return {
        "training": {
            (e.board.name, e.title, e.date): (
                e.kind,
                e.topic,
                e.places,
                e.booked,
                e.attended,
                e.cancelled,
                e.evaluations,
                e.rated_good,
                e.notes,
            )
            for e in TrainingEvent.objects.select_related("board")
        },
        "training_attendance": {
            (a.event.board.name, a.event.title, a.event.date, a.agency.name): (a.booked, a.attended)
            for a in TrainingAttendance.objects.select_related("event__board", "agency")
        },
    }


def history_count() -> int:
    return TrainingEvent.history.count() + TrainingAttendance.history.count()


def wipe() -> None:
    TrainingAttendance.objects.all().delete()
    TrainingEvent.objects.all().delete()
    Agency.objects.all().delete()
    Board.objects.all().delete()


def read_csv(folder, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_training_sheets_come_after_the_sheets_they_refer_to():
    names = sheet_names()
    assert names.index("boards") < names.index("training") < names.index("training_attendance")
    assert names.index("agencies") < names.index("training_attendance")


def test_each_sheet_imports_into_its_boards(book, as_csv):
    result = import_workbook(as_csv(book), by=UserFactory(username="importer"))
    assert result.ok, problems(result)
    assert {name: result.counts[name].created for name in BOTH} == {"training": 5, "training_attendance": 4}
    neglect = TrainingEvent.objects.get(board__short_name="NSCP", title=NEGLECT)
    assert (neglect.kind, neglect.places, neglect.booked, neglect.attended, neglect.cancelled) == (
        "course",
        30,
        28,
        25,
        False,
    )
    assert (neglect.evaluations, neglect.rated_good, neglect.notes) == (20, 18, NOTES.strip())
    assert TrainingEvent.objects.get(title="Briefing: new procedures").cancelled is True
    conference = TrainingEvent.objects.get(title="Exploitation conference")
    assert (conference.attended, conference.evaluations) == (None, None)  # blank: not recorded, never 0
    assert TrainingEvent.objects.get(title="Mental capacity e-learning").kind == "e_learning"
    adults = TrainingEvent.objects.get(board__short_name="NSAB", title=NEGLECT)
    assert [(line.agency.name, line.booked, line.attended) for line in adults.attendance.all()] == [
        ("Northmoor Council", 15, 14)
    ]
    assert sorted((line.agency.name, line.attended) for line in neglect.attendance.all()) == [
        ("Northmoor Council", 17),
        ("Northmoor Police", 0),
    ]
    assert neglect.history.first().history_user.username == "importer"


def test_the_same_workbook_twice_changes_nothing(book, as_csv):
    folder = as_csv(book)
    assert import_workbook(folder).ok
    before, history = snapshot(), history_count()
    again = import_workbook(folder)
    assert again.ok and again.changes == []
    assert {name: again.counts[name].unchanged for name in BOTH} == {"training": 5, "training_attendance": 4}
    assert snapshot() == before and history_count() == history


def test_a_changed_row_updates_its_record_found_by_its_key(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    version = TrainingEvent.objects.get(board__short_name="NSCP", title=NEGLECT).version
    book["training"][1][7] = "26"
    book["training_attendance"][2][5] = "1"
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    changed = {(c.sheet, c.key): [(f.column, f.old, f.new) for f in c.fields] for c in result.changes}
    assert changed == {
        ("training", f"{NEGLECT} / 10/06/2025"): [("attended", 25, 26)],
        ("training_attendance", f"{NEGLECT} / 10/06/2025 / Northmoor Police"): [("attended", 0, 1)],
    }
    event = TrainingEvent.objects.get(board__short_name="NSCP", title=NEGLECT)
    assert (event.attended, event.version) == (26, version + 1)
    assert TrainingAttendance.objects.count() == 4


def test_the_board_may_be_left_out_in_a_one_board_instance(as_csv):
    only = BoardFactory(name=CHILDREN, short_name="NSCP")
    book = {
        "agencies": [["name", "sector"], ["Northmoor Police", "police"]],
        "training": [["title", "date", "booked", "attended"], ["Course A", "2025-06-01", "10", "9"]],
        "training_attendance": [
            ["title", "date", "agency", "booked"],
            ["course a", "2025-06-01", "Northmoor Police", "4"],
        ],
    }
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    event = TrainingEvent.objects.get()
    assert (event.board, event.kind, event.cancelled) == (only, "course", False)
    assert event.attendance.get().booked == 4  # the title matched whatever its letter case


def test_every_error_is_reported_and_nothing_is_written(book, as_csv):
    book["training"][4][10] = "21"  # more rated good than evaluations returned
    book["training"][2][3] = "lecture"  # a kind off the list
    book["training"][3][7] = "5"  # attendance at a cancelled event
    book["training"][5][6] = "-2"  # a negative count
    book["training_attendance"][3][1] = "Exploitation conferences"  # no such event
    book["training_attendance"][4][0] = "Westshire"  # no such board
    book["training_attendance"].append(["NSCP", NEGLECT, "2025-06-10", "Northmoor Police", "3", "3"])
    book["training_attendance"].append(["NSCP", NEGLECT, "2025-06-10", "Northmoor Probation", "3", "3"])
    result = import_workbook(as_csv(book))
    assert not result.ok
    assert problems(result) == [
        ("training", 3, "kind", "'lecture' is not one of: course, workshop, conference, e_learning, briefing."),
        (
            "training",
            4,
            "attended",
            "A cancelled event had nobody attending: leave attended blank (or 0), or untick cancelled.",
        ),
        ("training", 5, "rated_good", "More evaluations rated it good than were returned."),
        ("training", 6, "booked", "-2 is too small: the least allowed is 0."),
        (
            "training_attendance",
            4,
            "title",
            f"{CHILDREN} has no training event 'Exploitation conferences' on 2025-10-02 in the training sheet or the "
            "database: give the event's title and date as the training sheet writes them.",
        ),
        ("training_attendance", 5, "board", "'Westshire' is not a board of the boards sheet or the database."),
        ("training_attendance", 6, "agency", "the same title and date and agency as row 3."),
        ("training_attendance", 7, "agency", "'Northmoor Probation' is not in the agencies sheet or the database."),
    ]
    assert not TrainingEvent.objects.exists() and not TrainingAttendance.objects.exists()


def test_a_line_of_an_event_whose_row_failed_is_not_reported_again(book, as_csv):
    book["training"][1][10] = "21"
    result = import_workbook(as_csv(book))
    assert [(p.sheet, p.row) for p in result.problems] == [("training", 2)]


def test_an_importer_of_one_board_may_not_write_anothers_training(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    children = Board.objects.get(short_name="NSCP")
    book["training_attendance"][4][5] = "15"
    book["training"][4][11] = "Changed notes"
    result = import_workbook(as_csv(book), board=children, boards=[children])
    assert problems(result) == [
        ("training", 5, "board", f"you may not import into {ADULTS}: only into the boards you manage."),
        ("training_attendance", 5, "board", f"you may not import into {ADULTS}: only into the boards you manage."),
    ]


@pytest.mark.parametrize("target", ["instance.xlsx", "csv-folder"])
def test_two_boards_exported_and_imported_into_an_empty_database_come_back_the_same(book, as_csv, tmp_path, target):
    assert import_workbook(as_csv(book)).ok
    before = snapshot()
    assert all(before.values())
    export_workbook(tmp_path / target)
    wipe()
    assert not any(snapshot().values())
    result = import_workbook(tmp_path / target)
    assert result.ok, problems(result)
    assert snapshot() == before
    assert TrainingEvent.objects.get(board__short_name="NSCP", title=NEGLECT).notes == NOTES.strip()
    again = import_workbook(tmp_path / target)
    assert again.ok and again.changes == []


def test_the_export_writes_both_sheets_with_every_column(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    export_workbook(tmp_path / "board.xlsx")
    workbook = load_workbook(tmp_path / "board.xlsx")
    for name in BOTH:
        assert [cell.value for cell in workbook[name][1]] == TRAINING[name][0], name
    export_workbook(tmp_path / "out")
    rows = [
        (row["board"], row["title"], row["date"], row["cancelled"]) for row in read_csv(tmp_path / "out", "training")
    ]
    assert rows == [
        (ADULTS, "Mental capacity e-learning", "2025-04-01", "no"),
        (ADULTS, NEGLECT, "2025-06-10", "no"),
        (CHILDREN, NEGLECT, "2025-06-10", "no"),
        (CHILDREN, "Exploitation conference", "2025-10-02", "no"),
        (CHILDREN, "Briefing: new procedures", "2025-11-20", "yes"),
    ]
    lines = [(row["board"], row["title"], row["agency"]) for row in read_csv(tmp_path / "out", "training_attendance")]
    assert lines == [
        (ADULTS, NEGLECT, "Northmoor Council"),
        (CHILDREN, NEGLECT, "Northmoor Council"),
        (CHILDREN, NEGLECT, "Northmoor Police"),
        (CHILDREN, "Exploitation conference", "Northmoor Police"),
    ]


def test_one_boards_export_has_its_own_training_only(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    adults = Board.objects.get(short_name="NSAB")
    export_workbook(tmp_path / "adults", [adults])
    assert {row["board"] for name in BOTH for row in read_csv(tmp_path / "adults", name)} == {ADULTS}
    assert len(read_csv(tmp_path / "adults", "training_attendance")) == 1
    again = import_workbook(tmp_path / "adults")
    assert again.ok and again.changes == []


def test_a_board_without_training_gets_no_training_sheets(tmp_path):
    BoardFactory(name=CHILDREN)
    export_workbook(tmp_path / "board.xlsx")
    assert not set(BOTH) & set(load_workbook(tmp_path / "board.xlsx").sheetnames)


def test_an_event_date_read_from_a_spreadsheet_date_cell(as_csv, tmp_path):
    from tests.workbook.helpers import write_xlsx

    BoardFactory(name=CHILDREN, short_name="NSCP")
    path = tmp_path / "dates.xlsx"
    write_xlsx(
        path,
        {
            "agencies": [["name", "sector"], ["Northmoor Police", "police"]],
            "training": [["title", "date"], ["Course A", date(2025, 6, 1)]],
            "training_attendance": [
                ["title", "date", "agency", "booked"],
                ["Course A", date(2025, 6, 1), "Northmoor Police", 2],
            ],
        },
    )
    result = import_workbook(path)
    assert result.ok, problems(result)
    assert TrainingAttendance.objects.get().event.date == date(2025, 6, 1)
