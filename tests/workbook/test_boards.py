"""Format 2 with several boards: the boards sheet, the board column, joint groups, one board's
export, and the whole instance exported and imported back."""

from __future__ import annotations

import copy
import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from businessplan.models import Action, Plan, Priority, ProgressUpdate
from challengelog.models import Challenge
from governance.models import Agency, Attendance, Board, Group, Meeting, Membership, Person
from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from lscb.workbook import export_workbook, import_workbook
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    AuditFactory,
    BoardFactory,
    ChallengeFactory,
    EvidenceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    RecommendationFactory,
    ReviewFactory,
)

from .helpers import BOARD

pytestmark = pytest.mark.django_db

CHILDREN = "Northmoor Safeguarding Children Partnership"
ADULTS = "Northmoor Safeguarding Adults Board"

# Two boards of one area, each with a "Business Group", and a training group joint with both.
TWO = {
    "boards": [
        ["name", "short_name", "kind", "area"],
        [CHILDREN, "NSCP", "children", "Northmoor"],
        [ADULTS, "NSAB", "adults", "Northmoor"],
    ],
    "agencies": [
        ["name", "sector"],
        ["Northmoor Council", "local_authority"],
        ["Northmoor Police", "police"],
    ],
    "groups": [
        ["board", "name", "kind", "parent", "joint_with"],
        ["NSCP", "Partnership Board", "board", "", ""],
        ["NSCP", "Business Group", "subgroup", "Partnership Board", ""],
        ["NSCP", "Training Group", "subgroup", "Partnership Board", "NSAB; Westshire SCB"],
        [ADULTS, "Adults Board", "board", "", ""],
        ["nsab", "Business Group", "subgroup", "Adults Board", ""],
    ],
    "people": [
        ["name", "email", "agency"],
        ["Ann Manager", "ann@council.example", "Northmoor Council"],
        ["Bob Police", "bob@police.example", "Northmoor Police"],
    ],
    "memberships": [
        ["board", "group", "person", "role"],
        ["NSCP", "Business Group", "ann@council.example", "chair"],
        ["NSAB", "Business Group", "bob@police.example", "chair"],
        ["", "Training Group", "ann@council.example", "member"],
    ],
    "meetings": [
        ["board", "group", "date", "status"],
        ["NSCP", "Business Group", "2025-06-10", "held"],
        ["NSAB", "Business Group", "2025-06-10", "held"],
        ["", "Training Group", "2025-07-01", "held"],
    ],
    "attendance": [
        ["board", "group", "date", "person", "status"],
        ["NSCP", "Business Group", "2025-06-10", "ann@council.example", "present"],
        ["NSAB", "Business Group", "2025-06-10", "bob@police.example", "apologies"],
        ["", "Training Group", "2025-07-01", "ann@council.example", "present"],
    ],
    "plans": [
        ["board", "title", "start", "end"],
        ["NSCP", "Business Plan 2025-26", "2025-04-01", "2026-03-31"],
        ["NSAB", "Business Plan 2025-26", "2025-04-01", "2026-03-31"],
    ],
    "priorities": [
        ["board", "plan", "number", "title"],
        ["NSCP", "Business Plan 2025-26", "1", "Neglect"],
        ["NSAB", "Business Plan 2025-26", "1", "Self-neglect"],
    ],
    "actions": [
        ["board", "plan", "ref", "priority", "objective", "lead_group", "rag"],
        ["NSCP", "Business Plan 2025-26", "1.1", "1", "Know the scale", "Business Group", ""],
        ["NSAB", "Business Plan 2025-26", "1.1", "1", "Know the scale", "Training Group", ""],
    ],
    "progress": [
        ["board", "plan", "ref", "date", "rag", "note"],
        ["NSCP", "Business Plan 2025-26", "1.1", "2025-09-01", "amber", "Audit begun"],
        ["NSAB", "Business Plan 2025-26", "1.1", "2025-09-01", "green", "Audit done"],
    ],
    "challenges": [
        ["board", "ref", "raised_on", "raised_by", "agency", "subject", "status", "meeting_group", "meeting_date"],
        ["NSCP", "CH-01", "2025-06-10", "chair", "Northmoor Police", "Missing children", "open", "", ""],
        # The adults' board's challenge raised at the joint training group (the children's board's).
        [
            "NSAB",
            "CH-01",
            "2025-07-01",
            "chair",
            "Northmoor Council",
            "Hoarding",
            "open",
            "Training Group",
            "2025-07-01",
        ],
    ],
}


@pytest.fixture
def two() -> dict[str, list[list]]:
    return copy.deepcopy(TWO)


def problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def where(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in result.problems]


def run_command(name: str, *args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def read_csv(folder, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def snapshot() -> dict[str, dict]:
    """Every record by its natural key within its board, with what the workbook carries."""
    return {
        "boards": {b.name: (b.short_name, b.kind, b.area) for b in Board.objects.all()},
        "agencies": {a.name: a.sector for a in Agency.objects.all()},
        "people": {p.key: (p.name, p.agency and p.agency.name) for p in Person.objects.select_related("agency")},
        "groups": {
            (g.board.name, g.name): (
                g.kind,
                g.parent and g.parent.name,
                g.joint_with,
                sorted(b.name for b in g.joint_boards.all()),
            )
            for g in Group.objects.select_related("board", "parent").prefetch_related("joint_boards")
        },
        "memberships": {
            (m.group.board.name, m.group.name, m.person.key): m.role
            for m in Membership.objects.select_related("group__board", "person")
        },
        "meetings": {
            (m.group.board.name, m.group.name, m.date): m.status for m in Meeting.objects.select_related("group__board")
        },
        "attendance": {
            (a.meeting.group.board.name, a.meeting.group.name, a.meeting.date, a.person.key): a.status
            for a in Attendance.objects.select_related("meeting__group__board", "person")
        },
        "plans": {(p.board.name, p.title): (p.start, p.end) for p in Plan.objects.select_related("board")},
        "priorities": {
            (p.plan.board.name, p.plan.title, p.number): p.title for p in Priority.objects.select_related("plan__board")
        },
        "actions": {
            (a.plan.board.name, a.plan.title, a.ref): (a.lead_group and (a.lead_group.board.name, a.lead_group.name))
            for a in Action.objects.select_related("plan__board", "lead_group__board")
        },
        "progress": {
            (u.action.plan.board.name, u.action.ref, u.date): (u.rating, u.note)
            for u in ProgressUpdate.objects.select_related("action__plan__board")
        },
        "challenges": {
            (c.board.name, c.ref): (c.subject, c.meeting and (c.meeting.group.name, c.meeting.date))
            for c in Challenge.objects.select_related("board", "meeting__group")
        },
        "reviews": {
            (r.board.name, r.ref): (r.title, r.group and (r.group.board.name, r.group.name))
            for r in Review.objects.select_related("board", "group__board")
        },
        "audits": {(a.board.name, a.name): a.kind for a in Audit.objects.select_related("board")},
        "audit_results": {
            (r.audit.board.name, r.audit.name, r.stage, r.judgement): (r.date, r.count)
            for r in AuditResult.objects.select_related("audit__board")
        },
        "recommendations": {
            (r.source.board.name, str(r.source), r.ref): (r.status, r.lead_group and r.lead_group.name)
            for r in Recommendation.objects.select_related("review__board", "audit__board", "lead_group")
        },
        "recommendation_updates": {
            (u.recommendation.source.board.name, str(u.recommendation), u.date): u.note
            for u in RecommendationUpdate.objects.select_related(
                "recommendation__review__board", "recommendation__audit__board"
            )
        },
        "evidence": {(e.board.name, e.title, e.date): e.kind for e in Evidence.objects.select_related("board")},
    }


def wipe() -> None:
    """Empty the database of every record the workbook carries, boards too."""
    for model in (RecommendationUpdate, Recommendation, AuditResult, Audit, Review, Evidence):
        model.objects.all().delete()
    ProgressUpdate.objects.all().delete()
    Challenge.objects.all().delete()
    Action.objects.all().delete()
    Priority.objects.all().delete()
    Plan.objects.all().delete()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()
    Board.objects.all().delete()


# --- the boards sheet ---------------------------------------------------------------------------


def test_the_boards_sheet_comes_first_and_makes_each_board_with_its_address(two, as_csv):
    result = import_workbook(as_csv(two))
    assert result.ok, problems(result)
    assert next(iter(result.counts)) == "boards"
    boards = {b.name: (b.short_name, b.kind, b.area, b.slug) for b in Board.objects.all()}
    assert boards == {
        CHILDREN: ("NSCP", "children", "Northmoor", "northmoor-safeguarding-children-partnership"),
        ADULTS: ("NSAB", "adults", "Northmoor", "northmoor-safeguarding-adults-board"),
    }


def test_a_new_boards_address_takes_a_number_when_another_board_has_it(as_csv):
    BoardFactory(name="Old name", slug="westshire-sab")
    book = {"boards": [["name", "kind"], ["Westshire SAB", "adults"]]}
    assert import_workbook(as_csv(book)).ok
    assert Board.objects.get(name="Westshire SAB").slug == "westshire-sab-2"


def test_a_board_is_updated_by_its_name_and_keeps_its_address(two, as_csv):
    assert import_workbook(as_csv(two)).ok
    two["boards"][2][3] = "Northmoor and Eastmoor"
    result = import_workbook(as_csv(two))
    assert result.ok, problems(result)
    (change,) = result.changes
    assert (change.sheet, change.action, [(f.column, f.old, f.new) for f in change.fields]) == (
        "boards",
        "updated",
        [("area", "Northmoor", "Northmoor and Eastmoor")],
    )
    assert Board.objects.get(name=ADULTS).slug == "northmoor-safeguarding-adults-board"


def test_a_short_name_is_one_boards_only(two, as_csv):
    two["boards"][2][1] = "nscp"
    result = import_workbook(as_csv(two))
    assert ("boards", 3, "short_name") in where(result)
    assert not Board.objects.exists()


def test_a_name_another_board_has_in_other_letters_is_refused(two, as_csv):
    assert import_workbook(as_csv(two)).ok
    two["boards"][2][0:2] = [ADULTS.upper(), ""]
    result = import_workbook(as_csv({"boards": two["boards"]}))
    assert problems(result) == [
        ("boards", 3, "name", f"another board is called {ADULTS!r}: write its name as it is, or choose another.")
    ]


def test_the_same_workbook_twice_changes_nothing(two, as_csv):
    assert import_workbook(as_csv(two)).ok
    before = snapshot()
    again = import_workbook(as_csv(two))
    assert again.ok and again.changes == []
    assert all(counts.created == counts.updated == 0 for counts in again.counts.values())
    assert snapshot() == before


# --- the board column ---------------------------------------------------------------------------


def test_rows_name_their_board_by_name_or_short_name_in_any_case(two, as_csv):
    result = import_workbook(as_csv(two))
    assert result.ok, problems(result)
    groups = sorted((g.board.short_name, g.name) for g in Group.objects.select_related("board"))
    assert groups == [
        ("NSAB", "Adults Board"),
        ("NSAB", "Business Group"),
        ("NSCP", "Business Group"),
        ("NSCP", "Partnership Board"),
        ("NSCP", "Training Group"),
    ]
    # Each board's "Business Group" has its own chair, meeting and register.
    chairs = {(m.group.board.short_name, m.person.name) for m in Membership.objects.filter(role="chair")}
    assert chairs == {("NSCP", "Ann Manager"), ("NSAB", "Bob Police")}
    registers = {(a.meeting.group.board.short_name, a.status) for a in Attendance.objects.all()}
    assert registers == {("NSCP", "present"), ("NSAB", "apologies"), ("NSCP", "present")}
    plans = {(p.board.short_name, p.title, p.slug) for p in Plan.objects.all()}
    assert plans == {("NSCP", "Business Plan 2025-26", "business-plan-2025-26")} | {
        ("NSAB", "Business Plan 2025-26", "business-plan-2025-26")
    }
    ratings = {(a.plan.board.short_name, a.rating) for a in Action.objects.all()}
    assert ratings == {("NSCP", "amber"), ("NSAB", "green")}
    adults_action = Action.objects.get(plan__board__short_name="NSAB")
    assert (adults_action.lead_group.board.short_name, adults_action.lead_group.name) == ("NSCP", "Training Group")
    challenges = {(c.board.short_name, c.ref, c.subject) for c in Challenge.objects.all()}
    assert challenges == {("NSCP", "CH-01", "Missing children"), ("NSAB", "CH-01", "Hoarding")}
    hoarding = Challenge.objects.get(subject="Hoarding")
    assert hoarding.meeting.group.name == "Training Group"


def test_an_unknown_board_is_an_error(two, as_csv):
    two["groups"][1][0] = "Westshire SCB"
    result = import_workbook(as_csv(two))
    assert problems(result)[0] == (
        "groups",
        2,
        "board",
        "'Westshire SCB' is not a board of the boards sheet or the database: give a board's name or short name "
        f"({ADULTS} (NSAB); {CHILDREN} (NSCP)).",
    )
    assert not Board.objects.exists()


def test_two_boards_and_no_board_column_is_an_error_at_the_header(two, as_csv):
    for name in ("groups", "plans", "challenges"):
        two[name] = [row[1:] for row in two[name]]
    result = import_workbook(as_csv(two))
    message = (
        f"which board? the boards sheet has 2 boards ({CHILDREN}, {ADULTS}): add a board column naming each row's "
        "board (its name or short name), or import the workbook into one board (--board NAME)."
    )
    assert problems(result) == [
        ("groups", 1, "board", message),
        ("plans", 1, "board", message),
        ("challenges", 1, "board", message),
    ]
    assert not result.committed and not Board.objects.exists()


def test_two_boards_in_the_database_and_no_board_column_is_an_error(two, as_csv):
    BoardFactory(name=CHILDREN, short_name="NSCP")
    BoardFactory(name=ADULTS, short_name="NSAB")
    book = {"groups": [["name", "kind"], ["Business Group", "subgroup"]]}
    result = import_workbook(as_csv(book))
    assert where(result) == [("groups", 1, "board")]
    assert f"the database holds 2 boards ({ADULTS}, {CHILDREN})" in result.problems[0].message
    # A blank cell in a board column says the same of its row.
    book = {"groups": [["board", "name", "kind"], ["", "Business Group", "subgroup"]]}
    result = import_workbook(as_csv(book))
    assert problems(result) == [
        ("groups", 2, "board", f"a value is required: the database holds 2 boards ({ADULTS}, {CHILDREN}).")
    ]


def test_one_board_in_the_workbook_or_the_database_needs_no_board_column(board, as_csv):
    """The format 1 board of the fixture: no board column anywhere."""
    BoardFactory(name=ADULTS, short_name="NSAB")
    book = {"boards": [["name", "kind"], [ADULTS, "adults"]], **copy.deepcopy(board)}
    result = import_workbook(as_csv(book))
    assert result.ok, problems(result)
    assert {g.board.name for g in Group.objects.all()} == {ADULTS}


# --- format 1, and --board ------------------------------------------------------------------------


def test_a_format_1_workbook_makes_the_one_board_of_a_fresh_database_from_the_settings(board, as_csv, settings):
    settings.LSCB_BOARD_NAME = "Westshire Safeguarding Children Board"
    assert import_workbook(as_csv(board)).ok
    made = Board.objects.get()
    assert (made.name, made.kind, made.slug) == (
        "Westshire Safeguarding Children Board",
        "children",
        "westshire-safeguarding-children-board",
    )
    assert set(Group.objects.values_list("board", flat=True)) == {made.pk}


def test_the_board_made_is_an_adults_board_when_the_settings_say_so(board, as_csv, settings):
    settings.LSCB_BOARD_NAME = "Westshire Safeguarding Adults Board"
    settings.LSCB_BOARD_KIND = "adults"
    assert import_workbook(as_csv(board)).ok
    assert Board.objects.get().is_adults


def test_a_workbook_of_agencies_and_people_only_makes_no_board(board, as_csv):
    assert import_workbook(as_csv({"agencies": board["agencies"], "people": board["people"]})).ok
    assert not Board.objects.exists()


def test_board_names_the_board_of_a_format_1_workbook(board, as_csv):
    BoardFactory(name=CHILDREN, short_name="NSCP")
    adults = BoardFactory(name=ADULTS, short_name="NSAB")
    status, out, err = run_command("import_workbook", str(as_csv(board)), "--board", "nsab")
    assert (status, err) == (0, "")
    assert set(Group.objects.values_list("board", flat=True)) == {adults.pk}
    # Without it, the command says which boards there are and how to name one.
    Group.objects.update(parent=None)
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Membership.objects.all().delete()
    Group.objects.all().delete()
    status, _out, err = run_command("import_workbook", str(as_csv(board)))
    assert status == 1
    assert err.splitlines()[0].startswith("groups, row 1, board: which board? the database holds 2 boards")
    assert "--board NAME" in err.splitlines()[0]


def test_an_unknown_board_given_to_the_command_is_an_error(board, as_csv):
    BoardFactory(name=CHILDREN, short_name="NSCP")
    status, _out, err = run_command("import_workbook", str(as_csv(board)), "--board", "Westshire")
    assert status == 1
    assert err.splitlines()[0] == (
        f"--board 'Westshire': no board has this name or short name (the boards: {CHILDREN}; "
        "a new one is added by the boards sheet)."
    )
    assert not Group.objects.exists()


def test_board_may_name_a_board_the_workbook_adds(board, as_csv):
    BoardFactory(name=CHILDREN, short_name="NSCP")
    book = {"boards": [["name", "short_name", "kind"], [ADULTS, "NSAB", "adults"]], **copy.deepcopy(board)}
    status, _out, err = run_command("import_workbook", str(as_csv(book)), "--board", "NSAB")
    assert (status, err) == (0, "")
    assert {g.board.name for g in Group.objects.all()} == {ADULTS}


# --- references between boards --------------------------------------------------------------------


def test_a_reference_to_a_name_two_boards_have_must_say_which(two, as_csv):
    two["memberships"][1][0] = ""
    two["actions"][2][0] = ""
    result = import_workbook(as_csv(two))
    assert problems(result) == [
        (
            "memberships",
            2,
            "group",
            f"'Business Group' is a group of more than one board ({ADULTS}, {CHILDREN}): "
            "say which in this sheet's board column.",
        ),
        (
            "actions",
            3,
            "plan",
            f"'Business Plan 2025-26' is a plan of more than one board ({ADULTS}, {CHILDREN}): "
            "say which in this sheet's board column.",
        ),
    ]
    assert not Board.objects.exists()


def test_a_reference_to_another_boards_record_names_where_it_is(two, as_csv):
    two["memberships"][3][0] = "NSAB"  # the training group is the children's board's, joint with the adults'
    two["meetings"].append(["NSAB", "Partnership Board", "2025-08-01", "planned"])
    two["groups"].append(["NSAB", "Safeguarding Adults Reviews", "subgroup", "Partnership Board", ""])
    result = import_workbook(as_csv(two))
    assert problems(result) == [
        (
            "groups",
            7,
            "parent",
            f"'Partnership Board' is not a group of {ADULTS}: it is one of {CHILDREN}; "
            "a group refers to the groups of its own board.",
        ),
        (
            "meetings",
            5,
            "group",
            f"'Partnership Board' is not a group of {ADULTS}: it is one of {CHILDREN}; "
            "name its board in this sheet's board column.",
        ),
    ]


def test_a_format_1_workbook_into_one_board_looks_for_its_groups_in_that_board(as_csv):
    children = BoardFactory(name=CHILDREN, short_name="NSCP")
    adults = BoardFactory(name=ADULTS, short_name="NSAB")
    GroupFactory(board=children, name="Business Group")
    mine = GroupFactory(board=adults, name="Business Group")
    book = {"meetings": [["group", "date", "status"], ["Business Group", "2025-06-10", "planned"]]}
    # No board named and none to default to: which Business Group?
    assert where(import_workbook(as_csv(book))) == [("meetings", 2, "group")]
    assert import_workbook(as_csv(book), board="NSAB").ok
    assert Meeting.objects.get().group == mine


def test_joint_with_a_board_of_the_instance_makes_the_group_joint_and_other_names_stay_text(two, as_csv, tmp_path):
    assert import_workbook(as_csv(two)).ok
    training = Group.objects.get(name="Training Group")
    assert [b.short_name for b in training.joint_boards.all()] == ["NSAB"]
    assert training.joint_with == "Westshire SCB"
    assert set(Group.objects.for_board(Board.objects.get(short_name="NSAB")).values_list("name", flat=True)) == {
        "Adults Board",
        "Business Group",
        "Training Group",
    }
    # Exported as the board's name, then the text; and back unchanged.
    export_workbook(tmp_path / "out")
    exported = {row["name"]: row["joint_with"] for row in read_csv(tmp_path / "out", "groups")}
    assert exported["Training Group"] == f"{ADULTS}; Westshire SCB"
    again = import_workbook(tmp_path / "out")
    assert again.ok and again.changes == []


def test_a_change_of_joint_boards_is_previewed_and_written(two, as_csv):
    # Nothing of the adults' board refers to the training group, which is to be its no more.
    two["actions"][2][5] = ""
    two["challenges"][2][7:9] = ["", ""]
    assert import_workbook(as_csv(two)).ok
    two["groups"][3][4] = "Westshire SCB"
    result = import_workbook(as_csv(two))
    assert result.ok, problems(result)
    (change,) = result.changes
    assert [(f.label, f.old, f.new) for f in change.fields] == [("joint with the boards", ADULTS, None)]
    training = Group.objects.get(name="Training Group")
    assert not training.joint_boards.exists() and training.joint_with == "Westshire SCB"
    # Leaving the column out leaves the joint boards as they are.
    two["groups"][3][4] = "NSAB"
    assert import_workbook(as_csv(two)).ok
    two["groups"] = [row[:4] for row in two["groups"]]
    result = import_workbook(as_csv(two))
    assert result.ok and result.changes == []
    assert training.joint_boards.count() == 1


def test_a_group_is_not_joint_with_its_own_board(two, as_csv):
    two["groups"][3][4] = "NSCP"
    result = import_workbook(as_csv(two))
    assert problems(result) == [
        ("groups", 4, "joint_with", "'NSCP' is the group's own board: name only the other boards it is joint with.")
    ]


# --- export -------------------------------------------------------------------------------------


@pytest.fixture
def instance(db):
    """Two boards, as a business unit keeps them: shared agencies and people, each board's own
    Business Group, plan and challenge of the same names, and a joint training group."""
    children = BoardFactory(name=CHILDREN, short_name="NSCP", slug="nscp", area="Northmoor")
    adults = BoardFactory(name=ADULTS, short_name="NSAB", slug="nsab", kind="adults", area="Northmoor")
    council = AgencyFactory(name="Northmoor Council", sector="local_authority")
    police = AgencyFactory(name="Northmoor Police", sector="police")
    ann = PersonFactory(name="Ann Manager", email="ann@council.example", agency=council)
    bob = PersonFactory(name="Bob Police", email="bob@police.example", agency=police)
    partnership = GroupFactory(board=children, name="Partnership Board", kind="board")
    business = GroupFactory(board=children, name="Business Group", parent=partnership)
    training = GroupFactory(board=children, name="Training Group", parent=partnership, joint_with="Westshire SCB")
    training.joint_boards.add(adults)
    adults_board = GroupFactory(board=adults, name="Adults Board", kind="board")
    adults_business = GroupFactory(board=adults, name="Business Group", parent=adults_board)
    for group, person in ((business, ann), (adults_business, bob), (training, ann)):
        MembershipFactory(group=group, person=person, agency=person.agency)
        meeting = MeetingFactory(group=group, date=date(2025, 6, 10), status="held")
        AttendanceFactory(meeting=meeting, person=person, status="present")
    for board, lead in ((children, business), (adults, training)):
        plan = PlanFactory(board=board, title="Business Plan 2025-26", slug="2025-26")
        priority = PriorityFactory(plan=plan, number=1, title="Priority")
        action = ActionFactory(plan=plan, ref="1.1", objective=ObjectiveFactory(priority=priority), lead_group=lead)
        ProgressUpdate.objects.create(action=action, date=date(2025, 9, 1), rating="amber", note="Begun")
        Action.objects.filter(pk=action.pk).update(rating="amber")
        ChallengeFactory(board=board, ref="CH-01", agency=police, subject=f"Challenge of {board.short_name}")
        # Learning: a review of the same ref in each board, with a recommendation led by the
        # board's own group (the adults' by the joint training group) and its update.
        review = ReviewFactory(board=board, ref="LR-2025-01", title="Adult D" if board == adults else "Child H")
        recommendation = RecommendationFactory(review=review, ref="1", lead_group=lead)
        RecommendationUpdate.objects.create(recommendation=recommendation, date=date(2025, 9, 1), note="Begun")
        audit = AuditFactory(board=board, name="Section 11 audit 2025", started_on=date(2025, 4, 1))
        RecommendationFactory(review=None, audit=audit, ref="1", status="in_progress")
        AuditResult.objects.create(audit=audit, stage="initial", date=date(2025, 6, 1), judgement="amber", count=3)
        EvidenceFactory(board=board, title="Annual report", date=date(2025, 7, 1))
    return children, adults


def test_a_two_board_instance_exported_and_imported_into_an_empty_database_comes_back_the_same(instance, tmp_path):
    before = snapshot()
    assert all(before.values())
    export_workbook(tmp_path / "instance.xlsx")
    wipe()
    result = import_workbook(tmp_path / "instance.xlsx")
    assert result.ok, problems(result)
    after = snapshot()
    for table in before:
        assert after[table] == before[table], table
    again = import_workbook(tmp_path / "instance.xlsx")
    assert again.ok and again.changes == []


def test_the_export_always_writes_the_boards_sheet_and_board_columns(instance, tmp_path):
    export_workbook(tmp_path / "out")
    assert [row["short_name"] for row in read_csv(tmp_path / "out", "boards")] == ["NSAB", "NSCP"]
    own = ("groups", "memberships", "meetings", "attendance", "plans", "priorities", "actions", "challenges")
    learning = ("reviews", "audits", "audit_results", "recommendations", "recommendation_updates", "evidence")
    for name in (*own, *learning):
        rows = read_csv(tmp_path / "out", name)
        assert next(iter(rows[0])) == "board", name
    groups = [(row["board"], row["name"]) for row in read_csv(tmp_path / "out", "groups")]
    assert groups == [
        (ADULTS, "Adults Board"),
        (ADULTS, "Business Group"),
        (CHILDREN, "Business Group"),
        (CHILDREN, "Partnership Board"),
        (CHILDREN, "Training Group"),
    ]


def test_one_board_is_exported_with_every_agency_and_person(instance, tmp_path):
    status, out, err = run_command("export_workbook", str(tmp_path / "adults"), "--board", "NSAB")
    assert (status, err) == (0, "")
    assert f"of {ADULTS}" in out
    sheets = {name: read_csv(tmp_path / "adults", name) for name in ("boards", "agencies", "people", "groups")}
    assert [row["name"] for row in sheets["boards"]] == [ADULTS]
    assert len(sheets["agencies"]) == 2 and len(sheets["people"]) == 2
    # Its own groups; the joint training group belongs to the children's board, with its meetings.
    assert [row["name"] for row in sheets["groups"]] == ["Adults Board", "Business Group"]
    assert {row["group"] for row in read_csv(tmp_path / "adults", "meetings")} == {"Business Group"}
    assert [row["board"] for row in read_csv(tmp_path / "adults", "challenges")] == [ADULTS]
    for name in ("reviews", "recommendations", "recommendation_updates", "audit_results", "evidence"):
        assert {row["board"] for row in read_csv(tmp_path / "adults", name)} == {ADULTS}, name
    # Imported again, it changes nothing.
    again = import_workbook(tmp_path / "adults")
    assert again.ok and again.changes == []


def test_an_unknown_board_to_export_is_an_error(instance, tmp_path):
    status, _out, err = run_command("export_workbook", str(tmp_path / "out"), "--board", "Westshire")
    assert status == 1
    assert (
        err.strip() == f"--board 'Westshire': no board has this name or short name (the boards: {ADULTS}, {CHILDREN})."
    )


def test_a_format_1_board_still_imports_into_its_one_board(as_csv):
    """A database of one board, and the fixture's format 1 workbook: the column is not needed."""
    only = BoardFactory(name=CHILDREN)
    assert import_workbook(as_csv(copy.deepcopy(BOARD))).ok
    assert set(Group.objects.values_list("board", flat=True)) == {only.pk}


def test_an_actions_lead_group_is_a_group_of_its_plans_board_or_joint_with_it(two, as_csv):
    two["actions"][1][5] = "Adults Board"  # the children's plan, led by the adults' board's own group
    result = import_workbook(as_csv(two))
    assert problems(result) == [
        (
            "actions",
            2,
            "lead_group",
            f"'Adults Board' is not a group of {CHILDREN}: it is one of {ADULTS}; "
            "an action refers to the groups of its own board.",
        )
    ]
