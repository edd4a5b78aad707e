"""The money sheets of the board workbook: budget and contributions (format 2)."""

from __future__ import annotations

import copy
import csv
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finance.models import TOTAL_MESSAGE, BudgetLine, Contribution
from governance.models import Agency, Board, Group, Person
from lscb.workbook import export_workbook, import_workbook, sheet_names
from tests.factories import BoardFactory, UserFactory
from tests.workbook.helpers import write_csvs, write_xlsx

pytestmark = pytest.mark.django_db

CHILDREN = "Northmoor Safeguarding Children Partnership"
ADULTS = "Northmoor Safeguarding Adults Board"
NOTE = (
    "Underspend carried forward to 2016\u201317, as agreed by the board on 12/03/2016.\n"
    "Includes the café\u2019s invoice for the conference — “Ångström Hall”. " + "Detail. " * 80
).strip()

MONEY = {
    "boards": [
        ["name", "short_name", "kind"],
        [CHILDREN, "NSCP", "children"],
        [ADULTS, "NSAB", "adults"],
    ],
    "agencies": [
        ["name", "sector"],
        ["Northmoor Council", "local_authority"],
        ["Northmoor Police", "police"],
        ["Northmoor CCG", "health"],
    ],
    "budget": [
        ["board", "year", "kind", "line", "budget", "actual", "note"],
        ["NSCP", "2015-16", "income", "Contributions from partner agencies", "118878.00", "", ""],
        ["NSCP", "2015-16", "income", "Carried forward", "£12,345.67", "12345.67", ""],
        ["NSCP", "2015-16", "expenditure", "Business unit staffing", "95000", "90000.20", NOTE],
        ["NSCP", "2015-16", "expenditure", "Independent chair", "20000.00", "24999.80", ""],
        ["NSAB", "2015-16", "expenditure", "Safeguarding adults reviews", "30000.5", "12000.05", ""],
    ],
    "contributions": [
        ["board", "year", "agency", "amount", "share", "in_kind"],
        ["NSCP", "2015-16", "Northmoor Council", "60000.00", "", "Meeting rooms"],
        ["NSCP", "2015-16", "Northmoor Police", "25,000.50", "", ""],
        ["NSCP", "2015-16", "Northmoor CCG", "", "12.5%", ""],
        ["NSAB", "2015-16", "Northmoor Council", "", "", "Minute taking\nand a venue"],
    ],
}
TWO = ["budget", "contributions"]


@pytest.fixture
def book() -> dict[str, list[list]]:
    return copy.deepcopy(MONEY)


@pytest.fixture
def as_csv(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def snapshot() -> dict[str, dict]:
    return {
        "budget": {
            (line.board.name, line.year, line.kind, line.line): (line.budget, line.actual, line.note, line.position)
            for line in BudgetLine.objects.select_related("board")
        },
        "contributions": {
            (c.board.name, c.year, c.agency.name): (c.amount, c.share, c.in_kind)
            for c in Contribution.objects.select_related("board", "agency")
        },
    }


def wipe() -> None:
    BudgetLine.objects.all().delete()
    Contribution.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.all().delete()
    Agency.objects.all().delete()
    Board.objects.all().delete()


def read_csv(folder, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_money_sheets_come_after_boards_and_agencies():
    names = sheet_names()
    for sheet in TWO:
        assert names.index("boards") < names.index(sheet) and names.index("agencies") < names.index(sheet)


def test_the_sheets_import_exact_amounts_into_their_boards(book, as_csv):
    manager = UserFactory(username="importer")
    result = import_workbook(as_csv(book), by=manager)
    assert result.ok, problems(result)
    assert {name: result.counts[name].created for name in TWO} == {"budget": 5, "contributions": 4}
    children = Board.objects.get(short_name="NSCP")
    carried = BudgetLine.objects.get(board=children, line="Carried forward")
    assert (carried.year, carried.kind, carried.budget, carried.actual) == (
        2015,
        "income",
        Decimal("12345.67"),
        Decimal("12345.67"),
    )
    staffing = BudgetLine.objects.get(line="Business unit staffing")
    assert staffing.budget == Decimal("95000.00") and staffing.note == NOTE
    assert staffing.history.first().history_user == manager
    # The rows' order within their year and kind is the statement's.
    assert [line.line for line in BudgetLine.objects.of_board(children).expenditure().order_by("position")] == [
        "Business unit staffing",
        "Independent chair",
    ]
    police = Contribution.objects.get(agency__name="Northmoor Police")
    assert police.amount == Decimal("25000.50")
    assert Contribution.objects.get(agency__name="Northmoor CCG").share == Decimal("12.50")
    assert Contribution.objects.get(board__short_name="NSAB").in_kind == "Minute taking\nand a venue"


def test_the_same_workbook_twice_changes_nothing(book, as_csv):
    folder = as_csv(book)
    assert import_workbook(folder).ok
    before = snapshot()
    again = import_workbook(folder)
    assert again.ok and again.changes == []
    assert {name: again.counts[name].unchanged for name in TWO} == {"budget": 5, "contributions": 4}
    assert snapshot() == before


def test_a_changed_amount_updates_its_line_found_by_its_key(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    book["budget"][4][5] = "25000.00"
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    assert [(c.sheet, c.key) for c in result.changes] == [("budget", "2015-16 / expenditure / Independent chair")]
    line = BudgetLine.objects.get(line="Independent chair")
    assert (line.actual, line.version) == (Decimal("25000.00"), 2)


@pytest.mark.parametrize("total", ["Total", "Total for the whole budget", "Grand total", "Sub-total", " totals"])
def test_a_total_line_is_refused_with_the_clear_message_and_nothing_is_written(book, as_csv, total):
    book["budget"].append(["NSCP", "2015-16", "expenditure", total, "115000.00", "114000.00", ""])
    result = import_workbook(as_csv(book))
    assert not result.committed
    assert problems(result) == [("budget", 7, "line", TOTAL_MESSAGE.format(line=total.strip()))]
    assert not BudgetLine.objects.exists() and not Contribution.objects.exists()


def test_a_line_that_only_mentions_a_total_is_kept(book, as_csv):
    book["budget"].append(
        ["NSCP", "2015-16", "expenditure", "Contribution to the total cost of the review", "1", "1", ""]
    )
    assert import_workbook(as_csv(book)).ok


def test_every_error_is_reported_and_nothing_is_written(book, as_csv):
    book["budget"][1][4] = "12.345"  # more than pence
    book["budget"][2][5] = "a lot"
    book["budget"][3][1] = "2015-17"
    book["budget"][4][2] = "savings"
    book["budget"].append(["NSAB", "2015-16", "expenditure", "Safeguarding adults reviews", "1", "", ""])  # twice
    book["contributions"][1][4] = "120"
    book["contributions"][2][2] = "Northmoor Fire"
    book["contributions"][3][4] = "12.555"
    book["contributions"][4][5] = ""  # nothing given at all
    result = import_workbook(as_csv(book))
    assert not result.committed
    assert not BudgetLine.objects.exists() and not Contribution.objects.exists() and not Board.objects.exists()
    found = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert found[("budget", 2, "budget")] == (
        "'12.345': give pounds and pence only: at most two figures after the point (e.g. 12.35, not 12.345)."
    )
    assert found[("budget", 3, "actual")].startswith("'a lot': enter an amount in pounds and pence")
    assert "the second year must follow the first" in found[("budget", 4, "year")]
    assert found[("budget", 5, "kind")] == "'savings' is not one of: income, expenditure."
    assert "the same" in found[("budget", 7, "line")]
    assert found[("contributions", 2, "share")] == "'120': a share is between 0 and 100 percent."
    assert "Northmoor Fire" in found[("contributions", 3, "agency")]
    assert found[("contributions", 4, "share")].endswith("at most two figures after the point.")
    assert found[("contributions", 5, "amount")].startswith("give the amount, the published share")


def test_an_amount_typed_in_a_number_cell_is_kept_exactly(book, tmp_path):
    book["budget"][3][4:6] = [95000.1, 90000.2]
    book["contributions"][2][3] = 25000.5
    book["contributions"][3][4] = 12.5
    assert import_workbook(write_xlsx(tmp_path / "numbers.xlsx", book)).ok
    staffing = BudgetLine.objects.get(line="Business unit staffing")
    assert (staffing.budget, staffing.actual) == (Decimal("95000.10"), Decimal("90000.20"))
    assert Contribution.objects.get(agency__name="Northmoor Police").amount == Decimal("25000.50")
    assert Contribution.objects.get(agency__name="Northmoor CCG").share == Decimal("12.50")


@pytest.mark.parametrize("target", ["instance.xlsx", "csv-folder"])
def test_two_boards_exported_and_imported_into_an_empty_database_come_back_the_same(book, as_csv, tmp_path, target):
    assert import_workbook(as_csv(book)).ok
    before = snapshot()
    export_workbook(tmp_path / target)
    wipe()
    assert not any(snapshot().values())
    result = import_workbook(tmp_path / target)
    assert result.ok, problems(result)
    assert snapshot() == before
    assert BudgetLine.objects.get(line="Business unit staffing").note == NOTE
    again = import_workbook(tmp_path / target)
    assert again.ok and again.changes == []


def test_the_export_writes_both_sheets_with_every_column_and_exact_amounts(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    export_workbook(tmp_path / "board.xlsx")
    workbook = load_workbook(tmp_path / "board.xlsx")
    for name in TWO:
        assert [cell.value for cell in workbook[name][1]] == MONEY[name][0], name
    export_workbook(tmp_path / "out")
    rows = read_csv(tmp_path / "out", "budget")
    assert [(row["board"], row["year"], row["kind"], row["line"], row["budget"], row["actual"]) for row in rows] == [
        (ADULTS, "2015-16", "expenditure", "Safeguarding adults reviews", "30000.50", "12000.05"),
        (CHILDREN, "2015-16", "income", "Contributions from partner agencies", "118878.00", ""),
        (CHILDREN, "2015-16", "income", "Carried forward", "12345.67", "12345.67"),
        (CHILDREN, "2015-16", "expenditure", "Business unit staffing", "95000.00", "90000.20"),
        (CHILDREN, "2015-16", "expenditure", "Independent chair", "20000.00", "24999.80"),
    ]
    shares = [(row["agency"], row["amount"], row["share"]) for row in read_csv(tmp_path / "out", "contributions")]
    assert ("Northmoor CCG", "", "12.50") in shares and ("Northmoor Police", "25000.50", "") in shares


def test_one_boards_export_has_its_own_money_only(book, as_csv, tmp_path):
    assert import_workbook(as_csv(book)).ok
    adults = Board.objects.get(short_name="NSAB")
    export_workbook(tmp_path / "adults", [adults])
    assert [row["line"] for row in read_csv(tmp_path / "adults", "budget")] == ["Safeguarding adults reviews"]
    assert {row["board"] for name in TWO for row in read_csv(tmp_path / "adults", name)} == {ADULTS}
    again = import_workbook(tmp_path / "adults")
    assert again.ok and again.changes == []


def test_a_board_without_money_gets_no_money_sheets(tmp_path):
    BoardFactory(name=CHILDREN)
    export_workbook(tmp_path / "board.xlsx")
    assert not set(TWO) & set(load_workbook(tmp_path / "board.xlsx").sheetnames)


def test_an_importer_of_one_board_may_not_write_anothers_money(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    children = Board.objects.get(short_name="NSCP")
    book["budget"][5][5] = "1.00"
    result = import_workbook(as_csv(book), board=children, boards=[children])
    assert problems(result) == [
        ("budget", 6, "board", f"you may not import into {ADULTS}: only into the boards you manage."),
    ]
