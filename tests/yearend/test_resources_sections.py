"""The year-end report's "Training and its impact" and "Resources": the year's training against
last year's and by agency, income and expenditure added up from their lines, partners'
contributions; in the JSON (shapes and figures), on the page, in Word and the PDF; and the
statutory checklist of each kind of board."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    BudgetLineFactory,
    ContributionFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
    default_board,
)
from yearend.docx import report_docx
from yearend.models import Narrative
from yearend.report import build_report, money
from yearend.summary import year_summary

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")
LONG = (
    "Formation multi-agences sur la négligence et l'exploitation: « Protéger l'enfance » — "
    "a long line name that must wrap across its column\nand keeps its second line"
)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def records():
    """2025-26 of the children's board.

    Training: 3 events in the year, one cancelled (its 20 booked not counted); held: places 30 + 20,
    booked 25 + 15 = 40, attended 20 + 10 = 30 (75.0%), evaluations 18 + 6 = 24, rated good 15 + 3 = 18
    (75.0%). Last year: one event, booked 10, attended 5 (50.0%). By agency: Police booked 10 attended 8,
    Health booked 5 attended 0 (booked, did not come), Education booked 4 attended 4.
    Money: income 259,418.00 (partners) + 1,250.50 (expected, no actual) = 260,668.50; expenditure
    chair 30,000.00 / 28,500.25 (1,499.75 left), training 12,000.00 / 13,100.00 (-1,100.00):
    42,000.00 / 41,600.25 / 399.75, 99.05% spent. Contributions: Police 100,000.00, Council
    150,000.00 (and a venue), Health only a published share of 12.5%.
    """
    board = default_board()
    police = AgencyFactory(name="Northmoor Police")
    health = AgencyFactory(name="Northmoor Health")
    education = AgencyFactory(name="Northmoor Schools")
    council = AgencyFactory(name="Northmoor Council")
    one = TrainingEventFactory(
        title="Neglect toolkit", date=date(2025, 5, 1), places=30, booked=25, attended=20, evaluations=18, rated_good=15
    )
    two = TrainingEventFactory(
        title="Exploitation", date=date(2026, 3, 31), places=20, booked=15, attended=10, evaluations=6, rated_good=3
    )
    TrainingEventFactory(title="Cancelled course", date=date(2025, 9, 1), places=20, booked=20, cancelled=True)
    TrainingEventFactory(title="Next year", date=date(2026, 4, 1), places=99, booked=99, attended=99)
    TrainingEventFactory(title="Last year", date=date(2024, 6, 1), places=12, booked=10, attended=5)
    TrainingAttendanceFactory(event=one, agency=police, booked=6, attended=5)
    TrainingAttendanceFactory(event=two, agency=police, booked=4, attended=3)
    TrainingAttendanceFactory(event=one, agency=health, booked=5, attended=0)
    TrainingAttendanceFactory(event=two, agency=education, booked=4, attended=4)
    BudgetLineFactory(kind="income", line="Contributions from partner agencies", budget="259418.00", actual="259418.00")
    BudgetLineFactory(kind="income", line="Grant expected", budget="1250.50", position=2)
    BudgetLineFactory(line="Independent chair", budget="30000.00", actual="28500.25", position=1)
    BudgetLineFactory(line=LONG, budget="12000.00", actual="13100.00", position=2)
    BudgetLineFactory(line="Another year's line", year=2024, budget="5.00", actual="5.00")
    ContributionFactory(agency=police, amount="100000.00")
    ContributionFactory(agency=council, amount="150000.00", in_kind="Meeting rooms and a venue for the conference")
    ContributionFactory(agency=health, share="12.50")
    # A record the year is offered for (yearend.files.years_on_record).
    Narrative.objects.create(board=board, year=YEAR.label, section="training", text="Courses were full.")
    return board


def test_the_json_keys_and_shapes(records):
    summary = json.loads(json.dumps(year_summary(YEAR, records)))
    keys = list(summary)
    assert keys[-4:] == ["training", "finance", "contributions", "dataset"]
    assert summary["training"] == {
        "events": 3,
        "cancelled": 1,
        "places": 50,
        "booked": 40,
        "attended": 30,
        "attendance_rate": 75.0,
        "evaluations": 24,
        "rated_good": 18,
        "by_agency": [
            {"agency": "Northmoor Health", "booked": 5, "attended": 0},
            {"agency": "Northmoor Police", "booked": 10, "attended": 8},
            {"agency": "Northmoor Schools", "booked": 4, "attended": 4},
        ],
    }
    assert summary["finance"] == {
        "income": [
            {"line": "Contributions from partner agencies", "amount": "259418.00"},
            {"line": "Grant expected", "amount": "1250.50"},
        ],
        "income_total": "260668.50",
        "expenditure": [
            {"line": "Independent chair", "budget": "30000.00", "actual": "28500.25", "remaining": "1499.75"},
            {"line": LONG, "budget": "12000.00", "actual": "13100.00", "remaining": "-1100.00"},
        ],
        "budget_total": "42000.00",
        "actual_total": "41600.25",
        "remaining_total": "399.75",
        "spent_pct": 99.05,
    }
    assert summary["contributions"] == [
        {"agency": "Northmoor Council", "amount": "150000.00", "share": None},
        {"agency": "Northmoor Health", "amount": None, "share": 12.5},
        {"agency": "Northmoor Police", "amount": "100000.00", "share": None},
    ]


def test_the_command_prints_the_new_keys(records, capsys):
    call_command("yearend", "2025-26", "--format", "json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["finance"]["spent_pct"] == 99.05
    assert summary["training"]["attendance_rate"] == 75.0


def test_an_empty_year_has_empty_figures_and_no_sections(db):
    board = default_board()
    summary = year_summary(YEAR, board)
    assert summary["dataset"] == [] and summary["contributions"] == []
    assert summary["training"]["events"] == 0 and summary["training"]["attendance_rate"] is None
    assert summary["finance"]["spent_pct"] is None and summary["finance"]["budget_total"] == "0.00"
    report = build_report(YEAR, board)
    assert report.training is None and report.resources is None and report.dataset == []


def test_money_is_written_exactly():
    assert money(Decimal("259418")) == "£259,418.00"
    assert money(Decimal("1234.56")) == "£1,234.56"
    assert money(Decimal("-1100.00")) == "-£1,100.00"
    assert money(None) == "—"


def test_the_training_section_against_last_year_and_by_agency(records):
    training = build_report(YEAR, records).training
    rows = {row.label: (row.this_year, row.last_year, row.change) for row in training.comparison}
    assert rows["Events in the year"] == ("3", "1", "+2")
    assert rows["Held"] == ("2", "1", "+1")
    assert rows["Cancelled"] == ("1", "0", "+1")
    assert rows["Places booked"] == ("40", "10", "+30")
    assert rows["Attendance rate (attended of booked)"] == ("75.0%", "50.0%", "+25.0 points")
    assert rows["Rated good or better (of evaluations returned)"] == ("75.0%", "n/a", "—")
    assert training.did_not_come == ["Northmoor Health"]
    assert [(a.agency, a.rate) for a in training.agencies] == [
        ("Northmoor Health", "0.0%"),
        ("Northmoor Police", "80.0%"),
        ("Northmoor Schools", "100.0%"),
    ]
    assert training.chart.categories == ("Northmoor Health", "Northmoor Police", "Northmoor Schools")
    assert "attendance rate of 75.0%" in training.summary
    assert training.agency_coverage == (
        "The agencies' lines cover 19 of the 40 places booked and 12 of the 30 attended: not every event "
        "recorded its attendance by agency."
    )


def test_the_resources_section_adds_up_its_lines(records):
    resources = build_report(YEAR, records).resources
    assert resources.income == [
        ("Contributions from partner agencies", "£259,418.00"),
        ("Grant expected", "£1,250.50"),
    ]
    assert resources.income_total == "£260,668.50"
    assert resources.expenditure[1] == (LONG, "£12,000.00", "£13,100.00", "-£1,100.00")
    assert resources.expenditure_totals == ("£42,000.00", "£41,600.25", "£399.75")
    assert resources.spent == "99.05%"
    rows = [(c.agency, c.amount, c.share, c.in_kind) for c in resources.contribution_rows]
    assert rows == [
        ("Northmoor Council", "£150,000.00", "—", "Meeting rooms and a venue for the conference"),
        ("Northmoor Health", "—", "12.50%", ""),
        ("Northmoor Police", "£100,000.00", "—", ""),
    ]
    assert resources.contribution_total_text == "£250,000.00"
    assert resources.share_only == ["Northmoor Health"]
    assert [chart.unit for chart in resources.charts] == ["£", "£"]
    assert resources.charts[0].formatted(Decimal("13100.00")) == "£13,100.00"


def test_shares_are_worked_out_when_every_amount_is_known(db):
    ContributionFactory(agency=AgencyFactory(name="A"), amount="300.00")
    ContributionFactory(agency=AgencyFactory(name="B"), amount="100.00")
    resources = build_report(YEAR, default_board()).resources
    assert [c.share for c in resources.contribution_rows] == ["75.0%", "25.0%"]
    assert resources.finance["expenditure"] == []


def test_the_page_shows_both_sections(records, client_for, manager):
    cache.clear()
    page = client_for(manager).get(reverse("yearend:report", args=[records.slug, YEAR.label]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Training and its impact" in text and "Resources" in text
    assert "Booked places and attended none: Northmoor Health." in text
    assert "Total expenditure £42,000.00 £41,600.25 £399.75" in text
    assert "Share of the budget spent 99.05%" in text
    assert "Total of the amounts known £250,000.00" in text
    assert "Total income £260,668.50" in text
    contents = text.split("Contents", 1)[1].split("Data appendix", 1)[0]
    assert contents.index("Training and its impact") < contents.index("Resources")
    # The training commentary is written in the training section, not among the other topics.
    training = text.split("Training and its impact", 2)[2].split("Resources", 1)[0]
    assert "Courses were full." in training
    assert "Courses were full." not in text.split("Learning, voice, workforce and resources", 2)[-1]


def test_word_has_both_sections(records):
    content = report_docx(build_report(YEAR, records))
    text = docx_text(content)
    assert "Training and its impact" in text and "Partners' contributions" in text
    assert "£41,600.25" in text and "99.05%" in text and "Northmoor Health" in text
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Training and its impact") < headings.index("Resources") < headings.index("Data appendix")
    assert "Training and workforce development" not in headings  # its commentary is in the training section
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("Courses were full.") < paragraphs.index("Resources")


def checklist(board) -> dict[str, tuple[str, str]]:
    return {item.label[:40]: (item.status, item.where) for item in build_report(YEAR, board).checklist}


def test_a_childrens_board_counts_training_and_funding_as_covered_by_data(db):
    board = default_board()
    before = checklist(board)
    assert before["How the arrangements are funded"][0] == "missing"
    assert before["Evidence of the impact of the partners' "][0] == "missing"
    TrainingEventFactory(date=date(2025, 6, 1), booked=3, attended=2)
    BudgetLineFactory(line="Chair", budget="100.00", actual="90.00")
    report = build_report(YEAR, board)
    items = {item.label[:40]: item for item in report.checklist}
    funded = items["How the arrangements are funded"]
    impact = items["Evidence of the impact of the partners' "]
    assert (funded.status, funded.section_title, funded.later) == ("section", "Resources", "")
    assert (impact.status, impact.section_title, impact.later) == ("section", "Training and its impact", "")


def test_training_or_money_of_another_year_covers_nothing(db):
    board = default_board()
    TrainingEventFactory(date=date(2025, 3, 31), booked=3, attended=2)
    BudgetLineFactory(line="Chair", year=2024, budget="100.00")
    items = checklist(board)
    assert items["How the arrangements are funded"][0] == "missing"
    assert items["Evidence of the impact of the partners' "][0] == "missing"


def test_an_adults_board_adds_nothing_to_its_checklist_but_shows_its_resources(db):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    before = [(item.label, item.status) for item in build_report(YEAR, adults).checklist]
    TrainingEventFactory(board=adults, date=date(2025, 6, 1), booked=3, attended=2)
    BudgetLineFactory(board=adults, line="Chair", budget="100.00", actual="90.00")
    report = build_report(YEAR, adults)
    assert [(item.label, item.status) for item in report.checklist] == before
    assert len(before) == 7 and all(label[:3] in {f"({c})" for c in "abcdefg"} for label, _ in before)
    assert report.resources is not None and report.training is not None
    assert "Resources" in docx_text(report_docx(report))
    ContributionFactory(board=adults, agency=AgencyFactory(name="Adult Social Care"), amount="10.00")
    resources = build_report(YEAR, adults).resources
    assert resources.contributions_title == "Members' contributions"
    assert resources.charts[-1].title == "Members' contributions in 2025-26"
    assert resources.charts[-1].category_label == "Member"
    assert "Members' contributions: £10.00." in resources.summary


def test_another_boards_training_and_money_stay_out(records):
    other = BoardFactory(name="Other", slug="other", kind="children")
    TrainingEventFactory(board=other, date=date(2025, 6, 1), booked=500, attended=500)
    BudgetLineFactory(board=other, line="Other's chair", budget="1.00")
    summary = year_summary(YEAR, records)
    assert summary["training"]["booked"] == 40
    assert "Other's chair" not in json.dumps(summary)
    assert build_report(YEAR, other).resources.expenditure == [("Other's chair", "£1.00", "—", "—")]


def test_the_page_costs_a_fixed_number_of_queries_however_much_training_money_and_data(
    records, client_for, manager, django_assert_max_num_queries
):
    from tests.factories import IndicatorFactory, IndicatorValueFactory

    def more(n: int, start: int) -> None:
        for i in range(start, start + n):
            event = TrainingEventFactory(title=f"Course {i}", date=date(2025, 7, 1), booked=4, attended=3)
            TrainingAttendanceFactory(event=event, agency=AgencyFactory(name=f"Agency {i}"), booked=2, attended=1)
            BudgetLineFactory(line=f"Line {i}", budget="10.00", actual="5.00", position=10 + i)
            ContributionFactory(agency=AgencyFactory(name=f"Partner {i}"), amount="1.00")
            indicator = IndicatorFactory(name=f"Indicator {i}", target=3)
            IndicatorValueFactory(indicator=indicator, period="2025-04", value=i, note="Up")
            IndicatorValueFactory(indicator=indicator, period="2024-04", value=i)

    client = client_for(manager)
    url = reverse("yearend:report", args=[records.slug, YEAR.label])
    more(1, 0)
    cache.clear()
    # The report page's 34 (tests/yearend/test_report.py) and 3 in a year with training and a dataset:
    # last year's training (its totals, by agency) and last year's dataset values.
    with django_assert_max_num_queries(37) as before:
        assert client.get(url).status_code == 200
    more(6, 1)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        text = text_of(client.get(url).content.decode())
    assert "Partner 6" in text and "Indicator 6" in text and "Agency 6" in text
