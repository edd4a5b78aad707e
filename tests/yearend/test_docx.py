"""The annual report as a Word document: a small board's 2015-16, worked out by hand, read back with python-docx."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from businessplan.models import Action, Plan, ProgressUpdate
from governance.models import Group
from lscb.years import ReportingYear
from tests.factories import ActionFactory, AgencyFactory, ChallengeFactory, default_board
from tests.yearend.test_report import long_text
from yearend.docx import INTRODUCTION_PLACEHOLDER, report_docx
from yearend.models import Narrative
from yearend.report import build_report

pytestmark = pytest.mark.django_db

BOARD_NAME = "Testshire Safeguarding Children Board"
YEAR = ReportingYear.parse("2015-16")


def render() -> Document:
    return Document(io.BytesIO(report_docx(build_report(YEAR, default_board()))))


def blocks(document) -> list:
    """The body in order: paragraphs and tables."""
    found = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            found.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            found.append(Table(child, document))
    return found


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def under(document, *path: str) -> list:
    """The blocks after the headings `path` (each found after the one before) up to the next heading."""
    items, start = blocks(document), 0
    for title in path:
        start = next(
            n + 1
            for n, block in enumerate(items)
            if n >= start and isinstance(block, Paragraph) and block.style.name.startswith("Heading")
            if block.text == title
        )
    section = []
    for block in items[start:]:
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            break
        section.append(block)
    return section


def texts(blocks_: list) -> list[str]:
    return [block.text for block in blocks_ if isinstance(block, Paragraph) and block.text]


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_under(document, *path: str) -> Table:
    return next(block for block in under(document, *path) if isinstance(block, Table))


def test_headings_in_order(board):
    assert headings(render()) == [
        "The chair's introduction",
        "Governance",
        "The board and its groups",
        "Membership by agency",
        "Commentary",
        "Attendance",
        # The board's own order: the board, then the committee that reports to it (not by name).
        "Safeguarding Board",
        "Business Committee",
        "Meetings planned and held",
        "Progress against priorities",
        "Business Plan 2015-17",
        "Priority 1: Neglect",
        "Priority 2: Voice of the child",
        "Actions whose rating moved during the year",
        "Areas with little or no progress",
        "Improvement through challenge",
        "What remains open",
        "Learning from reviews",
        "Rapid reviews",
        "Local child safeguarding practice reviews",
        "National reviews adopted",
        "Recommendations of local and national reviews: decisions and actions taken",
        "Decided not to implement",
        "Evidence of impact",
        "Quality assurance and audit",
        "Audits in 2015-16",
        "Sources of assurance",
        "The views of children and families",
        "How the views of children and families were sought and used",
        "Statutory checklist",
        "Data appendix",
        "Safeguarding Board: attendance by agency",
        "Business Committee: attendance by agency",
        "Business Plan 2015-17: RAG ratings at 31/03/2016 by priority",
        "Glossary",  # of the abbreviations the report uses (RAG)
    ]


def test_cover_contents_and_the_empty_introduction(board):
    document = render()
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", BOARD_NAME)
    assert [p.text for p in paragraphs[1:4]] == [
        "Annual report 2015-16",
        "1 April 2015 to 31 March 2016",
        "The safeguarding partners' yearly report under Working Together to Safeguard Children 2023",
    ]
    assert paragraphs[4].text.startswith("Generated from the board's records on ")
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert instructions == [' TOC \\o "1-3" \\h \\z \\u ']
    assert "Right-click to update the contents." in [p.text for p in paragraphs]
    assert texts(under(document, "The chair's introduction")) == [INTRODUCTION_PLACEHOLDER]


def test_a_written_introduction_replaces_the_placeholder(board):
    Narrative.objects.create(board=default_board(), year="2015-16", section="introduction", text="A year of change.")
    document = render()
    assert texts(under(document, "The chair's introduction")) == ["A year of change."]
    assert INTRODUCTION_PLACEHOLDER not in [p.text for p in document.paragraphs]


def test_narrative_sits_under_its_heading(board):
    document = render()
    assert texts(under(document, "Governance", "Commentary")) == ["The board reviewed its terms.", "Twice."]
    assert texts(under(document, "How the views of children and families were sought and used")) == [
        "A young people's panel met termly."
    ]
    # Topics with no narrative get no heading.
    assert "Training and workforce development" not in headings(document)


def test_governance_tables(board):
    document = render()
    assert rows(table_under(document, "The board and its groups")) == [
        ["Group", "Kind", "Reports to", "Chair(s)", "Vice-chair(s)", "Joint with", "Meets"],
        [
            "Safeguarding Board",
            "Board",
            "",
            "Bob Brown (Constabulary)",
            "Zoë Young (Children's Services)",
            "",
            "Bi-monthly, 6 a year",
        ],
        ["Business Committee", "Committee", "Safeguarding Board", "", "", "Dale LSCB", "Bi-monthly, 6 a year"],
    ]
    assert rows(table_under(document, "Membership by agency"))[1:3] == [
        ["Children's Services", "Health", "1", "Safeguarding Board"],
        # An agency's groups in the board's order too.
        ["Constabulary", "Police", "1", "Safeguarding Board, Business Committee"],
    ]


def test_attendance_rates_this_year_and_last(board):
    document = render()
    section = under(document, "Attendance", "Safeguarding Board")
    assert texts(section) == [
        "4 held of 5 planned; 1 cancelled (staff absence: 1).",
        "Did not attend any meeting it was expected at: National Commissioning Board.",
        "Held, but no register recorded (left out of the rates): 03/06/2015.",
    ]
    assert rows(table_under(document, "Attendance", "Safeguarding Board")) == [
        ["Agency", "Expected", "Attended", "Rate 2015-16", "Rate 2014-15"],
        ["Children's Services", "3", "1", "33% (below 50%)", "0%"],
        ["Constabulary", "3", "2", "67%", "100%"],
        ["National Commissioning Board", "3", "0", "0% (below 50%)", "n/a"],
        ["Voluntary Forum", "0", "1", "Attended when not expected", "n/a"],
    ]


def test_planned_versus_held_for_every_group_with_a_totals_row(board):
    table = table_under(render(), "Meetings planned and held")
    assert rows(table) == [
        [
            "Group",
            "Planned",
            "Held",
            "Held (%)",
            "Cancelled: not required this time",
            "Cancelled: staff absence",
            "Cancelled: inquorate",
            "Cancelled: other",
        ],
        ["Safeguarding Board", "5", "4", "80%", "0", "1", "0", "0"],
        ["Business Committee", "2", "1", "50%", "1", "0", "0", "0"],
        ["All groups", "7", "5", "71%", "1", "1", "0", "0"],
    ]
    assert all(run.bold for cell in table.rows[-1].cells for run in cell.paragraphs[0].runs)


def test_plan_ratings_as_at_31_march(board):
    document = render()
    assert texts(under(document, "Priority 1: Neglect")) == ["At 31/03/2016: 0 red, 0 amber, 1 green, 1 not rated."]
    table = table_under(document, "Priority 1: Neglect")
    assert rows(table) == [
        [
            "Ref",
            "Objective",
            "Action",
            "Intended impact",
            "Measure",
            "By whom",
            "By when",
            "RAG at 31 March 2016",
            "Progress in the year",
        ],
        # The amber of 01/04/2016 belongs to the next year.
        [
            "1.1",
            "Know neglect",
            "Toolkit",
            "",
            "",
            "QEG",
            "Sept 2015",
            "Green",
            "01/05/2015: Drafting\n31/03/2016: Launched",
        ],
        ["1.2", "", "Audit", "", "", "", "", "Not rated", ""],
    ]
    fill = table.rows[1].cells[7]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "B6D6C4"  # a tint of the plan's green (#2e8b57), under the word
    assert rows(table_under(document, "Priority 2: Voice of the child"))[1][6:8] == ["31/01/2016", "Amber"]
    assert rows(table_under(document, "Actions whose rating moved during the year")) == [
        ["Ref", "Action", "From", "To"],
        ["1.1", "Toolkit", "Not rated", "Green"],
        ["2.1", "Survey", "Red", "Amber"],
    ]
    assert rows(table_under(document, "Areas with little or no progress")) == [
        ["Ref", "Action", "Rating", "Latest note"],
        ["2.1", "Survey", "Amber", "01/09/2015: Pilot delayed"],
    ]


def test_challenges_and_what_remains_open(board):
    document = render()
    section = under(document, "Improvement through challenge")
    assert texts(section) == [
        "2 challenges were live during the year: 2 raised in it, 1 closed by 31/03/2016 and 1 still open then.",
        # Outcomes by category (this one was closed before categories were kept).
        "Outcomes of the 1 closed by 31/03/2016: resolved 0; partly resolved 0; not resolved 0; withdrawn 0; "
        "not recorded 1.",
    ]
    assert rows(table_under(document, "Improvement through challenge")) == [
        ["Ref", "Raised on", "Agency", "Subject", "Status", "Outcome", "Escalated to"],
        [
            "CH-1",
            "01/05/2015",
            "Health Commissioners",
            "Health assessments",
            "Closed 15/01/2016",
            "Not recorded. Compliance improved markedly.",
            "",
        ],
        ["CH-2", "01/11/2015", "Department for Education", "Language schools", "Escalated", "", "Secretary of State"],
    ]
    assert texts(under(document, "What remains open")) == [
        "CH-2: Language schools (Department for Education), raised on 01/11/2015; now Escalated."
    ]


def test_checklist_statuses(board):
    assert [row[1] for row in rows(table_under(render(), "Statutory checklist"))] == [
        "Covered by",
        "Section: Attendance",
        "Section: Improvement through challenge (training figures to come from the training records)",
        "Section: Progress against priorities (areas with little or no progress)",
        "Missing: write “Learning from rapid reviews and child safeguarding practice reviews” "
        "(or record the recommendations and their updates in the reviews register)",
        "Narrative: How the views of children and families were sought and used",
        "Missing: write “How the arrangements are funded: budget and partners' contributions” "
        "(to come from the budget and partners' contributions)",
        "Narrative: Commentary: governance and independent scrutiny",
    ]


def test_every_chart_is_a_picture_and_its_figures_are_in_the_appendix(board):
    report = build_report(YEAR, default_board())
    document = Document(io.BytesIO(report_docx(report)))
    assert len(report.charts) == 3
    assert len(document.inline_shapes) == 3
    titles = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert titles == [chart.title for chart in report.charts]
    assert all(shape.width <= Cm(25.7) for shape in document.inline_shapes)
    assert rows(table_under(document, "Data appendix", "Safeguarding Board: attendance by agency")) == [
        ["Agency", "2014-15", "2015-16"],
        ["Children's Services", "0%", "33%"],
        ["Constabulary", "100%", "67%"],
        ["National Commissioning Board", "n/a", "0%"],
    ]


def test_layout_and_editing_aids(board):
    document = render()
    first, landscape, last = document.sections
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1), round(first.left_margin.cm, 1)) == (
        21.0,
        29.7,
        2.0,
    )
    assert round(landscape.page_width.cm, 1) == 29.7 and round(last.page_width.cm, 1) == 21.0
    assert first.header.paragraphs[0].text == f"{BOARD_NAME} \N{EN DASH} Annual report 2015-16"
    assert landscape.header.is_linked_to_previous and not landscape.different_first_page_header_footer
    footer = [t.text.strip() for t in first.footer._element.iter(qn("w:instrText"))]
    assert footer == ["PAGE", "NUMPAGES"]
    for table in document.tables:
        assert table.style.name == "Table Grid"
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        # Every row of this small board's short texts stays on one page (long ones may not: below).
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_the_command_writes_a_word_file(board, tmp_path):
    target = tmp_path / "report-2015-16.docx"
    out = StringIO()
    call_command("yearend", "2015-16", "--format", "docx", "--output", str(target), stdout=out)
    assert out.getvalue() == f"Wrote the 2015-16 annual report of NSCP to {target}.\n"
    document = Document(str(target))
    assert document.paragraphs[0].text == BOARD_NAME
    assert "Statutory checklist" in headings(document)


def test_the_command_needs_output_for_a_word_file(board):
    with pytest.raises(CommandError, match=r"--format docx writes a binary file: give --output FILE"):
        call_command("yearend", "2015-16", "--format", "docx", stdout=StringIO())


def test_the_plans_own_key_sits_above_its_tables(board):
    plan = Plan.objects.get(title="Business Plan 2015-17")
    # The plan's own words for each level (its key), kept as the plan published them.
    plan.levels = [
        {"code": "red", "label": "Red", "colour": "#c0392b", "meaning": "Not started: no plan in place"},
        {"code": "amber", "label": "Amber", "colour": "#e0a800", "meaning": "Started, going slowly\nbut planned"},
        {"code": "green", "label": "Green", "colour": "#2e8b57", "meaning": "Achieved", "complete": True},
    ]
    plan.save()
    document = render()
    assert "Key to the ratings:" in texts(under(document, "Business Plan 2015-17"))
    assert rows(table_under(document, "Business Plan 2015-17")) == [
        ["Rating", "Meaning"],
        ["Red", "Not started: no plan in place"],
        ["Amber", "Started, going slowly\nbut planned"],
        ["Green", "Achieved"],
        ["Not rated", "No rating recorded by 31/03/2016"],
    ]


def test_actions_show_impact_and_measure_in_ref_order(board):
    toolkit = Action.objects.get(ref="1.1")
    toolkit.intended_impact, toolkit.measure = "Neglect is found sooner", "Referrals naming neglect"
    toolkit.save()
    ActionFactory(objective=toolkit.objective, ref="1.10", text="Tenth")
    table = rows(table_under(render(), "Priority 1: Neglect"))
    assert [row[0] for row in table[1:]] == ["1.1", "1.2", "1.10"]
    assert table[1][3:5] == ["Neglect is found sooner", "Referrals naming neglect"]


def test_undated_records_read_undated(board):
    Group.objects.filter(name="Business Committee").update(chaired_by="the police")
    audit = Action.objects.get(ref="1.2")
    ProgressUpdate.objects.create(action=audit, date=date(2016, 3, 31), undated=True, rating="red", note="Not begun")
    ChallengeFactory(
        ref="CH-4", raised_on=date(2015, 4, 1), raised_undated=True, agency=AgencyFactory(name="Academy"), subject="Gap"
    )
    document = render()
    assert rows(table_under(document, "The board and its groups"))[2][3] == "the police"
    assert rows(table_under(document, "Priority 1: Neglect"))[2][7:] == ["Red", "undated (2015-16): Not begun"]
    assert rows(table_under(document, "Areas with little or no progress"))[1] == [
        "1.2",
        "Audit",
        "Red",
        "undated (2015-16): Not begun",
    ]
    assert rows(table_under(document, "Improvement through challenge"))[1][:2] == ["CH-4", "undated (2015-16)"]
    assert texts(under(document, "What remains open"))[0] == (
        "CH-4: Gap (Academy), raised in 2015-16 (undated); now Open."
    )


def test_long_accented_multi_line_texts_open_whole_in_word(board, tmp_path):
    toolkit = Action.objects.get(ref="1.1")
    toolkit.text, toolkit.intended_impact, toolkit.measure = (long_text(label) for label in ("A", "I", "M"))
    toolkit.save()
    update = toolkit.updates.get(note="Launched")
    update.note = long_text("N", 2400)
    update.save()
    target = tmp_path / "long.docx"
    call_command("yearend", "2015-16", "--format", "docx", "--output", str(target), stdout=StringIO())
    document = Document(str(target))
    table = table_under(document, "Priority 1: Neglect")
    row = table.rows[1]
    assert [cell.text for cell in row.cells[2:5]] == [toolkit.text, toolkit.intended_impact, toolkit.measure]
    assert row.cells[8].text == f"01/05/2015: Drafting\n31/03/2016: {update.note}"
    # A row taller than a page may break across pages (Word would cut an unbreakable one off); short rows do not.
    assert row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None
    assert table.rows[2]._tr.trPr.find(qn("w:cantSplit")) is not None
    widths = [cell.width for cell in row.cells]
    assert sum(widths) <= Cm(25.7) + Cm(0.01)  # the landscape page less its margins
