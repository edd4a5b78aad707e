"""The business plan sheets of the board workbook: plans, priorities, actions and their progress."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from businessplan import services
from businessplan.models import Action, Objective, Plan, Priority, ProgressUpdate
from governance.models import Agency, Attendance, Group, Meeting, Membership, Person
from lscb.workbook import export_workbook, import_workbook
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    GroupFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    default_board,
)
from tests.workbook.helpers import BOARD, snapshot, where, write_csvs, write_xlsx
from tests.workbook.helpers import history_count as governance_history_count

pytestmark = pytest.mark.django_db

P1, P2 = "Business Plan 2016-18", "Four-level Plan 2016-18"
ACTION_HEADER = [
    "plan",
    "ref",
    "priority",
    "objective",
    "action",
    "by_whom",
    "lead_group",
    "due_text",
    "due_date",
    "intended_impact",
    "measure",
    "rag",
]
# A plan on each scale; 1.1 and 1.2 share an objective; 1.1 and 2.1 have no progress, 1.2 and 1.3 do.
PLAN = {
    "plans": [
        ["title", "start", "end", "rag_scale"],
        [P1, "2016-04-01", "2018-03-31", ""],
        [P2, "2016-04-01", "2018-03-31", "BRAG"],
    ],
    "priorities": [
        ["plan", "number", "title", "functions"],
        [P1, "1", "Child Sexual Exploitation and Missing", "1a-i; 1C"],
        [P1, "2", "Neglect", ""],
        [P2, "1", "The board's own effectiveness", "1c;1e"],
    ],
    "actions": [
        ACTION_HEADER,
        [
            P1,
            "1.1",
            "1",
            "Know the scale of CSE",
            "Publish a CSE profile",
            "QEG",
            "Quality and Effectiveness Group",
            "Sept 2016",
            "2016-09-30",
            "Partners target their resources",
            "Profile published",
            "amber",
        ],
        [P1, "1.2", "1", "Know the scale of CSE", "Audit MASE referrals", "MASE chair", "", "Ongoing", "", "", "", ""],
        [
            P1,
            "1.3",
            "1",
            "Children are safer",
            "Run a campaign",
            "Comms",
            "",
            "Nov and July Boards",
            "",
            "",
            "",
            "green",
        ],
        [
            P1,
            "2.1",
            "2",
            "Tackle neglect",
            "Launch the toolkit",
            "",
            "Safeguarding Board",
            "",
            "2017-03-31",
            "",
            "",
            "",
        ],
        [P2, "1.1", "1", "An effective board", "Review attendance", "Business unit", "", "", "", "", "", "blue"],
    ],
    "progress": [
        ["plan", "ref", "date", "rag", "note", "author", "year"],
        [P1, "1.2", "2016-06-01", "red", "No plan yet", "ann@council.example"],
        [P1, "1.2", "2016-10-01", "amber", "Audit started", "Carol Lay"],
        [P1, "1.2", "2017-02-01", "green", "Audit done", ""],
        [P1, "1.3", "2016-07-01", "green", "Campaign launched", "bob@police.example"],
        [P2, "1.1", "2016-09-01", "blue", "Attendance reviewed", ""],
    ],
}
SCALE_HEADER = ("scale", "code", "label", "colour", "meaning", "position", "complete")
PLAN_COUNTS = {name: len(rows) - 1 for name, rows in PLAN.items()}
PLAN_MODELS = (Plan, Priority, Objective, Action, ProgressUpdate)


@pytest.fixture
def workbook() -> dict[str, list[list]]:
    """The small governance board and the plans, as one workbook to change."""
    return copy.deepcopy({**BOARD, **PLAN})


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


def counts(result) -> dict[str, tuple[int, int, int]]:
    return {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()}


def database() -> dict:
    """Every stored plan record, field by field, and the governance records by natural key."""
    tables = {model.__name__: list(model.objects.order_by("pk").values()) for model in PLAN_MODELS}
    return {**tables, **snapshot()}


def history_count() -> int:
    return governance_history_count() + sum(model.history.count() for model in PLAN_MODELS)


def plan_snapshot() -> dict[str, object]:
    """Every plan record by natural key, with every field the workbook carries."""
    objectives: dict[tuple, list[str]] = {}
    for objective in Objective.objects.select_related("priority__plan").order_by("order", "id"):
        objectives.setdefault((objective.priority.plan.title, objective.priority.number), []).append(objective.text)
    return {
        "plans": {p.title: (p.start, p.end, p.scale) for p in Plan.objects.all()},
        "priorities": {
            (p.plan.title, p.number): (p.title, p.functions) for p in Priority.objects.select_related("plan")
        },
        "objectives": objectives,
        "actions": {
            (a.plan.title, a.ref): (
                a.objective.priority.number,
                a.objective.text,
                a.text,
                a.by_whom,
                a.lead_group and a.lead_group.name,
                a.due_text,
                a.due_date,
                a.intended_impact,
                a.measure,
                a.rating,
            )
            for a in Action.objects.select_related("plan", "objective__priority", "lead_group")
        },
        # A list in recorded order: which of two updates on one day is the latest matters.
        "progress": [
            (u.action.plan.title, u.action.ref, u.date, u.rating, u.note, u.author and u.author.key)
            for u in ProgressUpdate.objects.select_related("action__plan", "author").order_by(
                "action__plan__title", "action__ref", "date", "recorded_at", "id"
            )
        ],
    }


def action(plan: str, ref: str) -> Action:
    return Action.objects.select_related("objective__priority").get(plan__title=plan, ref=ref)


# --- importing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_full_plan_imports_in_either_form(form, workbook, as_csv, as_xlsx, manager):
    result = import_workbook((as_csv if form == "csv" else as_xlsx)(workbook), by=manager)
    assert result.ok, result.problems
    assert {name: counts(result)[name] for name in PLAN} == {name: (n, 0, 0) for name, n in PLAN_COUNTS.items()}

    plan, four = Plan.objects.get(title=P1), Plan.objects.get(title=P2)
    assert (plan.slug, plan.scale, plan.status, plan.start, plan.end) == (
        "business-plan-2016-18",
        "rag",
        "active",
        date(2016, 4, 1),
        date(2018, 3, 31),
    )
    # Each plan takes its scale's usual key (blue is not on a red-amber-green scale).
    assert (plan.ratings, plan.meaning("green"), plan.meaning("blue")) == (
        ["red", "amber", "green"],
        "Action plan completed",
        "",
    )
    assert (four.scale, four.ratings, four.meaning("green"), four.meaning("blue")) == (
        "brag",
        ["red", "amber", "green", "blue"],
        "On track",
        "Complete",
    )
    assert Priority.objects.get(plan=plan, number=1).functions == "1a-i;1c"

    # Actions with the same objective text under one priority share one objective, in order of appearance.
    cse = Priority.objects.get(plan=plan, number=1)
    assert [(o.text, o.order) for o in cse.objectives.all()] == [
        ("Know the scale of CSE", 1),
        ("Children are safer", 2),
    ]
    assert action(P1, "1.1").objective == action(P1, "1.2").objective
    assert Objective.objects.count() == 4

    first = action(P1, "1.1")
    assert (first.text, first.by_whom, first.lead_group.name, first.due_text, first.due_date) == (
        "Publish a CSE profile",
        "QEG",
        "Quality and Effectiveness Group",
        "Sept 2016",
        date(2016, 9, 30),
    )
    assert (first.intended_impact, first.measure) == ("Partners target their resources", "Profile published")
    # No progress: the sheet's rating is the current one and the one before any update.
    assert (first.initial_rating, first.rating) == ("amber", "amber")
    assert (action(P1, "2.1").initial_rating, action(P1, "2.1").rating) == ("", "")
    # With progress: the latest update's rating, whatever came before.
    assert (action(P1, "1.2").initial_rating, action(P1, "1.2").rating) == ("", "green")
    assert action(P1, "1.3").rating == "green"
    assert action(P2, "1.1").rating == "blue"

    updates = ProgressUpdate.objects.filter(action=action(P1, "1.2")).order_by("date")
    assert [(u.rating, u.note, u.author and u.author.name) for u in updates] == [
        ("red", "No plan yet", "Ann Chair"),
        ("amber", "Audit started", "Carol Lay"),
        ("green", "Audit done", None),
    ]
    assert {u.recorded_by for u in ProgressUpdate.objects.all()} == {manager}
    assert {h.history_user for h in Action.history.all()} == {manager}


def test_import_is_idempotent(workbook, as_csv, as_xlsx):
    assert import_workbook(as_csv(workbook)).ok
    before, history = database(), history_count()
    for again in (as_csv(workbook), as_xlsx(workbook)):
        result = import_workbook(again)
        assert result.ok and result.changes == []
        assert {name: counts(result)[name] for name in PLAN} == {name: (0, 0, n) for name, n in PLAN_COUNTS.items()}
        assert database() == before
        assert history_count() == history


def test_a_changed_progress_rag_updates_that_update_and_the_rating_follows(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    set_cell(workbook, "progress", 4, "rag", "amber")
    result = import_workbook(as_csv(workbook))
    assert result.ok, result.problems
    assert counts(result)["progress"] == (0, 1, 4)
    assert [(c.sheet, c.key, [(f.column, f.old, f.new) for f in c.fields]) for c in result.changes] == [
        ("progress", f"{P1} / 1.2 / 01/02/2017", [("rag", "green", "amber")])
    ]
    assert ProgressUpdate.objects.filter(action=action(P1, "1.2")).count() == 3
    assert action(P1, "1.2").rating == "amber"
    assert action(P1, "1.2").history.first().rating == "amber"


def test_new_progress_moves_the_rating_and_an_unrated_update_unrates_it(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    workbook["progress"].append([P1, "1.1", "2017-01-05", "", "Profile delayed: analyst left", ""])
    set_cell(workbook, "actions", 2, "rag", "")  # the history now decides 1.1's rating
    assert import_workbook(as_csv(workbook)).ok
    first = action(P1, "1.1")
    # The rating before the update stays for the year-end figures of earlier dates.
    assert (first.initial_rating, first.rating) == ("amber", "")


def test_updates_on_one_day_are_ordered_as_written(workbook, as_csv):
    workbook["progress"] += [
        [P1, "2.1", "2017-01-05", "red", "Toolkit stalled", ""],
        [P1, "2.1", "2017-01-05", "amber", "Toolkit restarted the same day", ""],
    ]
    assert import_workbook(as_csv(workbook)).ok
    assert action(P1, "2.1").rating == "amber"


def test_titles_that_slugify_alike_get_distinct_addresses(as_csv):
    PlanFactory(title="Old plan", slug="business-plan-2016-18")
    rows = [["title", "start", "end"], ["Business Plan 2016-18", "2016-04-01", "2018-03-31"]]
    rows += [["Business plan: 2016 18", "2016-04-01", "2018-03-31"], ["!!!", "2016-04-01", "2017-03-31"]]
    result = import_workbook(as_csv({"plans": rows}))
    assert result.ok, result.problems
    slugs = dict(Plan.objects.values_list("title", "slug"))
    assert slugs == {
        "Old plan": "business-plan-2016-18",
        "Business Plan 2016-18": "business-plan-2016-18-2",
        "Business plan: 2016 18": "business-plan-2016-18-3",
        "!!!": "plan",
    }
    # A plan keeps its address when its row is imported again.
    assert import_workbook(as_csv({"plans": rows})).ok
    assert dict(Plan.objects.values_list("title", "slug")) == slugs


def test_existing_objectives_are_matched_by_priority_and_text(as_csv):
    plan = PlanFactory(title=P1)
    priority = PriorityFactory(plan=plan, number=1)
    known = ObjectiveFactory(priority=priority, text="Know the scale of CSE", order=4)
    ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2), text="Children are safer", order=9)
    rows = [ACTION_HEADER[:4], [P1, "1.1", "1", "Know the scale of CSE"], [P1, "1.2", "1", "Children are safer"]]
    assert import_workbook(as_csv({"actions": rows})).ok
    assert action(P1, "1.1").objective == known
    # Same text under another priority is another objective; a new one comes after the priority's others.
    assert (action(P1, "1.2").objective.priority, action(P1, "1.2").objective.order) == (priority, 5)


def test_the_rating_of_an_action_with_stored_progress_is_checked_against_it(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    only_actions = {"actions": copy.deepcopy(workbook["actions"])}
    set_cell(only_actions, "actions", 3, "rag", "green")  # agrees with the stored history
    assert import_workbook(as_csv(only_actions)).ok
    set_cell(only_actions, "actions", 3, "rag", "red")
    result = import_workbook(as_csv(only_actions))
    assert [str(p) for p in result.problems] == [
        "actions, row 3, rag: rag red disagrees with the latest progress update (2017-02-01: green); "
        "put the rating on that progress row or leave this blank."
    ]


def test_a_plan_with_blue_ratings_cannot_become_three_level(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    set_cell(workbook, "plans", 3, "rag_scale", "rag")
    assert where(import_workbook(as_csv({"plans": workbook["plans"]}))) == [("plans", 3, "rag_scale")]


# --- errors -------------------------------------------------------------------------------------


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


ERRORS = {
    "bad scale": (
        ("plans", 2, "rag_scale", "traffic lights"),
        "'traffic lights' is not a scale: use rag, brag, a scale of the scales sheet",
    ),
    "end before start": (("plans", 2, "end", "2016-03-31"), "must not be before start."),
    "unknown function code": (("priorities", 2, "functions", "1a; 9Z"), "unknown statutory function code '9z'"),
    "unknown priority number": (("actions", 5, "priority", "7"), f"{P1} has no priority 7 in the priorities sheet"),
    "unknown plan": (("actions", 2, "plan", "Business Plan 2099"), "'Business Plan 2099' is not in the plans sheet"),
    "unknown lead group": (("actions", 2, "lead_group", "Fire Group"), "'Fire Group' is not in the groups sheet"),
    "blue on a rag plan": (("actions", 2, "rag", "blue"), f"blue is not on the scale of {P1}: use red, amber, green"),
    "blue progress on a rag plan": (("progress", 2, "rag", "Blue"), f"blue is not on the scale of {P1}"),
    "progress for an unknown action": (("progress", 2, "ref", "9.9"), f"{P1} has no action 9.9 in the actions sheet"),
    "missing note": (("progress", 3, "note", " "), "a value is required."),
    # Read when the test runs, not when it is collected (a run may pass midnight).
    "future date": (("progress", 4, "date", tomorrow), "is in the future"),
    "rag disagreeing with the latest progress": (
        ("actions", 3, "rag", "amber"),
        "rag amber disagrees with the latest progress update (2017-02-01: green); "
        "put the rating on that progress row or leave this blank.",
    ),
}


@pytest.mark.parametrize("kind", ERRORS)
@pytest.mark.parametrize("stored", [False, True], ids=["empty database", "imported before"])
def test_each_error_is_located_and_nothing_is_written(kind, stored, workbook, as_csv):
    if stored:
        assert import_workbook(as_csv(workbook)).ok
    before, history = database(), history_count()
    (sheet, row, column, value), message = ERRORS[kind]
    set_cell(workbook, sheet, row, column, value() if callable(value) else value)
    result = import_workbook(as_csv(workbook))
    assert where(result) == [(sheet, row, column)], result.problems
    assert message in result.problems[0].message
    assert not result.committed
    assert database() == before
    assert history_count() == history


def test_a_duplicate_ref_is_an_error(workbook, as_csv):
    workbook["actions"].append([P1, "1.1", "2", "Tackle neglect", "Another action", *[""] * 7])
    result = import_workbook(as_csv(workbook))
    assert [str(p) for p in result.problems] == ["actions, row 7, ref: the same plan and ref as row 2."]
    assert not Plan.objects.exists()


def test_a_rating_disagreeing_with_an_unrated_update_says_not_rated(workbook, as_csv):
    workbook["progress"].append([P1, "1.3", "2017-01-10", "", "Evaluating the campaign", ""])
    result = import_workbook(as_csv(workbook))
    assert [str(p) for p in result.problems] == [
        "actions, row 4, rag: rag green disagrees with the latest progress update (2017-01-10: not rated); "
        "put the rating on that progress row or leave this blank."
    ]


def test_a_failed_row_is_not_reported_again_by_the_rows_that_refer_to_it(workbook, as_csv):
    set_cell(workbook, "priorities", 2, "title", "")  # priority 1 of P1: actions 1.1 to 1.3 refer to it
    set_cell(workbook, "actions", 3, "due_date", "someday")  # action 1.2: three progress rows refer to it
    result = import_workbook(as_csv(workbook))
    assert where(result) == [("priorities", 2, "title"), ("actions", 3, "due_date")]


def test_every_error_is_reported_at_once(workbook, as_csv):
    for (sheet, row, column, value), _message in (ERRORS["bad scale"], ERRORS["unknown lead group"]):
        set_cell(workbook, sheet, row, column, value)
    set_cell(workbook, "priorities", 4, "functions", "1z")
    set_cell(workbook, "progress", 6, "note", "")
    assert where(import_workbook(as_csv(workbook))) == [
        ("plans", 2, "rag_scale"),
        ("priorities", 4, "functions"),
        ("progress", 6, "note"),
    ]


# --- exporting ----------------------------------------------------------------------------------


@pytest.fixture
def a_board(manager):
    """Governance and two plans, made through the app: authors, lead groups, awkward text, two updates a day."""
    council = AgencyFactory(name="Westshire Council", sector="local_authority")
    qeg = GroupFactory(name="QEG", kind="subgroup")
    ann = PersonFactory(name="Ann Chair", email="ann@council.example", agency=council)
    carol = PersonFactory(name="Carol Lay", email=None, agency=None)
    MembershipFactory(group=qeg, person=ann, role="chair")
    plan = PlanFactory(title=P1, slug="2016-18", start=date(2016, 4, 1), end=date(2018, 3, 31))
    four = PlanFactory(title=P2, slug="four", start=date(2016, 4, 1), end=date(2018, 3, 31), scale="brag")
    cse = PriorityFactory(plan=plan, number=1, title="CSE", functions="1a;1c")
    neglect = PriorityFactory(plan=plan, number=2, title="Neglect")
    effective = PriorityFactory(plan=four, number=1, title="=Effectiveness")
    scale = ObjectiveFactory(priority=cse, text="Know the scale", order=1)
    safer = ObjectiveFactory(priority=cse, text="Children are safer", order=2)
    toolkit = ActionFactory(
        objective=ObjectiveFactory(priority=neglect, text="Tackle neglect"),
        ref="2.1",
        text="Toolkit",
        lead_group=qeg,
        due_date=date(2017, 3, 31),
        rating="amber",
        initial_rating="amber",
    )
    profile = ActionFactory(
        objective=scale, ref="1.1", text='Profile\n"draft"', by_whom="-QEG-", due_text="Sept 2016", measure="+1"
    )
    audit = ActionFactory(objective=scale, ref="1.2", text="Audit", intended_impact="Fewer missed referrals")
    ActionFactory(objective=safer, ref="1.10", text="Campaign")
    review = ActionFactory(objective=ObjectiveFactory(priority=effective, text="@board"), ref="1.1", text="Review")
    for target, day, rating, note, author in [
        (profile, date(2016, 6, 1), "red", "No plan yet", ann),
        (profile, date(2016, 10, 1), "green", "Published", carol),
        (profile, date(2016, 10, 1), "amber", "Withdrawn the same day", None),
        (audit, date(2016, 7, 1), "", "Started", None),
        (review, date(2017, 2, 1), "blue", "=Done", ann),
        (toolkit, date(2017, 4, 10), "green", "Launched", None),
    ]:
        services.action_record_progress(action=target, rating=rating, note=note, day=day, by=manager, author=author)
    assert {a.ref: a.rating for a in Action.objects.filter(plan=plan)} == {
        "1.1": "amber",
        "1.2": "",
        "1.10": "",
        "2.1": "green",
    }


def wipe() -> None:
    """Empty every plan and governance table (children before the records they protect)."""
    for model in (ProgressUpdate, Action, Objective, Priority, Plan, Attendance, Meeting, Membership, Person):
        model.objects.all().delete()
    Group.objects.update(parent=None)
    Group.objects.all().delete()
    Agency.objects.all().delete()


@pytest.mark.parametrize("target", ["board.xlsx", "csv-folder"])
def test_export_then_import_into_an_empty_database_gives_identical_data(target, a_board, tmp_path):
    before = {**snapshot(), **plan_snapshot()}
    assert all(plan_snapshot().values())
    export_workbook(tmp_path / target)
    wipe()
    assert not any({**snapshot(), **plan_snapshot()}.values())
    result = import_workbook(tmp_path / target)
    assert result.ok, result.problems
    after = {**snapshot(), **plan_snapshot()}
    for table in before:
        assert after[table] == before[table], table


def test_an_export_imports_back_unchanged(a_board, tmp_path):
    export_workbook(tmp_path / "board.xlsx")
    before, history = database(), history_count()
    result = import_workbook(tmp_path / "board.xlsx")
    assert result.ok and result.changes == []
    assert database() == before
    assert history_count() == history


def test_the_plan_sheets_are_exported_with_every_column(a_board, tmp_path):
    export_workbook(tmp_path / "board.xlsx")
    book = load_workbook(tmp_path / "board.xlsx")
    assert book.sheetnames[-5:] == ["scales", *PLAN]
    # The plans sheet names each plan's scale and carries its key, a column per level code in play.
    # Format 2: each sheet of a board's plan names its board first.
    headers = {**{name: ["board", *rows[0]] for name, rows in PLAN.items()}, "scales": [*SCALE_HEADER]}
    headers["plans"] = [
        "board",
        "title",
        "start",
        "end",
        "scale",
        "red_meaning",
        "amber_meaning",
        "green_meaning",
        "blue_meaning",
    ]
    assert {name: [cell.value for cell in book[name][1]] for name in headers} == headers
    assert {row[0].value for name in PLAN for row in book[name].iter_rows(min_row=2)} == {default_board().name}
    plans = [[cell.value for cell in row][1:] for row in book["plans"].iter_rows(min_row=2)]
    assert [row[3:] for row in plans] == [
        [
            "rag",
            "No implementation plan in place",
            "A delay, but the action is still planned",
            "Action plan completed",
            None,
        ],
        ["brag", "No implementation plan in place", "A delay, but the action is still planned", "On track", "Complete"],
    ]
    actions = [[cell.value for cell in row][1:] for row in book["actions"].iter_rows(min_row=2)]
    # In the plan's order, the current rating in `rag`; text a spreadsheet would run is quoted.
    assert [(row[0], row[1], row[2], row[3], row[-1]) for row in actions] == [
        (P1, "1.1", 1, "Know the scale", "amber"),
        (P1, "1.2", 1, "Know the scale", None),
        (P1, "1.10", 1, "Children are safer", None),
        (P1, "2.1", 2, "Tackle neglect", "green"),
        (P2, "1.1", 1, "'@board", "blue"),
    ]
    assert actions[0][4:7] == ['Profile\n"draft"', "'-QEG-", None]
    progress = [[cell.value for cell in row][1:] for row in book["progress"].iter_rows(min_row=2)]
    assert progress[:3] == [
        [P1, "1.1", "2016-06-01", "red", "No plan yet", "ann@council.example", None],
        [P1, "1.1", "2016-10-01", "green", "Published", "Carol Lay", None],
        [P1, "1.1", "2016-10-01", "amber", "Withdrawn the same day", None, None],
    ]
    assert len(progress) == ProgressUpdate.objects.count()


def test_a_board_without_a_plan_exports_no_plan_sheets(tmp_path):
    tables = export_workbook(tmp_path / "empty.xlsx")
    assert [table.name for table in tables] == ["boards", *BOARD]
    PlanFactory(title=P1)
    assert [table.name for table in export_workbook(tmp_path / "plan.xlsx")] == ["boards", *BOARD, "scales", *PLAN]


# --- a real board's plan and the year-end summary -----------------------------------------------

# Five priorities of 7, 6, 6, 6 and 6 actions (31), two or three objectives each; 84 notes, no rating.
REAL_PRIORITIES = [
    ("Child Sexual Exploitation and Missing", 7),
    ("Neglect", 6),
    ("Voice of the Child", 6),
    ("Domestic Abuse", 6),
    ("The board's own effectiveness", 6),
]
NOTE_DAYS = ["2016-06-15", "2016-11-02", "2017-02-20"]


def real_board() -> dict[str, list[list]]:
    plan = "Business Plan 2016-18"
    book = {
        "plans": [["title", "start", "end"], [plan, "2016-04-01", "2018-03-31"]],
        "priorities": [["plan", "number", "title", "functions"]],
        "actions": [["plan", "ref", "priority", "objective", "action", "by_whom", "due_text"]],
        "progress": [["plan", "ref", "date", "note"]],
    }
    for number, (title, size) in enumerate(REAL_PRIORITIES, start=1):
        book["priorities"].append([plan, str(number), title, "1c"])
        for index in range(1, size + 1):
            ref = f"{number}.{index}"
            objective = f"Objective {number}.{(index - 1) // 3 + 1}"  # three actions to an objective
            book["actions"].append([plan, ref, str(number), objective, f"Action {ref}", "QEG", "Ongoing"])
    refs = [row[1] for row in book["actions"][1:]]
    for position, ref in enumerate(refs):
        for day in NOTE_DAYS[: 3 if position < 22 else 2]:  # 22 x 3 + 9 x 2 = 84
            book["progress"].append([plan, ref, day, f"Progress on {ref} as at {day}"])
    return book


def yearend(year: str) -> dict:
    out = StringIO()
    call_command("yearend", year, stdout=out)
    return json.loads(out.getvalue())


def test_a_real_board_without_ratings_counts_every_action_unrated(as_csv):
    book = real_board()
    assert (len(book["actions"]) - 1, len(book["progress"]) - 1) == (31, 84)
    result = import_workbook(as_csv(book))
    assert result.ok, result.problems
    assert counts(result)["progress"] == (84, 0, 0)
    [plan] = yearend("2016-17")["plans"]
    assert plan["rag_totals"] == {"red": 0, "amber": 0, "green": 0, "unrated": 31}
    assert [(p["number"], p["title"], [a["ref"] for a in p["actions"]]) for p in plan["priorities"]] == [
        (number, title, [f"{number}.{index}" for index in range(1, size + 1)])
        for number, (title, size) in enumerate(REAL_PRIORITIES, start=1)
    ]
    actions = [a for p in plan["priorities"] for a in p["actions"]]
    assert {a["rag"] for a in actions} == {None}
    assert [p["rag_totals"]["unrated"] for p in plan["priorities"]] == [7, 6, 6, 6, 6]
    assert sum(len(a["progress"]) for a in actions) == 84
    assert actions[3]["objective"] == "Objective 1.2"
    assert Objective.objects.count() == 11


def test_an_unchanged_plan_costs_a_few_reads_whatever_its_size(as_csv, django_assert_max_num_queries):
    book = real_board()
    assert import_workbook(as_csv(book)).ok
    with django_assert_max_num_queries(12):
        result = import_workbook(as_csv(book))
    assert result.ok and result.changes == []


def test_a_rating_dated_after_31_march_counts_in_the_next_year(as_csv):
    book = real_board()
    assert import_workbook(as_csv(book)).ok
    book["progress"][0].insert(3, "rag")
    for row in book["progress"][1:]:
        row.insert(3, "")
    book["progress"].append(["Business Plan 2016-18", "1.1", "2017-04-10", "green", "Profile published"])
    result = import_workbook(as_csv(book))
    assert result.ok, result.problems
    assert counts(result)["progress"] == (1, 0, 84)
    assert Action.objects.get(ref="1.1").rating == "green"
    [plan] = yearend("2016-17")["plans"]
    assert plan["rag_totals"] == {"red": 0, "amber": 0, "green": 0, "unrated": 31}
    first = plan["priorities"][0]["actions"][0]
    assert (first["ref"], first["rag"], [n["date"] for n in first["progress"]]) == ("1.1", None, NOTE_DAYS)
    [plan] = yearend("2017-18")["plans"]
    assert plan["rag_totals"] == {"red": 0, "amber": 0, "green": 1, "unrated": 30}


# --- the browser import -------------------------------------------------------------------------


def test_the_manager_imports_a_plan_through_the_browser(
    client_for, manager, workbook, as_xlsx, settings, tmp_path, board
):
    settings.LSCB_WORKBOOK_UPLOAD_DIR = tmp_path / "uploads"
    client = client_for(manager)
    path: Path = as_xlsx(workbook)
    upload = SimpleUploadedFile("plan.xlsx", path.read_bytes(), content_type="application/octet-stream")
    preview = reverse("workbook:import-preview", args=[board.slug])
    assert client.post(reverse("workbook:import", args=[board.slug]), {"file": upload}).url == preview
    html = client.get(preview).content.decode()
    assert "Confirm import" in html
    for name, count in PLAN_COUNTS.items():
        assert f'<th scope="row">{name}</th><td class="text-end">{count}</td>' in html
    assert f"{P1} / 1.2 / 01/06/2016" in html
    assert not Plan.objects.exists()  # the preview wrote nothing

    client.post(reverse("workbook:import-confirm", args=[board.slug]))
    assert plan_snapshot()["plans"] == {
        P1: (date(2016, 4, 1), date(2018, 3, 31), "rag"),
        P2: (date(2016, 4, 1), date(2018, 3, 31), "brag"),
    }
    assert ProgressUpdate.objects.count() == PLAN_COUNTS["progress"]
    assert {u.recorded_by for u in ProgressUpdate.objects.all()} == {manager}


def test_a_change_of_scale_brings_the_default_meanings_along(workbook, as_csv):
    assert import_workbook(as_csv(workbook)).ok
    plan = Plan.objects.get(title=P1)
    plan.levels[0]["meaning"] = "No owner yet"  # the plan's own word for red
    services.plan_save(plan=plan, by=None)
    set_cell(workbook, "plans", 2, "rag_scale", "brag")
    assert import_workbook(as_csv({"plans": workbook["plans"]})).ok
    plan = Plan.objects.get(pk=plan.pk)
    # Its own word for red stays; green's usual words give way to the four-level scale's.
    assert (plan.scale, plan.meaning("red"), plan.meaning("green"), plan.meaning("blue")) == (
        "brag",
        "No owner yet",
        "On track",
        "Complete",
    )
