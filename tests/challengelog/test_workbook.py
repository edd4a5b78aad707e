"""The challenges sheet of the board workbook: import, its errors, idempotence, export, and the year end."""

from __future__ import annotations

import copy
import csv
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from businessplan.models import Plan, Priority
from challengelog import services
from challengelog.models import Challenge, Event
from governance.models import Agency, Attendance, Board, Group, Meeting, Membership, Person
from lscb.workbook import export_workbook, import_workbook
from tests.workbook.helpers import BOARD, snapshot, where, write_csvs, write_xlsx

pytestmark = pytest.mark.django_db

PLAN = "Business Plan 2015-17"
DFE = "Department for Education"
HEADER = [
    "ref",
    "raised_on",
    "raised_by",
    "agency",
    "subject",
    "detail",
    "meeting_group",
    "meeting_date",
    "plan",
    "priority",
    "response_due",
    "response",
    "outcome",
    "status",
    "escalated_to",
    "closed_on",
]
# Row 2 was raised at the Board and concerns priority 1; row 5 concerns priority 2; one row per status.
CHALLENGES = [
    HEADER,
    [
        "CH-2015-01",
        "2015-06-10",
        "chair",
        "Healthy Futures CCG",
        "Initial health assessments for children entering care",
        "Evidence that assessments are done within 20 working days",
        "Safeguarding Board",
        "2015-06-10",
        PLAN,
        "1",
        "2015-07-10",
        "Compliance is 58%; a recovery plan is agreed",
        "Compliance rose from 58% to 93% by March",
        "closed",
        "",
        "2016-02-01",
    ],
    [
        "CH-2015-02",
        "2015-07-01",
        "Business unit",
        "Westshire Council",
        "The contact centre and the FGM reporting duty",
        "",
        "",
        "",
        "",
        "",
        "2015-08-01",
        "",
        "",
        "awaiting_response",
        "",
        "",
    ],
    [
        "CH-2015-03",
        "2015-09-01",
        "board",
        DFE,
        "Residential language schools and the statutory framework",
        "",
        "",
        "",
        "",
        "",
        "2015-10-01",
        "",
        "",
        "Escalated",
        "Minister for Children and Families",
        "",
    ],
    [
        "CH-2015-04",
        "2015-10-01",
        "lay_member",
        "Westshire Constabulary",
        "Return home interviews",
        "",
        "",
        "",
        PLAN,
        "2",
        "",
        "Interviews are now offered within 72 hours",
        "",
        "responded",
        "",
        "",
    ],
    ["CH-2015-05", "2016-01-10", "other", "Westshire Council", "Early help thresholds", *[""] * 8, "open", "", ""],
]


@pytest.fixture
def workbook() -> dict[str, list[list]]:
    """The small governance board, a plan with two priorities, and the challenges, as one workbook to change."""
    book = copy.deepcopy(BOARD)
    book["agencies"].append([DFE, "DfE", "other", "no"])
    book["plans"] = [["title", "start", "end"], [PLAN, "2015-04-01", "2017-03-31"]]
    book["priorities"] = [["plan", "number", "title"], [PLAN, "1", "Neglect"], [PLAN, "2", "Missing and CSE"]]
    book["challenges"] = copy.deepcopy(CHALLENGES)
    return book


@pytest.fixture
def as_csv(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_csvs(tmp_path / f"csv{next(counter)}", sheets)


@pytest.fixture
def as_xlsx(tmp_path):
    counter = iter(range(1000))
    return lambda sheets: write_xlsx(tmp_path / f"board{next(counter)}.xlsx", sheets)


def set_cell(book: dict, sheet: str, row: int, column: str, value: str) -> None:
    """Change a cell by its spreadsheet row number (the header is row 1) and column name."""
    rows = book[sheet]
    rows[row - 1][rows[0].index(column)] = value


def database() -> dict:
    """Every challenge and timeline entry, field by field, the history, and the governance records."""
    return {
        "challenges": list(Challenge.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "history": Challenge.history.count(),
        "plans": list(Priority.objects.order_by("pk").values()),
        **snapshot(),
    }


def log_snapshot() -> dict[str, tuple]:
    """Every challenge by ref, with every field the workbook carries, by natural keys."""
    return {
        c.ref: (
            c.raised_on,
            c.raised_by,
            c.agency.name,
            c.subject,
            c.detail,
            c.meeting and (c.meeting.group.name, c.meeting.date),
            c.priority and (c.priority.plan.title, c.priority.number),
            c.response_due,
            c.response,
            c.outcome,
            c.status,
            c.escalated_to,
            c.closed_on,
        )
        for c in Challenge.objects.select_related("agency", "meeting__group", "priority__plan")
    }


def counts(result, sheet: str = "challenges") -> tuple[int, int, int]:
    c = result.counts[sheet]
    return c.created, c.updated, c.unchanged


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


# --- importing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_challenges_sheet_imports_in_either_form(form, workbook, as_csv, as_xlsx, manager):
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(workbook), by=manager)
    assert result.ok, result.problems
    assert counts(result) == (5, 0, 0)

    first = Challenge.objects.select_related("meeting__group", "priority__plan").get(ref="CH-2015-01")
    assert (first.raised_on, first.raised_by, first.agency.name) == (date(2015, 6, 10), "chair", "Healthy Futures CCG")
    assert (first.meeting.group.name, first.meeting.date) == ("Safeguarding Board", date(2015, 6, 10))
    assert (first.priority.plan.title, first.priority.number) == (PLAN, 1)
    assert (first.status, first.outcome, first.closed_on) == (
        "closed",
        "Compliance rose from 58% to 93% by March",
        date(2016, 2, 1),
    )
    assert (first.response_due, first.raised_by_person, first.version) == (date(2015, 7, 10), None, 1)
    # Choices in any case, or as the app labels them.
    assert Challenge.objects.get(ref="CH-2015-02").raised_by == "business_unit"
    escalated = Challenge.objects.get(ref="CH-2015-03")
    assert (escalated.status, escalated.escalated_to, escalated.agency.sector) == (
        "escalated",
        "Minister for Children and Families",
        "other",
    )
    # The format has no responded_on: a response is dated by the closing date, else the day raised.
    assert {c.ref: c.responded_on for c in Challenge.objects.all()} == {
        "CH-2015-01": date(2016, 2, 1),
        "CH-2015-02": None,
        "CH-2015-03": None,
        "CH-2015-04": date(2015, 10, 1),
        "CH-2015-05": None,
    }
    # Each one's timeline starts with the import, by whoever imported it.
    events = Event.objects.order_by("challenge__ref")
    assert [(e.challenge.ref, e.kind, e.text, e.status_after, e.by) for e in events] == [
        (row[0], "logged", "Imported from the board workbook", status, manager)
        for row, status in zip(
            CHALLENGES[1:], ["closed", "awaiting_response", "escalated", "responded", "open"], strict=True
        )
    ]
    assert {h.history_user for h in Challenge.history.all()} == {manager}


def test_a_workbook_with_only_challenges_refers_to_the_database(workbook, as_csv):
    assert import_workbook(as_csv({name: rows for name, rows in workbook.items() if name != "challenges"})).ok
    result = import_workbook(as_csv({"challenges": workbook["challenges"]}))
    assert result.ok, result.problems
    assert counts(result) == (5, 0, 0)
    assert Challenge.objects.get(ref="CH-2015-01").meeting.date == date(2015, 6, 10)


def test_import_is_idempotent(workbook, as_csv, as_xlsx):
    assert import_workbook(as_csv(workbook)).ok
    before, events = database(), Event.objects.count()
    result = import_workbook(as_xlsx(workbook))
    assert result.ok, result.problems
    assert counts(result) == (0, 0, 5)
    assert result.changes == []
    assert database() == before
    assert Event.objects.count() == events == 5


def test_a_changed_status_updates_the_challenge_and_goes_on_its_timeline(workbook, as_csv, manager):
    assert import_workbook(as_csv(workbook)).ok
    set_cell(workbook, "challenges", 3, "status", "responded")
    set_cell(workbook, "challenges", 3, "response", "The duty was not in the scripts")
    set_cell(workbook, "challenges", 6, "detail", "Asked at the Business Committee")
    result = import_workbook(as_csv(workbook), by=manager)
    assert result.ok, result.problems
    assert counts(result) == (0, 2, 3)
    changed = Challenge.objects.get(ref="CH-2015-02")
    assert (changed.status, changed.responded_on, changed.version) == ("responded", date(2015, 7, 1), 2)
    edited = changed.events.get(kind="edited")
    assert (edited.text, edited.status_before, edited.status_after, edited.by) == (
        "Updated by a workbook import",
        "awaiting_response",
        "responded",
        manager,
    )
    # A change that leaves the status alone is in the history, not on the timeline.
    other = Challenge.objects.get(ref="CH-2015-05")
    assert (other.detail, other.version, other.events.count(), other.history.count()) == (
        "Asked at the Business Committee",
        2,
        1,
        2,
    )
    # And importing it again changes nothing, responded_on included.
    before = database()
    result = import_workbook(as_csv(workbook), by=manager)
    assert counts(result) == (0, 0, 5)
    assert database() == before


def test_a_response_recorded_in_the_app_keeps_its_date(workbook, as_csv, chair):
    assert import_workbook(as_csv(workbook)).ok
    challenge = Challenge.objects.get(ref="CH-2015-02")
    services.challenge_record_response(
        challenge=challenge, response="The duty was not in the scripts", responded_on=date(2015, 7, 20), by=chair
    )
    set_cell(workbook, "challenges", 3, "status", "responded")
    set_cell(workbook, "challenges", 3, "response", "The duty was not in the scripts")
    result = import_workbook(as_csv(workbook))
    assert counts(result) == (0, 0, 5)
    assert Challenge.objects.get(ref="CH-2015-02").responded_on == date(2015, 7, 20)


def test_link_columns_left_out_of_the_header_leave_the_links_alone(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    dropped = {"meeting_group", "meeting_date", "plan", "priority"}
    keep = [index for index, name in enumerate(HEADER) if name not in dropped]
    sheet = [[row[index] for index in keep] for row in workbook["challenges"]]
    result = import_workbook(as_csv({"challenges": sheet}))
    assert counts(result) == (0, 0, 5)
    first = Challenge.objects.get(ref="CH-2015-01")
    assert first.meeting is not None and first.priority is not None


# --- errors -------------------------------------------------------------------------------------

ERRORS = {
    "bad status": (("challenges", 3, "status", "pending"), "'pending' is not one of: open, awaiting_response,"),
    "bad raised_by": (("challenges", 3, "raised_by", "mayor"), "'mayor' is not one of: chair, board, business_unit,"),
    "unknown agency": (
        ("challenges", 3, "agency", "Fire Service"),
        "'Fire Service' is not in the agencies sheet or the database.",
    ),
    "meeting_group without meeting_date": (("challenges", 2, "meeting_date", ""), "required with meeting_group"),
    "meeting_date without meeting_group": (("challenges", 2, "meeting_group", ""), "required with meeting_date"),
    "unknown meeting": (
        ("challenges", 2, "meeting_date", "2015-06-11"),
        "Safeguarding Board has no meeting on 2015-06-11 in the meetings sheet or the database.",
    ),
    "plan without priority": (("challenges", 2, "priority", ""), "required with plan"),
    "priority without plan": (("challenges", 5, "plan", ""), "required with priority"),
    "unknown priority": (
        ("challenges", 2, "priority", "7"),
        f"{PLAN} has no priority 7 in the priorities sheet or the database.",
    ),
    "closed without outcome": (("challenges", 2, "outcome", " "), "a closed challenge needs its outcome"),
    "closed without closed_on": (("challenges", 2, "closed_on", ""), "a closed challenge needs the date"),
    "closed_on when not closed": (("challenges", 3, "closed_on", "2015-09-01"), "only a closed challenge has a"),
    "escalated without escalated_to": (("challenges", 4, "escalated_to", ""), "an escalated challenge needs to whom"),
    "response_due before raised_on": (
        ("challenges", 3, "response_due", "2015-06-30"),
        "must not be before raised_on (2015-07-01).",
    ),
    "closed_on before raised_on": (("challenges", 2, "closed_on", "2015-06-09"), "must not be before raised_on"),
    # Read when the test runs, not when it is collected (a run may pass midnight).
    "raised in the future": (("challenges", 6, "raised_on", tomorrow), "is in the future"),
    "bad date": (("challenges", 6, "raised_on", "1st Jan 2016"), "is not a date: write it as dd/mm/yyyy"),
    "month-first date": (("challenges", 6, "raised_on", "01/13/2016"), "looks like a month-first date"),
}


@pytest.mark.parametrize("kind", ERRORS)
@pytest.mark.parametrize("stored", [False, True], ids=["empty database", "imported before"])
def test_each_error_is_located_and_nothing_is_written(kind, stored, workbook, as_csv):
    if stored:
        assert import_workbook(as_csv(workbook)).ok
    before = database()
    (sheet, row, column, value), message = ERRORS[kind]
    set_cell(workbook, sheet, row, column, value() if callable(value) else value)
    result = import_workbook(as_csv(workbook))
    assert where(result) == [(sheet, row, column)], result.problems
    assert message in result.problems[0].message
    assert not result.committed
    assert database() == before


def test_a_duplicate_ref_is_an_error(workbook, as_csv):
    workbook["challenges"].append(["CH-2015-01", "2015-12-01", "chair", DFE, "Another", *[""] * 8, "open", "", ""])
    result = import_workbook(as_csv(workbook))
    assert [str(p) for p in result.problems] == ["challenges, row 7, ref: the same ref as row 2."]
    assert not Challenge.objects.exists() and not Agency.objects.exists()


def test_a_failed_meeting_or_priority_row_is_not_reported_again_by_the_challenges(workbook, as_csv):
    set_cell(workbook, "challenges", 3, "meeting_group", "Quality and Effectiveness Group")
    set_cell(workbook, "challenges", 3, "meeting_date", "2015-07-01")
    set_cell(workbook, "meetings", 4, "status", "postponed")  # that QEG meeting
    set_cell(workbook, "priorities", 3, "title", "")  # priority 2, which row 5 concerns
    result = import_workbook(as_csv(workbook))
    assert where(result) == [("meetings", 4, "status"), ("priorities", 3, "title")]


def test_every_error_is_reported_at_once(workbook, as_csv):
    for (sheet, row, column, value), _message in (ERRORS["bad status"], ERRORS["unknown priority"]):
        set_cell(workbook, sheet, row, column, value)
    set_cell(workbook, "challenges", 4, "escalated_to", "")
    set_cell(workbook, "challenges", 6, "agency", "Nobody")
    assert where(import_workbook(as_csv(workbook))) == [
        ("challenges", 2, "priority"),
        ("challenges", 3, "status"),
        ("challenges", 4, "escalated_to"),
        ("challenges", 6, "agency"),
    ]


# --- exporting ----------------------------------------------------------------------------------


@pytest.fixture
def a_log(workbook, as_csv, chair):
    """The imported log, taken on through the app: a response, an escalation, awkward text."""
    assert import_workbook(as_csv(workbook)).ok
    challenge = Challenge.objects.get(ref="CH-2015-02")
    challenge = services.challenge_record_response(
        challenge=challenge, response='=1+1 "quoted"\nsecond line', responded_on=date(2015, 7, 20), by=chair
    )
    services.challenge_escalate(challenge=challenge, escalated_to="-Chief Executive", by=chair)
    services.challenge_log(
        challenge=Challenge(
            board=Board.objects.get(),
            raised_on=date(2016, 3, 1),
            raised_by="chair",
            agency=Agency.objects.get(name="Westshire Council"),
            subject="@home: private fostering notifications",
            meeting=Meeting.objects.get(date=date(2015, 8, 12)),
        ),
        by=chair,
    )


def wipe() -> None:
    """Empty the log, the plan and the governance tables (children before what they protect)."""
    Event.objects.all().delete()
    Challenge.objects.all().delete()
    Priority.objects.all().delete()
    Plan.objects.all().delete()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()


@pytest.mark.parametrize("target", ["board.xlsx", "csv-folder"])
def test_export_then_import_into_an_empty_database_gives_identical_data(target, a_log, tmp_path):
    before, governance = log_snapshot(), snapshot()
    assert len(before) == 6
    export_workbook(tmp_path / target)
    wipe()
    result = import_workbook(tmp_path / target)
    assert result.ok, result.problems
    assert log_snapshot() == before
    assert snapshot() == governance
    assert set(Event.objects.values_list("kind", flat=True)) == {"logged"}


def test_an_export_imports_back_unchanged(a_log, tmp_path):
    export_workbook(tmp_path / "board.xlsx")
    before = database()
    result = import_workbook(tmp_path / "board.xlsx")
    assert result.ok and result.changes == []
    assert database() == before


def test_the_challenges_sheet_has_every_column_and_a_row_per_challenge_by_ref(a_log, tmp_path):
    export_workbook(tmp_path / "out")
    with (tmp_path / "out" / "challenges.csv").open(encoding="utf-8", newline="") as file:
        # Format 2: the board first (one board here, named on every row).
        rows = [row[1:] for row in csv.reader(file) if row[0] in ("board", Board.objects.get().name)]
    # year: only for an undated challenge; then the optional outcome category, follow-up and sending.
    assert rows[0] == [*HEADER, "year", "outcome_kind", "follow_up_on", "sent_on", "sent_to"]
    assert [row[0] for row in rows[1:]] == [
        "CH-2015-01",
        "CH-2015-02",
        "CH-2015-03",
        "CH-2015-04",
        "CH-2015-05",
        "CH-2015-06",
    ]
    assert rows[1][6:10] == ["Safeguarding Board", "2015-06-10", PLAN, "1"]
    # Text a spreadsheet would run as a formula is quoted.
    assert (rows[2][11], rows[2][14]) == ('\'=1+1 "quoted"\nsecond line', "'-Chief Executive")
    assert rows[6][4] == "'@home: private fostering notifications"


def test_a_board_without_a_challenge_log_exports_no_challenges_sheet(tmp_path):
    assert "challenges" not in [table.name for table in export_workbook(tmp_path / "empty.xlsx")]


# --- a real board's log and the year-end summary ------------------------------------------------

REAL_AGENCIES = [
    ["name", "sector", "statutory_partner"],
    ["Westshire Council", "local_authority", "yes"],
    ["Westshire Constabulary", "police", "yes"],
    ["Healthy Futures CCG", "health", "yes"],
    ["Westshire Youth Sports Trust", "voluntary", "no"],
    [DFE, "other", "no"],
    ["Ofsted", "other", "no"],
    ["Home Office", "other", "no"],
    ["Care Quality Commission", "other", "no"],
]
REAL_CHALLENGES = [
    ["ref", "raised_on", "raised_by", "agency", "subject", "response", "outcome", "status", "escalated_to", "closed_on"],
    ["CH-2015-01", "2015-04-20", "chair", "Healthy Futures CCG", "Health assessments", "Plan agreed",
     "Compliance rose from 58% to 93% by March", "closed", "", "2015-12-01"],
    ["CH-2015-02", "2015-05-11", "board", DFE, "Language schools", "", "", "escalated",
     "Minister for Children and Families", ""],
    ["CH-2015-03", "2015-06-01", "business_unit", "Westshire Council", "FGM reporting duty", "Not in scripts",
     "42 call handlers trained; scripts changed", "closed", "", "2015-09-30"],
    ["CH-2015-04", "2015-07-15", "chair", "Ofsted", "Inspection of early help", "A thematic review is planned",
     "", "responded", "", ""],
    ["CH-2015-05", "2015-09-02", "board", "Home Office", "Trafficking referrals", "", "", "awaiting_response", "", ""],
    ["CH-2015-06", "2015-11-18", "subgroup", "Westshire Constabulary", "Return interviews", "Daily notifications",
     "Interviews within 72 hours rose from 41% to 86%", "closed", "", "2016-04-15"],
    ["CH-2015-07", "2016-01-20", "lay_member", "Westshire Youth Sports Trust", "Safer recruitment of coaches", "",
     "", "open", "", ""],
    ["CH-2015-08", "2016-03-10", "chair", "Care Quality Commission", "Health visiting inspection",
     "Findings shared", "The trust's action plan is monitored by the QEG", "closed", "", "2016-03-30"],
]  # fmt: skip


def yearend(year: str) -> dict:
    out = StringIO()
    call_command("yearend", year, stdout=out)
    return json.loads(out.getvalue())


def test_a_real_boards_log_in_the_year_end_summary(as_csv):
    result = import_workbook(as_csv({"agencies": REAL_AGENCIES, "challenges": REAL_CHALLENGES}))
    assert result.ok, result.problems
    assert counts(result) == (8, 0, 0)
    log = yearend("2015-16")["challenges"]
    assert log["total"] == 8
    assert log["by_status"] == {"open": 1, "awaiting_response": 1, "responded": 1, "escalated": 1, "closed": 4}
    # CH-2015-06 closed after 31 March: open at the year end, closed in the next year.
    assert (log["raised_in_year"], log["closed_in_year"], log["open_at_year_end"]) == (8, 3, 5)
    assert [(i["ref"], i["agency"], i["status"], i["outcome"], i["escalated_to"]) for i in log["items"]] == [
        (row[0], row[3], row[7], row[6], row[8]) for row in REAL_CHALLENGES[1:]
    ]
    # The next year carries on with those still open on 1 April, and none raised in it.
    later = yearend("2016-17")["challenges"]
    assert [i["ref"] for i in later["items"]] == ["CH-2015-02", "CH-2015-04", "CH-2015-05", "CH-2015-06", "CH-2015-07"]
    assert (later["raised_in_year"], later["closed_in_year"], later["open_at_year_end"]) == (0, 1, 4)
