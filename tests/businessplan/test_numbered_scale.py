"""A plan on a board's own numbered scale (1 Achieved .. 4 Not achieved), imported from the board
workbook: its own labels, colours and key on every page, chart and export; totals by level code."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from businessplan import services
from businessplan.models import Action, Plan, ready_made_levels
from businessplan.reports import plans_in_period
from lscb.workbook import export_workbook, import_workbook
from lscb.years import ReportingYear
from tests.businessplan.chips import chips
from tests.factories import ActionFactory, ObjectiveFactory, PlanFactory, PriorityFactory, default_board
from tests.workbook.helpers import write_csvs
from yearend.dashboard import plan_figures
from yearend.report import rag_chart
from yearend.summary import plans_section

pytestmark = pytest.mark.django_db

TITLE = (
    "Business Plan 2015\u201317: \u201cSafeguarding is everyone\u2019s business\u201d \u2014 \u00c9coles et familles"
)
MEANING_3 = "Slipped: behind the date in the plan,\nwith a recovery plan agreed by the lead"
LEVELS = [
    ("1", "1 Achieved", "#1f5fbf", "Achieved, with evidence of impact", "1", "yes"),
    ("2", "2 On track", "#2e8b57", "On track", "2", "no"),
    ("3", "3 Slipped", "#ffd700", "Slipped", "3", "no"),
    ("4", "4 Not achieved", "#7b1fa2", "Not achieved", "4", "no"),
]
ACTION_HEADER = ["plan", "ref", "priority", "objective", "action", "by_whom", "due_text", "rag"]
YEAR = ReportingYear(2015)


def numbered_workbook(**changes) -> dict[str, list[list[str]]]:
    book = {
        "scales": [
            ["scale", "code", "label", "colour", "meaning", "position", "complete"],
            *[["numbered", *level] for level in LEVELS],
        ],
        "plans": [
            ["title", "start", "end", "scale", "1_meaning", "3_meaning"],
            [TITLE, "2015-04-01", "2017-03-31", "Numbered", "", MEANING_3],
        ],
        "priorities": [["plan", "number", "title"], [TITLE, "1", "Neglect \u2013 early help for families"]],
        "actions": [
            ACTION_HEADER,
            [TITLE, "1.1", "1", "Families get help early", "Thresholds", "LSCB", "Sept 2015", "1 ACHIEVED"],
            [TITLE, "1.2", "1", "Families get help early", "Audit", "QEG", "Ongoing", ""],
            [TITLE, "1.3", "1", "Families get help early", "Campaign", "", "", "4"],
            [TITLE, "1.4", "1", "Families get help early", "Toolkit", "", "", ""],
        ],
        "progress": [
            ["plan", "ref", "date", "rag", "note"],
            [TITLE, "1.2", "2015-06-01", "2 On track", "Started the audit"],
            [TITLE, "1.2", "2016-01-10", "3", "Delayed: cases not ready"],
        ],
    }
    book.update(changes)
    return book


@pytest.fixture
def numbered(tmp_path, manager):
    result = import_workbook(write_csvs(tmp_path / "numbered", numbered_workbook()), by=manager)
    assert result.ok, result.problems
    return Plan.objects.get()


def test_the_workbook_gives_the_plan_its_own_scale_and_key(numbered):
    assert (numbered.scale, numbered.ratings, numbered.complete_ratings) == ("numbered", ["1", "2", "3", "4"], ["1"])
    assert [level.label for level in numbered.scale_levels] == [level[1] for level in LEVELS]
    # The scales sheet gives the usual key; the plan's <code>_meaning cells give its own.
    assert [numbered.meaning(code) for code in numbered.ratings] == [
        "Achieved, with evidence of impact",
        "On track",
        MEANING_3,
        "Not achieved",
    ]
    # Ratings by label or code, in any case; the history decides 1.2.
    assert dict(Action.objects.values_list("ref", "rating")) == {"1.1": "1", "1.2": "3", "1.3": "4", "1.4": ""}


def test_the_plan_page_shows_the_plan_s_labels_colours_and_key(
    numbered, client_for, board_member, django_assert_max_num_queries
):
    client = client_for(board_member)
    with django_assert_max_num_queries(20):
        page = client.get(numbered.get_absolute_url()).content.decode()
    shown = chips(page)
    assert ("1 Achieved", "#1f5fbf") in shown and ("4 Not achieved", "#7b1fa2") in shown
    assert ("3 Slipped 1", "#ffd700") in shown  # the priority's total, keyed by code
    assert ("Not rated 1", None) in shown
    assert "Achieved, with evidence of impact" in page and "with a recovery plan agreed by the lead" in page
    assert "rag-red" not in page and "Red" not in page
    assert page.count('style="') == 0  # colours are SVG fills: the CSP allows no inline style


def test_the_plan_s_exports_use_its_labels_and_key(numbered, client_for, board_member):
    client = client_for(board_member)
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(reverse("businessplan:plan-export", args=[numbered.board.slug, numbered.slug, "xlsx"])).content
        )
    )
    rows = list(book["Plan"].iter_rows(min_row=3, values_only=True))
    assert rows[0][-1] == "Rating"
    assert [row[-1] for row in rows[1:]] == ["1 Achieved", "3 Slipped", "4 Not achieved", "Not rated"]
    assert next(book["Totals"].iter_rows(values_only=True)) == (
        "Priority",
        "1 Achieved",
        "2 On track",
        "3 Slipped",
        "4 Not achieved",
        "Not rated",
    )
    assert [row[:2] for row in book["Key"].iter_rows(min_row=2, values_only=True)][2] == ("3 Slipped", MEANING_3)
    document = Document(
        io.BytesIO(
            client.get(reverse("businessplan:plan-export", args=[numbered.board.slug, numbered.slug, "docx"])).content
        )
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "4 Not achieved" in cells and MEANING_3 in cells and "Red" not in cells
    changes = client.get(
        reverse("businessplan:changes", args=[numbered.board.slug, numbered.slug]),
        {"start": "2015-05-01", "end": "2016-03-31", "_export": "csv"},
    )
    lines = list(csv.reader(io.StringIO(changes.content.decode("utf-8-sig"))))
    assert [line[3:5] for line in lines[1:]] == [["Not rated", "3 Slipped"]]


def test_the_dashboard_and_charts_use_the_plan_s_labels_and_colours(numbered, client_for, board_member):
    figures = plan_figures(default_board(), date(2016, 2, 1), YEAR)
    [rag] = figures.plans
    assert rag.totals == {"1": 1, "2": 0, "3": 1, "4": 1, "unrated": 1}
    assert [(s.label, s.colour) for s in rag.chart.series] == [
        ("1 Achieved", "#1f5fbf"),
        ("2 On track", "#2e8b57"),
        ("3 Slipped", "#ffd700"),
        ("4 Not achieved", "#7b1fa2"),
        ("Not rated", "#9aa0a6"),
    ]
    page = client_for(board_member).get(reverse("board-home", args=[default_board().slug])).content.decode()
    assert ("1 1 Achieved", "#1f5fbf") in chips(page)
    [year] = plans_in_period(YEAR.start, YEAR.end, board=default_board())
    chart = rag_chart(year, YEAR)
    assert [(s.label, s.colour, s.values) for s in chart.series][2] == ("3 Slipped", "#ffd700", (1,))
    assert "RAG" not in chart.title


def test_the_year_end_json_carries_the_plan_s_levels(numbered):
    [plan] = plans_section(YEAR, default_board())["plans"]
    assert plan["scale"] == "numbered"
    assert plan["levels"][0] == {
        "code": "1",
        "label": "1 Achieved",
        "colour": "#1f5fbf",
        "meaning": "Achieved, with evidence of impact",
        "complete": True,
    }
    assert plan["rag_totals"] == {"1": 1, "2": 0, "3": 1, "4": 1, "unrated": 1}
    assert [a["rag"] for a in plan["priorities"][0]["actions"]] == ["1", "3", "4", None]


def test_export_then_import_gives_back_the_same_plan(numbered, tmp_path):
    before = (numbered.scale, numbered.levels)
    export_workbook(tmp_path / "board.xlsx")
    book = openpyxl.load_workbook(tmp_path / "board.xlsx")
    assert next(row[:3] for row in book["scales"].iter_rows(min_row=2, values_only=True)) == (
        "numbered",
        "1",
        "1 Achieved",
    )
    header = [cell.value for cell in book["plans"][1]]
    assert header == ["board", "title", "start", "end", "scale", "1_meaning", "2_meaning", "3_meaning", "4_meaning"]
    again = import_workbook(tmp_path / "board.xlsx")
    assert again.ok and again.changes == []
    Plan.objects.all().delete()
    assert import_workbook(tmp_path / "board.xlsx").ok
    plan = Plan.objects.get()
    assert (plan.scale, plan.levels) == before
    assert dict(Action.objects.values_list("ref", "rating")) == {"1.1": "1", "1.2": "3", "1.3": "4", "1.4": ""}


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        (
            {"actions": [ACTION_HEADER, [TITLE, "1.1", "1", "X", "", "", "", "5"]]},
            ("actions", 2, "rag"),
            "5 is not on the scale of",
        ),
        (
            {
                "plans": [
                    ["title", "start", "end", "scale", "purple_meaning"],
                    [TITLE, "2015-04-01", "2017-03-31", "numbered", "x"],
                ]
            },
            ("plans", 1, "purple_meaning"),
            "unknown column",
        ),
        (
            {
                "plans": [
                    ["title", "start", "end", "scale", "blue_meaning"],
                    [TITLE, "2015-04-01", "2017-03-31", "numbered", "x"],
                ]
            },
            ("plans", 2, "blue_meaning"),
            "the scale numbered has no level blue",
        ),
        (
            {"plans": [["title", "start", "end", "scale"], [TITLE, "2015-04-01", "2017-03-31", "lettered"]]},
            ("plans", 2, "scale"),
            "'lettered' is not a scale",
        ),
    ],
)
def test_off_scale_cells_are_refused_where_they_are(tmp_path, changes, where, message):
    result = import_workbook(write_csvs(tmp_path / "bad", numbered_workbook(**changes)))
    assert not result.ok and not Plan.objects.exists()
    found = [p for p in result.problems if (p.sheet, p.row, p.column) == where]
    assert found and message in found[0].message, result.problems


def test_a_scale_that_drops_a_recorded_rating_is_refused(numbered, client_for, manager):
    numbered.levels = [level for level in numbered.levels if level["code"] != "4"]
    with pytest.raises(Exception, match=r"rated 4 \(1\.3\)"):
        services.plan_save(plan=numbered, by=manager)
    data = {
        "title": TITLE,
        "slug": numbered.slug,
        "start": "2015-04-01",
        "end": "2017-03-31",
        "status": "active",
        "scale": "rag",
    }
    page = client_for(manager).post(reverse("businessplan:plan-edit", args=[numbered.board.slug, numbered.slug]), data)
    assert page.status_code == 200
    assert "Actions of this plan have been rated 1 (1.1); 3 (1.2); 4 (1.3)" in page.content.decode()
    assert Plan.objects.get().scale == "numbered"


def test_overdue_reads_the_complete_levels_of_plans_already_held(numbered, django_assert_num_queries):
    Action.objects.filter(ref__in=["1.1", "1.3"]).update(due_date=date(2016, 1, 1))
    plans = list(Plan.objects.all())
    with django_assert_num_queries(1):  # the actions only: "1 Achieved" is complete on this scale
        assert [a.ref for a in Action.objects.overdue(date(2016, 2, 1), plans=plans)] == ["1.3"]
    with django_assert_num_queries(2):  # the plans are read first when not given
        assert [a.ref for a in Action.objects.overdue(date(2016, 2, 1))] == ["1.3"]


def test_the_plan_form_keeps_a_ready_made_scale_with_the_plan_s_own_key(client_for, manager):
    data = {
        "title": "Plan 2016\u201318 \u00e0 la carte",
        "start": "2016-04-01",
        "end": "2018-03-31",
        "status": "active",
        "scale": "rag",
        "levels-TOTAL_FORMS": "3",
        "levels-INITIAL_FORMS": "0",
    }
    words = ["No lead yet,\nnor a date", "Late \u2013 but agreed", "Done \U0001f389"]
    for number, (code, meaning) in enumerate(zip(["red", "amber", "green"], words, strict=True)):
        data.update({f"levels-{number}-code": code, f"levels-{number}-label": code.title()})
        data.update({f"levels-{number}-colour": "#000000", f"levels-{number}-meaning": meaning})
    response = client_for(manager).post(reverse("businessplan:plan-create", args=[default_board().slug]), data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    # Ready-made labels and colours; the meanings are the plan's own.
    assert [(lv.label, lv.colour, lv.meaning) for lv in plan.scale_levels] == [
        ("Red", "#c0392b", words[0]),
        ("Amber", "#e0a800", words[1]),
        ("Green", "#2e8b57", words[2]),
    ]


def test_the_preview_says_which_level_of_the_key_changed(numbered, tmp_path):
    book = numbered_workbook()
    book["plans"][1][-1] = "Slipped: more than a quarter late"
    result = import_workbook(write_csvs(tmp_path / "again", book), dry_run=True)
    [change] = [c for c in result.changes if c.sheet == "plans"]
    [field] = change.fields
    assert (field.column, field.old, field.new) == (
        "levels",
        f"3 = 3 Slipped (#ffd700): {MEANING_3}",
        "3 = 3 Slipped (#ffd700): Slipped: more than a quarter late",
    )


def test_the_action_page_history_and_form_speak_the_plan_s_words(numbered, client_for, manager):
    client = client_for(manager)
    page = client.get(
        reverse("businessplan:action-detail", args=[numbered.board.slug, numbered.slug, "1.2"])
    ).content.decode()
    assert [text for text, _ in chips(page)][:3] == ["3 Slipped", "3 Slipped", "2 On track"]
    assert f'<option value="3" selected>3 Slipped: {MEANING_3}</option>' in page
    review = client.get(
        reverse("businessplan:review", args=[numbered.board.slug, numbered.slug]), {"as_at": "01/03/2016"}
    )
    assert ("4 Not achieved 1", "#7b1fa2") in chips(review.content.decode())


@pytest.mark.parametrize(
    ("scale", "behind", "words"),
    [("rag", ["red", "amber"], "red or amber"), ("brag", ["red", "amber"], "red or amber")],
)
def test_little_progress_means_the_levels_short_of_on_track(scale, behind, words):
    plan = Plan(scale=scale, levels=ready_made_levels(scale))
    assert (plan.behind_ratings, plan.behind_words) == (behind, words)


def test_on_a_numbered_scale_little_progress_is_slipped_or_not_achieved():
    levels = [
        {"code": "1", "label": "Achieved", "colour": "#2e7d32", "meaning": "", "complete": True},
        {"code": "2", "label": "On track", "colour": "#1565c0", "meaning": "", "complete": False},
        {"code": "3", "label": "Slipped", "colour": "#ef6c00", "meaning": "", "complete": False},
        {"code": "4", "label": "Not achieved", "colour": "#c62828", "meaning": "", "complete": False},
    ]
    plan = Plan(scale="numbered", levels=levels)
    assert (plan.behind_ratings, plan.behind_words) == (["3", "4"], "slipped or not achieved")


def test_the_plan_page_lists_actions_in_the_order_people_read_refs(client_for, manager):
    plan = PlanFactory()
    priority = PriorityFactory(plan=plan, number=1)
    objective = ObjectiveFactory(priority=priority)
    for ref in ("1.10", "1.2", "1.1"):
        ActionFactory(plan=plan, objective=objective, ref=ref)
    page = (
        client_for(manager).get(reverse("businessplan:plan-detail", args=[plan.board.slug, plan.slug])).content.decode()
    )
    assert page.index(">1.1<") < page.index(">1.2<") < page.index(">1.10<")
