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

from businessplan import services
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
)
from yearend.docx import INTRODUCTION_PLACEHOLDER, report_docx
from yearend.models import Narrative
from yearend.report import build_report

pytestmark = pytest.mark.django_db

BOARD_NAME = "Testshire Safeguarding Children Board"
YEAR = ReportingYear.parse("2015-16")


def held(group, day: date, register: dict | None = None):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in (register or {}).items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


@pytest.fixture
def board(settings, manager):
    """2015-16 of a small board.

    Safeguarding Board: 01/10/2014 held (last year); 01/04/2015 held, 03/06/2015 held without a
    register, 05/08/2015 cancelled (staff absence), 07/10/2015 held, 31/03/2016 held: 5 planned, 4 held.
      Constabulary (Bob):             present, present, absent    -> 2/3 = 67%; last year 1/1 = 100%
      Children's Services (Zoë):      apologies, absent, deputy   -> 1/3 = 33%, below 50%; last year 0%
      National Commissioning (Nat, from 01/04/2015): never       -> 0/3, no rate last year
      Voluntary Forum (Vic, for items): present on 07/10/2015     -> attended when not expected
    Business Committee (reports to the board): 09/09/2015 held, 02/02/2016 cancelled (not required).
    Plan 2015-17: 1.1 green on 31/03/2016 (amber on 01/04/2016), 1.2 unrated, 2.1 red -> amber in the year.
    Challenges: CH-1 closed in the year with an outcome, CH-2 escalated and open; CH-3 the next year.
    """
    settings.LSCB_BOARD_NAME = BOARD_NAME
    settings.LSCB_ATTENDANCE_THRESHOLD = 0.5
    board_group = GroupFactory(name="Safeguarding Board", kind="board")
    committee = GroupFactory(name="Business Committee", kind="committee", parent=board_group, joint_with="Dale LSCB")
    bob = PersonFactory(name="Bob Brown", agency=AgencyFactory(name="Constabulary", sector="police"))
    zoe = PersonFactory(name="Zoë Young", agency=AgencyFactory(name="Children's Services"))
    vic = PersonFactory(name="Vic Vale", agency=AgencyFactory(name="Voluntary Forum"))
    nat = PersonFactory(name="Nat North", agency=AgencyFactory(name="National Commissioning Board"))
    MembershipFactory(group=board_group, person=bob, role="chair")
    MembershipFactory(group=board_group, person=zoe, role="vice_chair")
    MembershipFactory(group=board_group, person=vic, expected="for_items")
    MembershipFactory(group=board_group, person=nat, start=date(2015, 4, 1))
    MembershipFactory(group=committee, person=bob)
    held(board_group, date(2014, 10, 1), {bob: "present", zoe: "absent"})
    held(board_group, date(2015, 4, 1), {bob: "present", zoe: "apologies"})
    held(board_group, date(2015, 6, 3))
    MeetingFactory(group=board_group, date=date(2015, 8, 5), status="cancelled", cancel_reason="staff_absence")
    held(board_group, date(2015, 10, 7), {bob: "present", zoe: "absent", vic: "present"})
    held(board_group, date(2016, 3, 31), {bob: "absent", zoe: "deputy"})
    held(board_group, date(2016, 4, 1), {bob: "present", zoe: "present"})
    held(committee, date(2015, 9, 9), {bob: "present"})
    MeetingFactory(group=committee, date=date(2016, 2, 2), status="cancelled", cancel_reason="not_required")

    plan = PlanFactory(title="Business Plan 2015-17", slug="2015-17", start=date(2015, 4, 1), end=date(2017, 3, 31))
    neglect = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"), text="Know neglect")
    voice = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=2, title="Voice of the child"), text="Hear")
    toolkit = ActionFactory(objective=neglect, ref="1.1", text="Toolkit", by_whom="QEG", due_text="Sept 2015")
    ActionFactory(objective=neglect, ref="1.2", text="Audit")
    survey = ActionFactory(objective=voice, ref="2.1", text="Survey", due_date=date(2016, 1, 31))
    for action, day, rating, note in [
        (toolkit, date(2015, 5, 1), "", "Drafting"),
        (toolkit, date(2016, 3, 31), "green", "Launched"),
        (toolkit, date(2016, 4, 1), "amber", "Uptake slow"),  # after the year end
        (survey, date(2014, 12, 1), "red", "No plan yet"),
        (survey, date(2015, 9, 1), "amber", "Pilot delayed"),
    ]:
        services.action_record_progress(action=action, rating=rating, note=note, day=day, by=manager)

    health = AgencyFactory(name="Health Commissioners")
    ChallengeFactory(
        ref="CH-1",
        raised_on=date(2015, 5, 1),
        agency=health,
        subject="Health assessments",
        status="closed",
        closed_on=date(2016, 1, 15),
        outcome="Compliance improved markedly.",
    )
    ChallengeFactory(
        ref="CH-2",
        raised_on=date(2015, 11, 1),
        agency=AgencyFactory(name="Department for Education"),
        subject="Language schools",
        status="escalated",
        escalated_to="Secretary of State",
    )
    ChallengeFactory(ref="CH-3", raised_on=date(2016, 5, 1), agency=health, subject="Next year")
    Narrative.objects.create(year="2015-16", section="governance", text="The board reviewed its terms.\n\nTwice.")
    Narrative.objects.create(year="2015-16", section="voice", text="A young people's panel met termly.")


def render() -> Document:
    return Document(io.BytesIO(report_docx(build_report(YEAR))))


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
        "Business Committee",
        "Safeguarding Board",
        "Meetings planned and held",
        "Progress against priorities",
        "Business Plan 2015-17",
        "Priority 1: Neglect",
        "Priority 2: Voice of the child",
        "Actions whose rating moved during the year",
        "Areas with little or no progress",
        "Improvement through challenge",
        "What remains open",
        "How children's and families' views were used",
        "Statutory checklist",
        "Data appendix",
        "Business Committee: attendance by agency",
        "Safeguarding Board: attendance by agency",
        "Business Plan 2015-17: RAG ratings at 31/03/2016 by priority",
    ]


def test_cover_contents_and_the_empty_introduction(board):
    document = render()
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", BOARD_NAME)
    assert [p.text for p in paragraphs[1:3]] == ["Annual report 2015-16", "1 April 2015 to 31 March 2016"]
    assert paragraphs[3].text.startswith("Generated from the board's records on ")
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert instructions == [' TOC \\o "1-3" \\h \\z \\u ']
    assert "Right-click to update the contents." in [p.text for p in paragraphs]
    assert texts(under(document, "The chair's introduction")) == [INTRODUCTION_PLACEHOLDER]


def test_a_written_introduction_replaces_the_placeholder(board):
    Narrative.objects.create(year="2015-16", section="introduction", text="A year of change.")
    document = render()
    assert texts(under(document, "The chair's introduction")) == ["A year of change."]
    assert INTRODUCTION_PLACEHOLDER not in [p.text for p in document.paragraphs]


def test_narrative_sits_under_its_heading(board):
    document = render()
    assert texts(under(document, "Governance", "Commentary")) == ["The board reviewed its terms.", "Twice."]
    assert texts(under(document, "How children's and families' views were used")) == [
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
        ["Constabulary", "Police", "1", "Business Committee, Safeguarding Board"],
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


def test_planned_versus_held_for_every_group(board):
    assert rows(table_under(render(), "Meetings planned and held")) == [
        [
            "Group",
            "Planned",
            "Held",
            "Cancelled: not required this time",
            "Cancelled: staff absence",
            "Cancelled: inquorate",
            "Cancelled: other",
        ],
        ["Business Committee", "2", "1", "1", "0", "0", "0"],
        ["Safeguarding Board", "5", "4", "0", "1", "0", "0"],
        ["All groups", "7", "5", "1", "1", "0", "0"],
    ]


def test_plan_ratings_as_at_31_march(board):
    document = render()
    assert texts(under(document, "Priority 1: Neglect")) == ["At 31/03/2016: 0 red, 0 amber, 1 green, 1 not rated."]
    table = table_under(document, "Priority 1: Neglect")
    assert rows(table) == [
        ["Ref", "Objective", "Action", "By whom", "By when", "RAG at 31 March 2016", "Progress in the year"],
        # The amber of 01/04/2016 belongs to the next year.
        ["1.1", "Know neglect", "Toolkit", "QEG", "Sept 2015", "Green", "01/05/2015: Drafting\n31/03/2016: Launched"],
        ["1.2", "", "Audit", "", "", "Not rated", ""],
    ]
    fill = table.rows[1].cells[5]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
    assert fill == "A8D5BA"
    assert rows(table_under(document, "Priority 2: Voice of the child"))[1][4:6] == ["31/01/2016", "Amber"]
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
        "2 challenges were live during the year: 2 raised in it, 1 closed by 31/03/2016 and 1 still open then."
    ]
    assert rows(table_under(document, "Improvement through challenge")) == [
        ["Ref", "Raised on", "Agency", "Subject", "Status", "Outcome", "Escalated to"],
        [
            "CH-1",
            "01/05/2015",
            "Health Commissioners",
            "Health assessments",
            "Closed 15/01/2016",
            "Compliance improved markedly.",
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
        "Section: Governance",
        "Section: Attendance",
        "Section: Progress against priorities",
        "Section: Progress against priorities (areas with little or no progress)",
        "Section: Improvement through challenge",
        "Missing",
        "Narrative: How children's and families' views were used",
        "Missing",
        "Missing",
        "Missing",
    ]


def test_every_chart_is_a_picture_and_its_figures_are_in_the_appendix(board):
    report = build_report(YEAR)
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
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_the_command_writes_a_word_file(board, tmp_path):
    target = tmp_path / "report-2015-16.docx"
    out = StringIO()
    call_command("yearend", "2015-16", "--format", "docx", "--output", str(target), stdout=out)
    assert out.getvalue() == f"Wrote the 2015-16 annual report to {target}.\n"
    document = Document(str(target))
    assert document.paragraphs[0].text == BOARD_NAME
    assert "Statutory checklist" in headings(document)


def test_the_command_needs_output_for_a_word_file(board):
    with pytest.raises(CommandError, match=r"--format docx writes a binary file: give --output FILE"):
        call_command("yearend", "2015-16", "--format", "docx", stdout=StringIO())
