# ruff: noqa: RUF001 (curly quotes and en dashes are the point: boards write them)
"""A board's own year comes in whole and its report reads like the one it publishes.

The Northmoor workbook (northmoor.py) is imported as a business unit would; the figures below
are counted by hand from its rows, as DOMAIN.md defines them. It comes in as format 1 (the one
board), and as format 2 beside the adults' board of the same area, whose records of the same names
(a "Business Group" meeting on the same day, a challenge of the same number) must not reach the
children's board's figures.
"""

from __future__ import annotations

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from lscb.workbook import import_workbook
from tests.workbook.helpers import write_csvs, write_xlsx

from .northmoor import BOOK, BOOK_TWO_BOARDS, LONG_BY_WHEN, NOTE_UNDATED, PRIORITY_1

pytestmark = pytest.mark.django_db

GROUPS_IN_BOARD_ORDER = [
    ("Northmoor Safeguarding Children Board", 4, 3),
    ("Business Group", 4, 4),
    ("Quality and Effectiveness Group", 6, 5),
    ("Child Death Overview Panel", 4, 3),
    ("Audit Task and Finish Group", 2, 2),
]


@pytest.fixture(params=["xlsx", "csv", "two boards"])
def imported(request, tmp_path):
    if request.param == "two boards":
        path = write_xlsx(tmp_path / "northmoor-two-boards.xlsx", BOOK_TWO_BOARDS)
    elif request.param == "xlsx":
        path = write_xlsx(tmp_path / "northmoor.xlsx", BOOK)
    else:
        path = write_csvs(tmp_path / "csv", BOOK)
    result = import_workbook(path)
    assert [str(problem) for problem in result.problems] == []
    return result


def yearend(tmp_path: Path, fmt: str) -> Path:
    from governance.models import Board

    out = tmp_path / f"report.{fmt}"
    err = StringIO()
    # The children's board's year: named when the instance has the adults' board too.
    board = ["--board", "NSCB"] if Board.objects.count() > 1 else []
    call_command("yearend", "2015-16", *board, "--format", fmt, "--output", str(out), stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""  # a normal run prints no warnings
    return out


def test_the_year_imports_with_its_long_texts_undated_records_and_own_key(imported):
    from businessplan.models import Action, Plan, ProgressUpdate
    from challengelog.models import Challenge

    action = Action.objects.get(ref="1.2")
    assert action.due_text == LONG_BY_WHEN
    assert action.objective.priority.title == PRIORITY_1
    undated = ProgressUpdate.objects.get(note=NOTE_UNDATED)
    assert undated.undated and undated.when == "undated (2015-16)"
    assert Challenge.objects.get(ref="CH-2015-02").raised_when == "undated (2015-16)"
    plan = Plan.objects.get(title="Northmoor LSCB Business Plan 2015-17")  # the children's board's
    assert [(level.code, level.label) for level in plan.scale_levels] == [
        ("1", "Achieved"),
        ("2", "On track"),
        ("3", "Slipped"),
        ("4", "Not achieved"),
    ]
    assert plan.meaning("1") == "Action completed and its impact evidenced to the Board"
    assert plan.meaning("2") == "On track to be completed"  # no meaning column: the scale's own


def test_the_json_gives_the_boards_figures_in_its_order(imported, tmp_path):
    summary = json.loads(yearend(tmp_path, "json").read_text())
    assert [(g["name"], g["planned"], g["held"]) for g in summary["groups"]] == GROUPS_IN_BOARD_ORDER
    assert summary["meetings_total"] == {"planned": 20, "held": 17, "held_pct": 85}
    rates = {
        row["agency"]: (row["expected"], row["attended"])
        for row in summary["attendance"]
        if row["group"].startswith("Northmoor")
    }
    assert rates == {
        "Northmoor Borough Council": (3, 3),
        "Northmoor Police": (3, 2),  # part attendance counts as attended
        "Northmoor Clinical Commissioning Group": (3, 2),
        "National Probation Service – North Division": (2, 0),  # not expected at one meeting
    }
    plan = summary["plans"][0]
    assert plan["rag_totals"] == {"1": 1, "2": 1, "3": 0, "4": 1, "unrated": 1}
    assert [level["label"] for level in plan["levels"]] == ["Achieved", "On track", "Slipped", "Not achieved"]
    first = plan["priorities"][0]
    assert [a["ref"] for a in first["actions"]] == ["1.1", "1.2", "1.10"]
    assert first["rag_totals"] == {"1": 1, "2": 1, "3": 0, "4": 0, "unrated": 1}
    notes = first["actions"][1]["progress"]
    assert [(n["date"], n.get("year"), n["rag"]) for n in notes] == [
        ("2015-07-01", "2015-16", "2"),
        (None, "2015-16", "1"),
    ]
    challenges = {c["ref"]: c for c in summary["challenges"]["items"]}
    assert challenges["CH-2015-02"]["raised_on"] is None and challenges["CH-2015-02"]["year"] == "2015-16"


def test_the_page_pdf_and_word_read_like_the_published_report(imported, tmp_path):
    html = yearend(tmp_path, "html").read_text()
    positions = [html.index(name) for name, _, _ in GROUPS_IN_BOARD_ORDER]
    assert positions == sorted(positions)
    assert "85%" in html and "undated (2015-16)" in html
    assert "Not achieved" in html and "Action completed and its impact evidenced to the Board" in html
    assert "the Council’s Director of Children’s Services" in html
    little = html[html.index("Actions rated slipped or not achieved at the end of the year") :]
    assert '<th scope="row">2.1</th>' in little[: little.index("</table>")]
    pdf = yearend(tmp_path, "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Achieved" in text and "undated (2015-16)" in text
    from docx import Document

    document = Document(str(yearend(tmp_path, "docx")))
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert LONG_BY_WHEN in words and "Slipped" in words and "undated (2015-16)" in words


def test_two_boards_come_in_each_with_its_own_records_and_go_out_and_back_unchanged(tmp_path):
    from businessplan.models import Plan
    from challengelog.models import Challenge
    from governance.models import Board, Group, Meeting
    from governance.statistics import year_figures
    from lscb.workbook import export_workbook
    from lscb.years import ReportingYear

    result = import_workbook(write_xlsx(tmp_path / "northmoor-two-boards.xlsx", BOOK_TWO_BOARDS))
    assert [str(problem) for problem in result.problems] == []
    boards = {board.short_name: board for board in Board.objects.all()}
    assert {name: board.kind for name, board in boards.items()} == {"NSCB": "children", "NSAB": "adults"}
    children, adults = boards["NSCB"], boards["NSAB"]
    assert Group.objects.filter(board=children).count() == len(GROUPS_IN_BOARD_ORDER)
    assert [g.name for g in Group.objects.filter(board=adults)] == ["Business Group", "Safeguarding Adults Board"]
    # The two Business Groups met on the same day: one meeting each.
    assert Meeting.objects.filter(group__name="Business Group", date="2015-05-05").count() == 2
    assert Meeting.objects.filter(group__board=children).count() == 20
    assert Plan.objects.filter(board=adults).get().actions.get().lead_group.board == adults
    assert {c.board.short_name for c in Challenge.objects.filter(ref="CH-2015-01")} == {"NSCB", "NSAB"}
    # The children's board's figures, counted from its own groups only, are the format 1 year's.
    figures = year_figures(ReportingYear.parse("2015-16"), board=children)
    assert sorted((f.group.name, f.planned, f.held) for f in figures.groups) == sorted(GROUPS_IN_BOARD_ORDER)
    adult_figures = year_figures(ReportingYear.parse("2015-16"), board=adults)
    assert sorted((f.group.name, f.held) for f in adult_figures.groups) == [("Business Group", 2)]
    export_workbook(tmp_path / "out")
    again = import_workbook(tmp_path / "out")
    assert again.ok and again.changes == []
