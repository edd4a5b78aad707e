"""The dataset's sheets of the board workbook: indicators and indicator_values (format 2)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from businessplan.models import Action, Objective, Plan, Priority, ProgressUpdate
from dataset.models import Indicator, IndicatorValue
from governance.models import Agency, Board, Group, Person
from lscb.workbook import export_workbook, import_workbook
from tests.workbook.helpers import write_csvs

pytestmark = pytest.mark.django_db

CHILDREN = "Northmoor Safeguarding Children Partnership"
ADULTS = "Northmoor Safeguarding Adults Board"
PLAN = "Business Plan 2025-27"
NOTE = "Rise after the summer holidays.\nThe police\u2019s “Philomena protocol” — café staff, é, ü, ç, ł; $5 not $x$."

INDICATORS_HEADER = [
    "board",
    "name",
    "unit",
    "better",
    "frequency",
    "source",
    "target",
    "plan",
    "priority",
    "on_dashboard",
    "description",
]
VALUES_HEADER = ["board", "indicator", "area", "period", "value", "comparator", "comparator_name", "note"]

BOOK = {
    "boards": [["name", "short_name", "kind"], [CHILDREN, "NSCP", "children"], [ADULTS, "NSAB", "adults"]],
    "agencies": [["name", "sector"], ["Northmoor Police", "police"], ["Northmoor Council", "local_authority"]],
    "plans": [["board", "title", "start", "end"], ["NSCP", PLAN, "2025-04-01", "2027-03-31"]],
    "priorities": [["board", "plan", "number", "title"], ["NSCP", PLAN, "1", "Missing and exploited children"]],
    "indicators": [
        INDICATORS_HEADER,
        [
            "NSCP",
            "Missing episodes",
            "count",
            "lower",
            "monthly",
            "Northmoor Police",
            "50",
            PLAN,
            "1",
            "yes",
            "Episodes",
        ],
        ["NSCP", "Re-referrals", "percent", "lower", "quarterly", "Northmoor Council", "", "", "", "", ""],
        ["NSCP", "Child deaths reviewed", "count", "", "yearly", "", "", "", "", "", ""],
        ["NSAB", "Section 42 enquiries", "count", "neither", "monthly", "Northmoor Council", "", "", "", "no", ""],
    ],
    "indicator_values": [
        VALUES_HEADER,
        ["NSCP", "Missing episodes", "", "2025-04", "52", "48.5", "statistical neighbours", NOTE],
        ["NSCP", "Missing episodes", "", "2025-5", "", "", "", "Not reported by the police this month."],
        ["NSCP", "Missing episodes", "", "2025-06", "-3", "", "", "A correction."],
        ["NSCP", "Missing episodes", "North", "2025-04", "30", "", "", ""],
        ["NSCP", "Re-referrals", "", "2025-26 Q1", "21.25", "22.1", "England", ""],
        ["NSCP", "Child deaths reviewed", "", "2010-11", "7", "", "", ""],
        ["NSAB", "Section 42 enquiries", "", "2026-03-31", "1,234", "", "", ""],
    ],
}


@pytest.fixture
def book() -> dict[str, list[list]]:
    return copy.deepcopy(BOOK)


@pytest.fixture
def as_csv(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def snapshot() -> dict[str, list]:
    return {
        "indicators": sorted(
            Indicator.objects.values_list(
                "board__name",
                "name",
                "unit",
                "better",
                "frequency",
                "source__name",
                "target",
                "priority__number",
                "on_dashboard",
                "description",
            )
        ),
        "values": sorted(
            IndicatorValue.objects.values_list(
                "indicator__name", "area", "period", "period_kind", "value", "comparator", "comparator_name", "note"
            ),
            key=repr,
        ),
    }


def wipe() -> None:
    IndicatorValue.objects.all().delete()
    Indicator.objects.all().delete()
    for model in (ProgressUpdate, Action, Objective, Priority, Plan):
        model.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()
    Board.objects.all().delete()


def test_the_sheets_import_into_their_boards(book, as_csv):
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    missing = Indicator.objects.get(name="Missing episodes")
    assert missing.board.short_name == "NSCP" and missing.on_dashboard and missing.target == 50
    assert missing.priority.title == "Missing and exploited children" and missing.source.name == "Northmoor Police"
    assert Indicator.objects.get(name="Section 42 enquiries").board.short_name == "NSAB"
    values = {(v.indicator.name, v.area, v.period): v for v in IndicatorValue.objects.select_related("indicator")}
    assert values["Missing episodes", "", "2025-04"].note == NOTE
    assert values["Missing episodes", "", "2025-04"].comparator == Decimal("48.5")
    assert values["Missing episodes", "", "2025-05"].value is None  # blank: not reported, never 0
    assert values["Missing episodes", "", "2025-06"].value == -3  # a correction is kept
    assert values["Missing episodes", "North", "2025-04"].value == 30
    assert values["Re-referrals", "", "2025-26 Q1"].period_kind == "quarter"
    assert values["Child deaths reviewed", "", "2010-11"].period_kind == "year"  # a yearly indicator's year
    assert values["Section 42 enquiries", "", "2026-03-31"].value == 1234


def test_the_same_workbook_twice_changes_nothing(book, as_csv):
    folder = as_csv(book)
    assert import_workbook(folder).ok
    before = snapshot()
    again = import_workbook(folder)
    assert again.ok and again.changes == [], again.changes
    assert snapshot() == before


def test_a_changed_value_updates_its_record_by_indicator_area_and_period(book, as_csv):
    assert import_workbook(as_csv(book)).ok
    book["indicator_values"][3][4] = "4"  # 2025-06: the correction corrected
    result = import_workbook(as_csv(book))
    assert result.ok and [c.action for c in result.changes] == ["updated"]
    assert IndicatorValue.objects.get(period="2025-06").value == 4


def test_every_error_is_explained_and_nothing_is_written(book, as_csv):
    book["indicator_values"][1][3] = "April 2025"
    book["indicator_values"][2][4] = "twelve"
    book["indicator_values"][3][0:2] = ["NSCP", "No such indicator"]
    book["indicators"][2][8] = "3"  # a priority without its plan
    book["indicators"][3][2] = "per cent"
    result = import_workbook(as_csv(book))
    assert not result.committed
    found = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert "is not a period" in found["indicator_values", 2, "period"]
    assert "2025-26 Q1" in found["indicator_values", 2, "period"]  # the forms a period may take
    assert "is not a number" in found["indicator_values", 3, "value"]
    assert "not in the indicators sheet" in found["indicator_values", 4, "indicator"]
    assert "give the plan" in found["indicators", 3, "plan"]
    assert "is not one of" in found["indicators", 4, "unit"]
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


def test_two_rows_of_one_period_are_an_error(book, as_csv):
    book["indicator_values"].append(["NSCP", "Missing episodes", "", "2025-4", "1", "", "", ""])
    result = import_workbook(as_csv(book))
    assert not result.committed
    assert [(p.sheet, p.column) for p in result.problems] == [("indicator_values", "period")]


@pytest.mark.parametrize("target", ["board.xlsx", "csv-folder"])
def test_exported_and_imported_into_an_empty_database_come_back_the_same(book, as_csv, tmp_path, target):
    assert import_workbook(as_csv(book)).ok
    before = snapshot()
    export_workbook(tmp_path / target)
    wipe()
    result = import_workbook(tmp_path / target)
    assert result.ok, problems(result)
    assert snapshot() == before
    assert IndicatorValue.objects.get(period="2025-04", area="").note == NOTE
    again = import_workbook(tmp_path / target)
    assert again.ok and again.changes == []
