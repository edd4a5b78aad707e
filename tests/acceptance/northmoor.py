# ruff: noqa: RUF001 (curly quotes and en dashes are the point: boards write them)
"""A board's year as its business unit would put it in the workbook: long plan texts written as
the plan has them, undated challenges and notes, its own numbered rating key, its groups in its
own order, part attendance and a member not expected at one meeting.

A fictional board: every name is invented. The figures its report must give are worked out by
hand in the test beside this file.
"""

from __future__ import annotations

LONG_BY_WHEN = (
    "By the September 2015 Board, with a progress report to each Quality and Effectiveness Group "
    "meeting. Full roll-out across partner agencies by March 2016 – subject to the Ofsted timetable."
)
PRIORITY_1 = (
    "Children and young people are protected from child sexual exploitation, from going missing "
    "from home, school and care, and from trafficking – and partners know what works for them"
)
PRIORITY_2 = "Neglect: earlier recognition and a shared response across the partnership, led by the Board’s audits"

NOTE_UNDATED = (
    "Multi-agency CSE screening tool agreed by all partners.\n"
    "Training delivered to 212 front-line staff (see the training sub-group’s report); "
    "the audit of its use is planned for Q1 2016-17."
)

BOOK: dict[str, list[list]] = {
    "agencies": [
        ["name", "short_name", "sector", "statutory_partner"],
        ["Northmoor Borough Council", "Council", "local_authority", "yes"],
        ["Northmoor Police", "Police", "police", "yes"],
        ["Northmoor Clinical Commissioning Group", "CCG", "health", "yes"],
        ["National Probation Service – North Division", "NPS", "probation", "no"],
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
            "position",
            "chaired_by",
        ],
        ["Northmoor Safeguarding Children Board", "NSCB", "board", "", "", "quarterly", "4", "1", ""],
        [
            "Audit Task and Finish Group",
            "Audit T&F",
            "task_and_finish",
            "Quality and Effectiveness Group",
            "",
            "",
            "2",
            "",
            "",
        ],
        [
            "Business Group",
            "",
            "committee",
            "Northmoor Safeguarding Children Board",
            "",
            "quarterly",
            "4",
            "2",
            "the Council’s Director of Children’s Services",
        ],
        [
            "Child Death Overview Panel",
            "CDOP",
            "panel",
            "Northmoor Safeguarding Children Board",
            "Eastmoor LSCB",
            "quarterly",
            "4",
            "4",
            "",
        ],
        [
            "Quality and Effectiveness Group",
            "QEG",
            "subgroup",
            "Northmoor Safeguarding Children Board",
            "",
            "bimonthly",
            "6",
            "3",
            "",
        ],
    ],
    "people": [
        ["name", "email", "agency", "job_title"],
        ["Margaret O’Donnell-Kőrösi", "chair@nscb.example", "", "Independent chair"],
        ["Siân Pritchard", "sian@council.example", "Northmoor Borough Council", "Director of Children’s Services"],
        ["Tomás Ó Briain", "tomas@police.example", "Northmoor Police", "Detective Chief Inspector, Public Protection"],
        ["Aoife Ní Bhriain", "aoife@ccg.example", "Northmoor Clinical Commissioning Group", "Designated Nurse"],
        [
            "Kwame Mensah",
            "kwame@nps.example",
            "National Probation Service – North Division",
            "Senior Probation Officer",
        ],
    ],
    "memberships": [
        ["group", "person", "agency", "role", "expected", "start", "end"],
        ["Northmoor Safeguarding Children Board", "chair@nscb.example", "", "chair", "all", "", ""],
        ["Northmoor Safeguarding Children Board", "sian@council.example", "", "member", "all", "", ""],
        ["Northmoor Safeguarding Children Board", "tomas@police.example", "", "member", "all", "", ""],
        ["Northmoor Safeguarding Children Board", "aoife@ccg.example", "", "member", "all", "", ""],
        ["Northmoor Safeguarding Children Board", "kwame@nps.example", "", "member", "all", "", ""],
        ["Quality and Effectiveness Group", "aoife@ccg.example", "", "chair", "all", "", ""],
    ],
    "meetings": [
        ["group", "date", "status", "cancel_reason", "note"],
        ["Northmoor Safeguarding Children Board", "2015-06-10", "held", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-09-09", "held", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-12-09", "cancelled", "not_required", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "held", "", ""],
        ["Business Group", "2015-05-05", "held", "", ""],
        ["Business Group", "2015-08-04", "held", "", ""],
        ["Business Group", "2015-11-03", "held", "", ""],
        ["Business Group", "2016-02-02", "held", "", ""],
        ["Quality and Effectiveness Group", "2015-04-22", "held", "", ""],
        ["Quality and Effectiveness Group", "2015-06-24", "held", "", ""],
        ["Quality and Effectiveness Group", "2015-08-26", "cancelled", "staff_absence", ""],
        ["Quality and Effectiveness Group", "2015-10-28", "held", "", ""],
        ["Quality and Effectiveness Group", "2015-12-16", "held", "", ""],
        ["Quality and Effectiveness Group", "2016-02-24", "held", "", ""],
        ["Child Death Overview Panel", "2015-07-15", "held", "", ""],
        ["Child Death Overview Panel", "2015-10-14", "held", "", ""],
        ["Child Death Overview Panel", "2016-01-13", "cancelled", "inquorate", ""],
        ["Child Death Overview Panel", "2016-03-16", "held", "", ""],
        ["Audit Task and Finish Group", "2015-09-01", "held", "", ""],
        ["Audit Task and Finish Group", "2015-11-01", "held", "", ""],
    ],
    "attendance": [
        ["group", "date", "person", "status", "deputy_name", "note"],
        ["Northmoor Safeguarding Children Board", "2015-06-10", "chair@nscb.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-06-10", "sian@council.example", "present", "", ""],
        [
            "Northmoor Safeguarding Children Board",
            "2015-06-10",
            "tomas@police.example",
            "part",
            "",
            "left after item 4",
        ],
        ["Northmoor Safeguarding Children Board", "2015-06-10", "aoife@ccg.example", "apologies", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-06-10", "kwame@nps.example", "absent", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-09-09", "chair@nscb.example", "present", "", ""],
        [
            "Northmoor Safeguarding Children Board",
            "2015-09-09",
            "sian@council.example",
            "deputy",
            "Head of Safeguarding",
            "",
        ],
        ["Northmoor Safeguarding Children Board", "2015-09-09", "tomas@police.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-09-09", "aoife@ccg.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2015-09-09", "kwame@nps.example", "not_expected", "", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "chair@nscb.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "sian@council.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "tomas@police.example", "apologies", "", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "aoife@ccg.example", "present", "", ""],
        ["Northmoor Safeguarding Children Board", "2016-03-09", "kwame@nps.example", "absent", "", ""],
    ],
    "scales": [
        ["scale", "code", "label", "colour", "meaning", "position", "complete"],
        ["numbered", "1", "Achieved", "#2e7d32", "Completed", "1", "yes"],
        ["numbered", "2", "On track", "#1565c0", "On track to be completed", "2", "no"],
        ["numbered", "3", "Slipped", "#ef6c00", "Behind timescale", "3", "no"],
        ["numbered", "4", "Not achieved", "#c62828", "Not achieved", "4", "no"],
    ],
    "plans": [
        ["title", "start", "end", "scale", "1_meaning", "3_meaning"],
        [
            "Northmoor LSCB Business Plan 2015-17",
            "2015-04-01",
            "2017-03-31",
            "numbered",
            "Action completed and its impact evidenced to the Board",
            "Slipped – a revised date has been agreed by the lead group",
        ],
    ],
    "priorities": [
        ["plan", "number", "title", "functions"],
        ["Northmoor LSCB Business Plan 2015-17", "1", PRIORITY_1, "1a;1c"],
        ["Northmoor LSCB Business Plan 2015-17", "2", PRIORITY_2, "1c"],
    ],
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
            "Northmoor LSCB Business Plan 2015-17",
            "1.10",
            "1",
            "A shared picture of CSE across Northmoor",
            "Publish the annual CSE problem profile with the Police’s analysts",
            "Police; Community Safety Partnership",
            "Quality and Effectiveness Group",
            "March 2016",
            "Partners target resources where the risk is",
            "Profile published and presented to the Board",
            "2",
        ],
        [
            "Northmoor LSCB Business Plan 2015-17",
            "1.2",
            "1",
            "A shared picture of CSE across Northmoor",
            "Agree one screening tool for child sexual exploitation across all partner agencies",
            "All partners, through the CSE sub-group",
            "Quality and Effectiveness Group",
            LONG_BY_WHEN,
            "Children at risk of exploitation are recognised early, by every agency, in the same way",
            "Tool in use in every agency; audit of 30 cases shows it was used in at least 25",
            "3",
        ],
        [
            "Northmoor LSCB Business Plan 2015-17",
            "1.1",
            "1",
            "A shared picture of CSE across Northmoor",
            "Map the return-home interviews offered to children who go missing",
            "Council (Missing Children Team)",
            "",
            "Ongoing",
            "Every child who goes missing is offered an interview",
            "95% of children offered an interview within 72 hours",
            "",
        ],
        [
            "Northmoor LSCB Business Plan 2015-17",
            "2.1",
            "2",
            "Neglect is recognised earlier",
            "Launch the neglect toolkit and train front-line staff in its use",
            "Training sub-group",
            "",
            "Nov and July Boards",
            "Staff use one toolkit",
            "Toolkit launched; 200 staff trained",
            "4",
        ],
    ],
    "progress": [
        ["plan", "ref", "date", "year", "rag", "note", "author"],
        ["Northmoor LSCB Business Plan 2015-17", "1.2", "2015-07-01", "", "2", "Draft tool shared with partners.", ""],
        ["Northmoor LSCB Business Plan 2015-17", "1.2", "", "2015-16", "1", NOTE_UNDATED, ""],
        ["Northmoor LSCB Business Plan 2015-17", "1.2", "", "2016-17", "3", "Audit postponed to the autumn.", ""],
        ["Northmoor LSCB Business Plan 2015-17", "2.1", "2015-11-18", "", "4", "Toolkit launch postponed.", ""],
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
            "response",
            "outcome",
            "status",
            "closed_on",
        ],
        [
            "CH-2015-01",
            "2015-06-10",
            "",
            "chair",
            "Northmoor Clinical Commissioning Group",
            "Health assessments of looked-after children",
            "The Board asked for evidence that initial health assessments are done within 20 working days.",
            "An action plan and monthly figures.",
            "Compliance rose from 48% to 86% by March 2016.",
            "closed",
            "2016-03-09",
        ],
        [
            "CH-2015-02",
            "",
            "2015-16",
            "board",
            "Northmoor Police",
            "Attendance at strategy discussions",
            "Why were police absent from strategy discussions held out of hours?",
            "",
            "",
            "open",
            "",
        ],
    ],
}


# --- format 2: the same year, with the adults' board of the same area beside it ---------------------
#
# The business unit serves both boards from one instance. The adults' board has a "Business Group"
# too, meeting on one of the same days, a plan of its own and a challenge numbered as one of the
# children's board's: none of it may reach the children's board's figures, which stay as above.

CHILDREN_BOARD = "Northmoor Safeguarding Children Board"
ADULTS_BOARD = "Northmoor Safeguarding Adults Board"
ADULTS_PLAN = "Northmoor SAB Strategic Plan 2015-18"

# The sheets whose rows name their board: a board's own records, and those that follow a group or plan.
_BOARD_SHEETS = ("groups", "memberships", "meetings", "attendance", "plans", "priorities", "actions", "progress")


def _named(rows: list[list], board: str) -> list[list]:
    """A sheet with a board column first, every row naming `board` (as its short name)."""
    return [["board", *rows[0]], *[[board, *row] for row in rows[1:]]]


def _two_boards() -> dict[str, list[list]]:
    book = {name: [list(row) for row in rows] for name, rows in BOOK.items()}
    book = {
        "boards": [
            ["name", "short_name", "kind", "area"],
            [CHILDREN_BOARD, "NSCB", "children", "Northmoor"],
            [ADULTS_BOARD, "NSAB", "adults", "Northmoor"],
        ],
        **{
            name: _named(rows, "NSCB") if name in (*_BOARD_SHEETS, "challenges") else rows
            for name, rows in book.items()
        },
    }
    adults = {
        "groups": [
            ["NSAB", "Safeguarding Adults Board", "SAB", "board", "", "", "quarterly", "4", "1", ""],
            ["NSAB", "Business Group", "", "committee", "Safeguarding Adults Board", "", "quarterly", "4", "2", ""],
        ],
        "memberships": [["NSAB", "Business Group", "sian@council.example", "", "chair", "all", "", ""]],
        "meetings": [
            ["NSAB", "Business Group", "2015-05-05", "held", "", ""],  # the children's Business Group's day too
            ["NSAB", "Business Group", "2015-10-06", "held", "", ""],
        ],
        "attendance": [["NSAB", "Business Group", "2015-05-05", "sian@council.example", "present", "", ""]],
        "plans": [["NSAB", ADULTS_PLAN, "2015-04-01", "2018-03-31", "", "", ""]],
        "priorities": [["NSAB", ADULTS_PLAN, "1", "Making safeguarding personal", ""]],
        "actions": [
            [
                "NSAB",
                ADULTS_PLAN,
                "1.1",
                "1",
                "People say what outcomes they want",
                "Audit the recording of desired outcomes",
                "Council (Adult Social Care)",
                "Business Group",
                "March 2016",
                "",
                "",
                "",
            ]
        ],
        "challenges": [
            [
                "NSAB",
                "CH-2015-01",
                "2015-07-01",
                "",
                "chair",
                "Northmoor Police",
                "Self-neglect referrals",
                "",
                "",
                "",
                "open",
                "",
            ]
        ],
    }
    for name, rows in adults.items():
        assert all(len(row) == len(book[name][0]) for row in rows), name
        book[name].extend(rows)
    return book


BOOK_TWO_BOARDS: dict[str, list[list]] = _two_boards()
