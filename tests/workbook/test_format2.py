"""Format 2 columns of the format 1 sheets: undated challenges and progress placed in a year,
the register's part, not-expected and on-behalf-of, the groups' own order and a chair by role,
and the limits that stay on keys and codes."""

from __future__ import annotations

import copy
import csv
from datetime import date

import pytest

from businessplan.models import Action, ProgressUpdate
from challengelog.models import Challenge
from governance.models import Attendance, Group
from lscb.workbook import export_workbook, import_workbook

from .helpers import BOARD

pytestmark = pytest.mark.django_db

PLAN = "Business Plan 2015-17"
# Undated records as real sources give them: a year and no day.
LOG = {
    **copy.deepcopy(BOARD),
    "plans": [["title", "start", "end"], [PLAN, "2015-04-01", "2017-03-31"]],
    "priorities": [["plan", "number", "title"], [PLAN, "1", "Neglect"]],
    "actions": [
        ["plan", "ref", "priority", "objective", "due_text", "rag"],
        [PLAN, "1.1", "1", "Know the scale of neglect", "Sept 2016 \N{EN DASH} then yearly", ""],
    ],
    "progress": [
        ["plan", "ref", "date", "year", "rag", "note"],
        [PLAN, "1.1", "", "2015-16", "amber", "Audit started; no date given"],
        [PLAN, "1.1", "2016-06-01", "", "green", "Published"],
    ],
    "challenges": [
        ["ref", "raised_on", "year", "raised_by", "agency", "subject", "status"],
        ["CH-A", "", "2015-16", "chair", "Westshire Council", "Early help thresholds", "open"],
        ["CH-B", "2015-09-01", "", "board", "Westshire Council", "Private fostering", "open"],
    ],
}


@pytest.fixture
def log() -> dict[str, list[list]]:
    return copy.deepcopy(LOG)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def read_csv(folder, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# --- undated challenges and progress ----------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_year_without_a_date_places_a_challenge_and_an_update_undated(form, log, as_csv, as_xlsx):
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(log))
    assert result.ok, result.problems
    undated, dated = Challenge.objects.get(ref="CH-A"), Challenge.objects.get(ref="CH-B")
    assert (undated.raised_on, undated.raised_undated, undated.raised_when) == (
        date(2015, 4, 1),
        True,
        "undated (2015-16)",
    )
    assert (dated.raised_on, dated.raised_undated, dated.raised_when) == (date(2015, 9, 1), False, "01/09/2015")
    first, second = ProgressUpdate.objects.order_by("date")
    # It stood at the year's end: "as at 31 March 2016" takes it; the dated one later is the latest.
    assert (first.date, first.undated, first.when) == (date(2016, 3, 31), True, "undated (2015-16)")
    assert (second.date, second.undated) == (date(2016, 6, 1), False)
    assert Action.objects.get().rating == "green"


def test_export_writes_the_year_for_an_undated_record_only_and_imports_back_unchanged(log, as_csv, tmp_path):
    assert import_workbook(as_csv(log)).ok
    export_workbook(tmp_path / "out")
    challenges = {row["ref"]: (row["raised_on"], row["year"]) for row in read_csv(tmp_path / "out", "challenges")}
    assert challenges == {"CH-A": ("", "2015-16"), "CH-B": ("2015-09-01", "")}
    progress = [(row["date"], row["year"], row["note"]) for row in read_csv(tmp_path / "out", "progress")]
    assert progress == [("", "2015-16", "Audit started; no date given"), ("2016-06-01", "", "Published")]
    again = import_workbook(tmp_path / "out")
    assert again.ok and again.changes == []
    # And into an empty database: the same records, undated as they were.
    ProgressUpdate.objects.all().delete()
    Challenge.objects.all().delete()
    assert import_workbook(tmp_path / "out").ok
    assert Challenge.objects.get(ref="CH-A").raised_undated
    assert ProgressUpdate.objects.get(undated=True).date == date(2016, 3, 31)


def test_a_record_given_neither_date_nor_year_is_refused_and_nothing_is_written(log, as_csv):
    log["challenges"][1][2] = ""
    log["progress"][1][3] = ""
    result = import_workbook(as_csv(log))
    assert not result.committed
    assert problems(result) == [
        (
            "progress",
            2,
            "date",
            "give the date, or when the source gives none, the reporting year in year (e.g. 2015-16).",
        ),
        (
            "challenges",
            2,
            "raised_on",
            "give the date, or when the source gives none, the reporting year in year (e.g. 2015-16).",
        ),
    ]
    assert not Challenge.objects.exists() and not Group.objects.exists()


def test_a_date_outside_its_year_and_a_year_that_is_not_one_are_refused(log, as_csv):
    log["challenges"][2][2] = "2016-17"  # raised 2015-09-01
    log["progress"][1][3] = "2015/17"
    result = import_workbook(as_csv(log))
    assert problems(result) == [
        (
            "progress",
            2,
            "year",
            '"2015/17" is not a reporting year: the second year must follow the first, as in 2025-26.',
        ),
        (
            "challenges",
            3,
            "year",
            "2015-09-01 is not in 2016-17 (which runs from 2016-04-01 to 2017-03-31): "
            "give the date, or leave raised_on blank and give the year only.",
        ),
    ]


def test_a_date_and_its_own_year_together_make_a_dated_record(log, as_csv):
    log["challenges"][2][2] = "2015-16"
    assert import_workbook(as_csv(log)).ok
    assert not Challenge.objects.get(ref="CH-B").raised_undated


def test_an_undated_update_of_a_year_not_yet_ended_is_refused(log, as_csv):
    log["progress"][1][3] = "2099-00"
    result = import_workbook(as_csv(log))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("progress", 2, "year")]
    assert "2099-00 has not ended" in result.problems[0].message


def test_dating_an_undated_challenge_updates_it(log, as_csv):
    assert import_workbook(as_csv(log)).ok
    log["challenges"][1][1:3] = ["2015-05-20", ""]
    result = import_workbook(as_csv(log))
    assert result.ok, result.problems
    (change,) = [c for c in result.changes if c.sheet == "challenges"]
    assert [(f.label, f.old, f.new) for f in change.fields] == [("raised on", "undated (2015-16)", "20/05/2015")]
    challenge = Challenge.objects.get(ref="CH-A")
    assert (challenge.raised_on, challenge.raised_undated) == (date(2015, 5, 20), False)


# --- the register --------------------------------------------------------------------------------


def register(book: dict, *rows: list[str]) -> dict:
    book["attendance"] = [
        ["group", "date", "person", "status", "deputy_name", "on_behalf_of", "note"],
        *[["Safeguarding Board", "2015-06-10", *row] for row in rows],
    ]
    return book


def test_part_not_expected_and_on_behalf_of_import_and_round_trip(board, as_csv, tmp_path):
    register(
        board,
        ["ann@council.example", "part", "", "", "left after item 4 \N{EN DASH} “urgent call”"],
        ["bob@police.example", "not_expected", "", "", ""],
        # A representative, not a member, present for a member.
        ["Carol Lay", "present", "", "ann@council.example", ""],
    )
    result = import_workbook(as_csv(board))
    assert result.ok, result.problems
    rows = {a.person.name: (a.status, a.on_behalf_of and a.on_behalf_of.name, a.note) for a in Attendance.objects.all()}
    assert rows == {
        "Ann Chair": ("part", None, "left after item 4 \N{EN DASH} “urgent call”"),
        "Bob Police": ("not_expected", None, ""),
        "Carol Lay": ("present", "Ann Chair", ""),
    }
    export_workbook(tmp_path / "out")
    exported = [(r["person"], r["status"], r["on_behalf_of"]) for r in read_csv(tmp_path / "out", "attendance")]
    assert exported == [
        ("ann@council.example", "part", ""),
        ("bob@police.example", "not_expected", ""),
        ("Carol Lay", "present", "ann@council.example"),
    ]
    again = import_workbook(tmp_path / "out")
    assert again.ok and again.changes == []


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["Carol Lay", "apologies", "", "ann@council.example", ""],
            "on_behalf_of",
            "only someone present (status present or part) can be there on behalf of another member, not someone "
            "whose status is apologies: make the status present or part, or leave this blank.",
        ),
        (
            ["ann@council.example", "present", "", "ann@council.example", ""],
            "on_behalf_of",
            "Ann Chair cannot be present on their own behalf: leave this blank.",
        ),
        (
            ["ann@council.example", "present", "", "Carol Lay", ""],
            "on_behalf_of",
            "Carol Lay has no membership of Safeguarding Board on 2015-06-10: "
            "a representative is present on behalf of a member.",
        ),
        (
            ["ann@council.example", "present", "", "Nobody Known", ""],
            "on_behalf_of",
            "'Nobody Known' is not in the people sheet or the database.",
        ),
    ],
)
def test_on_behalf_of_only_goes_with_someone_present_for_a_member(row, column, message, board, as_csv):
    result = import_workbook(as_csv(register(board, row)))
    assert problems(result) == [("attendance", 2, column, message)]
    assert not Attendance.objects.exists()


# --- groups ----------------------------------------------------------------------------------------


def test_groups_carry_their_position_and_a_chair_named_by_role(board, as_csv, tmp_path):
    board["groups"][0] += ["position", "chaired_by"]
    board["groups"][1] += ["2", ""]
    board["groups"][2] += ["1", "the police (Detective Superintendent, public protection)"]
    board["groups"][3] += ["", ""]
    assert import_workbook(as_csv(board)).ok
    groups = {g.name: (g.position, g.chaired_by) for g in Group.objects.all()}
    assert groups == {
        "Safeguarding Board": (2, ""),
        "Quality and Effectiveness Group": (1, "the police (Detective Superintendent, public protection)"),
        "CSE Task and Finish": (None, ""),
    }
    export_workbook(tmp_path / "out")
    again = import_workbook(tmp_path / "out")
    assert again.ok and again.changes == []


def test_a_position_below_one_is_refused(board, as_csv):
    board["groups"][0] += ["position"]
    board["groups"][1] += ["0"]
    assert problems(import_workbook(as_csv(board))) == [
        ("groups", 2, "position", "0 is too small: the least allowed is 1.")
    ]


# --- limits ----------------------------------------------------------------------------------------


def test_text_of_any_length_comes_in_but_keys_and_codes_keep_their_limits(log, as_csv):
    two_sentences = "By the September Board, then reviewed at each quarterly meeting. " * 40
    log["actions"][1][4] = two_sentences.strip()
    log["actions"].append([PLAN, "1.2.3.4.5.6.7.8.9.10.1", "1", "Know the scale of neglect", "", ""])
    log["challenges"].append(
        ["CH-2015-07-EARLY-HELP-THRESHOLDS", "2015-09-01", "", "chair", "Westshire Council", "Subject", "open"]
    )
    result = import_workbook(as_csv(log))
    assert problems(result) == [
        ("actions", 3, "ref", "Ensure this value has at most 20 characters (it has 22)."),
        ("challenges", 4, "ref", "Ensure this value has at most 30 characters (it has 32)."),
    ]
    del log["actions"][2], log["challenges"][3]
    assert import_workbook(as_csv(log)).ok
    assert Action.objects.get().due_text == two_sentences.strip()
