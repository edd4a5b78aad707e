"""Real shapes: every free-text cell 2,000 characters of mixed text comes in whole, in either
form, and goes out and back in exactly as written (names used as keys included). Names and titles
are kept on one line: their line breaks come in folded to single spaces, then go out and back in
unchanged; every multi-line column keeps its line breaks exactly as written."""

from __future__ import annotations

from itertools import cycle

import pytest
from django.db import models
from openpyxl import Workbook

from businessplan.models import Action, Objective, Plan, Priority, ProgressUpdate
from challengelog.models import Challenge, Event
from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from lscb.text import one_line
from lscb.workbook import export_workbook, import_workbook

from .helpers import write_csvs

pytestmark = pytest.mark.django_db

LENGTH = 2000
# Accents, curly quotes, dashes, emoji (one a joined sequence), a line break and a tab in a cell.
PIECES = [
    "Café Société\N{RIGHT SINGLE QUOTATION MARK}s “naïve” review",
    "\N{EN DASH} en dash \N{EM DASH} em dash",
    "Ünïcödé Zoë Ørsted Łódź",
    "🙂 👩\N{ZERO WIDTH JOINER}👧 🇬🇧",
    "\N{LEFT SINGLE QUOTATION MARK}single\N{RIGHT SINGLE QUOTATION MARK} «guillemets» 50% & <b>not markup</b>",
    "line one\nline two\n\nafter a blank line",
    "tab\there, and 'apostrophes'",
]


def long_text(label: str, start: str = "") -> str:
    """`LENGTH` characters: `start`, a label that makes it unique, then the pieces over and over."""
    text = f"{start}{label}: "
    for piece in cycle(PIECES):
        if len(text) >= LENGTH:
            break
        text += piece + " "
    text = text[:LENGTH]
    return text.rstrip() + "." * (LENGTH - len(text.rstrip()))  # never ending in a space (cells are trimmed)


T = {
    name: long_text(name, start)
    for name, start in {
        "council": "",
        "council short": "",
        "board": "",
        "board short": "",
        "qeg": "",
        "qeg short": "",
        "joint": "",
        "chaired by": "",
        "chair": "",
        "lay": "",
        "chair title": "",
        "lay title": "+",  # a plus a spreadsheet would take for a formula
        "meeting note": "-",  # and a minus
        "deputy": "",
        "attendance note": "",
        "plan": "",
        "priority": "",
        "objective": "",
        "action": "",
        "by whom": "",
        "by when": "",
        "impact": "",
        "measure": "",
        "progress": "=",  # and an equals sign
        "undated progress": "",
        "subject": "",
        "detail": "",
        "response": "",
        "outcome": "",
        "escalated": "",
        "subject 2": "",
    }.items()
}


# The texts of one-line columns (names, titles, the subject, escalated to, a deputy's name).
ONE_LINE = {"council", "council short", "board", "board short", "qeg", "qeg short", "joint", "chaired by"}
ONE_LINE |= {"chair", "lay", "chair title", "lay title", "deputy", "plan", "priority", "subject", "escalated"}
ONE_LINE |= {"subject 2"}


def kept(name: str) -> str:
    """What the app keeps of text T[name]: folded onto one line in a one-line column, else whole."""
    return one_line(T[name]) if name in ONE_LINE else T[name]


def workbook() -> dict[str, list[list[str]]]:
    return {
        "agencies": [["name", "short_name", "sector"], [T["council"], T["council short"], "local_authority"]],
        "groups": [
            ["name", "short_name", "kind", "parent", "joint_with", "position", "chaired_by"],
            [T["board"], T["board short"], "board", "", "", "1", ""],
            [T["qeg"], T["qeg short"], "subgroup", T["board"], T["joint"], "2", T["chaired by"]],
        ],
        "people": [
            ["name", "email", "agency", "job_title"],
            [T["chair"], "chair@council.example", T["council"], T["chair title"]],
            [T["lay"], "", "", T["lay title"]],  # no email: the long name is the key
        ],
        "memberships": [
            ["group", "person", "role"],
            [T["board"], "chair@council.example", "chair"],
            [T["qeg"], T["lay"], "member"],
        ],
        "meetings": [
            ["group", "date", "status", "note"],
            [T["board"], "2015-06-10", "held", T["meeting note"]],
            [T["qeg"], "2015-07-01", "held", ""],
        ],
        "attendance": [
            ["group", "date", "person", "status", "deputy_name", "on_behalf_of", "note"],
            [T["board"], "2015-06-10", "chair@council.example", "deputy", T["deputy"], "", T["attendance note"]],
            [T["qeg"], "2015-07-01", T["lay"], "part", "", "", ""],
            [T["board"], "2015-06-10", T["lay"], "present", "", "chair@council.example", ""],
        ],
        "plans": [["title", "start", "end"], [T["plan"], "2015-04-01", "2017-03-31"]],
        "priorities": [["plan", "number", "title"], [T["plan"], "1", T["priority"]]],
        "actions": [
            [
                "plan",
                "ref",
                "priority",
                "objective",
                "action",
                "by_whom",
                "lead_group",
                "due_text",
                "intended_impact",
                "measure",
                "rag",
            ],
            [
                T["plan"],
                "1.1",
                "1",
                T["objective"],
                T["action"],
                T["by whom"],
                T["qeg"],
                T["by when"],
                T["impact"],
                T["measure"],
                "",
            ],
        ],
        "progress": [
            ["plan", "ref", "date", "year", "rag", "note", "author"],
            [T["plan"], "1.1", "2015-09-01", "", "amber", T["progress"], T["lay"]],
            [T["plan"], "1.1", "", "2015-16", "green", T["undated progress"], "chair@council.example"],
        ],
        "challenges": [
            [
                "ref",
                "raised_on",
                "year",
                "raised_by",
                "agency",
                "subject",
                "detail",
                "meeting_group",
                "meeting_date",
                "plan",
                "priority",
                "response",
                "outcome",
                "status",
                "escalated_to",
                "closed_on",
            ],
            [
                "CH-2015-01",
                "2015-06-10",
                "",
                "chair",
                T["council"],
                T["subject"],
                T["detail"],
                T["board"],
                "2015-06-10",
                T["plan"],
                "1",
                T["response"],
                T["outcome"],
                "closed",
                "",
                "2016-02-01",
            ],
            [
                *["CH-2015-02", "", "2015-16", "board", T["council"], T["subject 2"], "", "", "", "", "", "", ""],
                *["escalated", T["escalated"], ""],
            ],
        ],
    }


def write_text_xlsx(path, sheets: dict[str, list[list[str]]]):
    """An .xlsx whose cells are all text, as a spreadsheet keeps a cell typed as text (even "=…")."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1):
                if value != "":
                    cell = sheet.cell(row=row_number, column=column_number)
                    cell.value = value
                    cell.data_type = "s"  # text, never a formula
    book.save(path)
    return path


MODELS = [Agency, Group, Person, Membership, Meeting, Attendance, Plan, Priority, Objective, Action]
MODELS += [ProgressUpdate, Challenge]


def texts() -> dict[str, list[tuple]]:
    """Every text field of every record, model by model (sorted: ids differ between databases)."""
    found = {}
    for model in MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        found[model.__name__] = sorted(
            tuple(getattr(record, name) for name in fields) for record in model.objects.all()
        )
    return found


def wipe() -> None:
    Event.objects.all().delete()
    for model in [Challenge, ProgressUpdate, Action, Objective, Priority, Plan, Attendance, Meeting, Membership]:
        model.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()


def test_the_texts_are_long_mixed_and_start_as_a_formula_would():
    assert all(len(text) == LENGTH for text in T.values())
    assert {T["progress"][0], T["lay title"][0], T["meeting note"][0]} == {"=", "+", "-"}
    assert all(piece.split()[0] in T["objective"] for piece in PIECES)


@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize("export_to", ["board.xlsx", "csv-folder"])
def test_long_mixed_text_imports_and_round_trips_exactly(form, export_to, tmp_path):
    source = workbook()
    path = write_text_xlsx(tmp_path / "in.xlsx", source) if form == "xlsx" else write_csvs(tmp_path / "in", source)
    result = import_workbook(path)
    assert result.ok, [(p.sheet, p.row, p.column, p.message[:200]) for p in result.problems]

    # Kept as written, to the character; names and titles on one line.
    assert "\n" in T["council"] and one_line(T["council"]) != T["council"]
    assert Agency.objects.get().name == kept("council") == " ".join(T["council"].split("\n")).replace("  ", " ")
    assert Agency.objects.get().short_name == kept("council short")
    qeg = Group.objects.get(name=kept("qeg"))
    assert (qeg.parent.name, qeg.joint_with, qeg.chaired_by) == (kept("board"), kept("joint"), kept("chaired by"))
    assert Person.objects.get(email=None).job_title == kept("lay title")
    assert Person.objects.get(email=None).name == kept("lay")
    assert Meeting.objects.get(group__name=kept("board")).note == T["meeting note"]
    assert Attendance.objects.get(status="deputy").deputy_name == kept("deputy")
    assert Attendance.objects.get(status="deputy").note == T["attendance note"]
    action = Action.objects.select_related("objective__priority", "plan").get()
    assert (action.plan.title, action.objective.priority.title) == (kept("plan"), kept("priority"))
    assert (action.objective.text, action.due_text, action.by_whom, action.text) == (
        T["objective"],
        T["by when"],
        T["by whom"],
        T["action"],
    )
    assert (action.intended_impact, action.measure) == (T["impact"], T["measure"])
    assert sorted(ProgressUpdate.objects.values_list("note", flat=True)) == sorted(
        [T["progress"], T["undated progress"]]
    )
    first = Challenge.objects.get(ref="CH-2015-01")
    assert (first.subject, first.detail, first.response, first.outcome) == (
        kept("subject"),
        T["detail"],
        T["response"],
        T["outcome"],
    )
    assert Challenge.objects.get(ref="CH-2015-02").escalated_to == kept("escalated")
    assert Challenge.objects.get(ref="CH-2015-02").subject == kept("subject 2")
    before = texts()

    # Importing it again changes nothing.
    again = import_workbook(path)
    assert again.ok and again.changes == []

    # Export, then import into an empty database: every text field of every record is the same.
    export_workbook(tmp_path / export_to)
    wipe()
    assert not any(texts().values())
    back = import_workbook(tmp_path / export_to)
    assert back.ok, [(p.sheet, p.row, p.column, p.message[:200]) for p in back.problems]
    assert texts() == before
