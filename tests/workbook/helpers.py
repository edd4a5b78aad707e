"""The small board as a workbook, writers of both forms, and a snapshot of the governance tables."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from governance.models import Agency, Attendance, Group, Meeting, Membership, Person

# A small board that imports cleanly: every sheet, every column.
BOARD = {
    "agencies": [
        ["name", "short_name", "sector", "statutory_partner"],
        ["Westshire Council", "Council", "local_authority", "yes"],
        ["Westshire Constabulary", "Police", "police", "yes"],
        ["Healthy Futures CCG", "CCG", "health", "no"],
    ],
    "groups": [
        [
            "name",
            "short_name",
            "kind",
            "parent",
            "joint_with",
            "frequency",
            "planned_per_year",
            "active_from",
            "active_to",
        ],
        ["Safeguarding Board", "LSCB", "board", "", "", "bimonthly", "6", "", ""],
        [
            "Quality and Effectiveness Group",
            "QEG",
            "subgroup",
            "Safeguarding Board",
            "",
            "bimonthly",
            "6",
            "2015-04-01",
            "",
        ],
        [
            "CSE Task and Finish",
            "CSE",
            "task_and_finish",
            "Quality and Effectiveness Group",
            "Eastshire SCB",
            "",
            "4",
            "2015-04-01",
            "2016-03-31",
        ],
    ],
    "people": [
        ["name", "email", "agency", "job_title"],
        ["Ann Chair", "ann@council.example", "Westshire Council", "Independent chair"],
        ["Bob Police", "bob@police.example", "Westshire Constabulary", "Superintendent"],
        ["Carol Lay", "", "", "Lay member"],
    ],
    "memberships": [
        ["group", "person", "agency", "role", "expected", "start", "end"],
        ["Safeguarding Board", "ann@council.example", "", "chair", "all", "", ""],
        ["Safeguarding Board", "bob@police.example", "Westshire Constabulary", "member", "all", "2015-04-01", ""],
        ["Quality and Effectiveness Group", "Carol Lay", "", "member", "for_items", "2015-04-01", "2016-03-31"],
    ],
    "meetings": [
        ["group", "date", "status", "cancel_reason", "note"],
        ["Safeguarding Board", "2015-06-10", "held", "", ""],
        ["Safeguarding Board", "2015-08-12", "cancelled", "inquorate", ""],
        ["Quality and Effectiveness Group", "2015-07-01", "planned", "", ""],
    ],
    "attendance": [
        ["group", "date", "person", "status", "deputy_name", "note"],
        ["Safeguarding Board", "2015-06-10", "ann@council.example", "present", "", ""],
        ["Safeguarding Board", "2015-06-10", "bob@police.example", "deputy", "Dan Deputy", ""],
        ["Safeguarding Board", "2015-06-10", "Carol Lay", "in_attendance", "", "left after item 4"],
    ],
}
BOARD_COUNTS = {name: len(rows) - 1 for name, rows in BOARD.items()}


def write_csvs(folder: Path, sheets: dict[str, list[list]], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as file:
            csv.writer(file).writerows(rows)
    return folder


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    book.save(path)
    return path


def snapshot() -> dict[str, dict]:
    """Every governance record by natural key, with every field the workbook carries."""
    return {
        "agencies": {a.name: (a.short_name, a.sector, a.statutory_partner) for a in Agency.objects.all()},
        "groups": {
            g.name: (
                g.short_name,
                g.kind,
                g.parent.name if g.parent else None,
                g.joint_with,
                g.frequency,
                g.planned_per_year,
                g.active_from,
                g.active_to,
                g.position,
                g.chaired_by,
            )
            for g in Group.objects.select_related("parent")
        },
        "people": {
            p.key: (p.name, p.email, p.agency and p.agency.name, p.job_title)
            for p in Person.objects.select_related("agency")
        },
        "memberships": {
            (m.group.name, m.person.key, m.start): (m.agency and m.agency.name, m.role, m.expected, m.end)
            for m in Membership.objects.select_related("group", "person", "agency")
        },
        "meetings": {
            (m.group.name, m.date): (m.status, m.cancel_reason, m.note) for m in Meeting.objects.select_related("group")
        },
        "attendance": {
            (a.meeting.group.name, a.meeting.date, a.person.key): (
                a.status,
                a.deputy_name,
                a.on_behalf_of and a.on_behalf_of.key,
                a.note,
            )
            for a in Attendance.objects.select_related("meeting__group", "person", "on_behalf_of")
        },
    }


def history_count() -> int:
    return sum(model.history.count() for model in (Agency, Person, Group, Membership, Meeting, Attendance))


def where(result) -> list[tuple]:
    """The problems of an import as (sheet, row, column) tuples."""
    return [(p.sheet, p.row, p.column) for p in result.problems]


# The board whose import pages the browser tests use: tests.factories.default_board()'s address
# (the fixture home_board makes it).
SLUG = "nscp"


def page(name: str) -> str:
    """The address of a workbook page under that board, e.g. page("import")."""
    from django.urls import reverse

    return reverse(f"workbook:{name}", args=[SLUG])
