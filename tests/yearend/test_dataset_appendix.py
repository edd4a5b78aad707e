"""The year-end report's "Dataset" appendix: per indicator, the year's periods with values or "not
reported", comparators, commentary and the year total of counts, against last year; its trend chart;
the JSON's "dataset" key; 25+ indicators kept readable in the PDF and in Word."""

import io
import json
import re
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document

from dataset.periods import months_of
from lscb.years import ReportingYear
from tests.factories import AgencyFactory, BoardFactory, IndicatorFactory, IndicatorValueFactory, default_board
from yearend import charts
from yearend.docx import report_docx
from yearend.models import Narrative
from yearend.render import report_html, report_pdf
from yearend.report import build_report
from yearend.summary import year_summary

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")
NOTE = (
    "Hausse liée à l'opération « Été sûr » menée par la police — les chiffres d'août\n"
    "incluent deux épisodes déclarés en retard; see https://example.org/a-very-long-address-without-any-spaces-at-all"
)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def dataset():
    """Missing episodes (count, monthly, target 12): April 10, May blank (not reported), June -2 (a
    correction), the other nine months 5 each: year total 10 - 2 + 45 = 53, 11 reported. Last year
    April 8 and May 9. A comparator (England) in April. A commentary in June; an area "North" in April.
    Child protection rate (rate per 10,000, quarterly): Q1 45.5, Q2 blank."""
    board = default_board()
    police = AgencyFactory(name="Northmoor Police")
    missing = IndicatorFactory(
        name="Children missing from home: episodes", source=police, target=12, better="lower", on_dashboard=True
    )
    months = [period.code for period in months_of(YEAR)]
    values = [10, None, -2] + [5] * 9
    for code, value in zip(months, values, strict=True):
        IndicatorValueFactory(indicator=missing, period=code, value=value)
    missing.values.filter(period="2025-04").update(comparator=11, comparator_name="England")
    missing.values.filter(period="2025-06").update(note=NOTE)
    IndicatorValueFactory(indicator=missing, period="2025-04", area="North", value=4)
    IndicatorValueFactory(indicator=missing, period="2024-04", value=8)
    IndicatorValueFactory(indicator=missing, period="2024-05", value=9)
    IndicatorValueFactory(indicator=missing, period="2026-04", value=99)  # the next year
    rate = IndicatorFactory(
        name="Child protection plans: rate per 10,000", unit="rate_per_10000", frequency="quarterly"
    )
    IndicatorValueFactory(indicator=rate, period="2025-26 Q1", value="45.5")
    IndicatorValueFactory(indicator=rate, period="2025-26 Q2", value=None)
    Narrative.objects.create(board=board, year=YEAR.label, section="introduction", text="Our year.")
    return board


def test_the_json_keeps_blanks_null_and_out_of_the_total(dataset):
    summary = json.loads(json.dumps(year_summary(YEAR, dataset)))
    assert [item["indicator"] for item in summary["dataset"]] == [
        "Child protection plans: rate per 10,000",
        "Children missing from home: episodes",
    ]
    rate, missing = summary["dataset"]
    assert rate == {
        "indicator": "Child protection plans: rate per 10,000",
        "unit": "rate_per_10000",
        "series": [{"area": "", "values": {"2025-26 Q1": 45.5, "2025-26 Q2": None}, "reported": 1, "year_total": None}],
    }
    whole, north = missing["series"]
    assert whole["area"] == "" and north == {
        "area": "North",
        "values": {"2025-04": 4},
        "reported": 1,
        "year_total": 4,
    }
    assert list(whole["values"]) == [p.code for p in months_of(YEAR)]
    assert whole["values"]["2025-05"] is None and whole["values"]["2025-06"] == -2
    assert whole["reported"] == 11 and whole["year_total"] == 53
    assert "2026-04" not in whole["values"] and "2024-04" not in whole["values"]


def test_the_appendix_table_per_indicator(dataset):
    report = build_report(YEAR, dataset)
    rate, missing = report.dataset
    assert [heading for _, heading in missing.periods][:3] == ["Apr 2025", "May 2025", "Jun 2025"]
    whole, last_year, england, north = missing.rows
    assert whole.label == "Whole area" and whole.cells[:3] == ["10", "not reported", "-2"] and whole.total == "53"
    assert last_year.label == "Whole area: 2024-25" and last_year.cells[:3] == ["8", "9", ""]
    assert last_year.total == "17" and last_year.kind == "previous"
    assert england.label == "Whole area: England" and england.cells[0] == "11" and england.kind == "comparator"
    assert north.label == "North" and north.cells[:2] == ["4", "—"] and north.total == "4"
    assert [(n.period, n.area, n.text) for n in missing.notes] == [("Jun 2025", "", NOTE)]
    assert missing.about == "Count; lower is better; source: Northmoor Police; target: 12"
    assert [heading for _, heading in rate.periods] == ["2025-26 Q1", "2025-26 Q2"]
    assert rate.rows[0].cells == ["45.5", "not reported"] and not rate.sums and rate.rows[0].total == ""


def test_mixed_periods_run_in_the_order_they_end(db):
    indicator = IndicatorFactory(name="Mixed", frequency="monthly")
    for period in ("2025-26", "2026-03", "2025-26 Q4", "2025-04", "2025-26 Q1", "2026-03-31"):
        IndicatorValueFactory(indicator=indicator, period=period, value=1)
    appendix = build_report(YEAR, default_board()).dataset[0]
    assert [heading for _, heading in appendix.periods] == [
        "Apr 2025",
        "2025-26 Q1",
        "31/03/2026",
        "Mar 2026",
        "2025-26 Q4",
        "2025-26",
    ]
    assert appendix.rows[0].total == "6"


def test_the_trend_chart_draws_last_year_the_target_and_the_comparator(dataset):
    missing = build_report(YEAR, dataset).dataset[1]
    chart = missing.chart
    assert chart.labels[:3] == ("Apr", "May", "Jun")
    assert chart.this_year[:3] == (10.0, None, -2.0)
    assert chart.last_year[:3] == (8.0, 9.0, None)
    assert chart.comparator[0] == 11.0 and chart.comparator_label == "England" and chart.target == 12.0
    svg = charts.svg(chart)
    assert "2024-25" in svg and "Target" in svg and "England" in svg


def test_a_dollar_in_an_indicators_name_draws(db):
    indicator = IndicatorFactory(name=r"Spend $\frac{1$ per child", unit="money")
    IndicatorValueFactory(indicator=indicator, period="2025-04", value=3)
    chart = build_report(YEAR, default_board()).dataset[0].chart
    charts.svg.cache_clear()
    charts.png.cache_clear()
    assert r"$\frac{1$" in charts.svg(chart)
    assert charts.png(chart)[:4] == b"\x89PNG"


def test_another_boards_dataset_stays_out(dataset):
    other = BoardFactory(name="Other", slug="other", kind="adults")
    IndicatorValueFactory(indicator=IndicatorFactory(board=other, name="Other's figure"), period="2025-04")
    assert "Other's figure" not in json.dumps(year_summary(YEAR, dataset))
    assert [d.indicator.name for d in build_report(YEAR, other).dataset] == ["Other's figure"]


def test_the_page_and_word_show_the_dataset_at_the_end(dataset, client_for, manager):
    cache.clear()
    page = client_for(manager).get(reverse("yearend:report", args=[dataset.slug, YEAR.label]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert text.rindex("Dataset") > text.rindex("Data appendix")
    assert "Whole area 10 not reported -2 5" in text and "Year total" in text
    document = Document(io.BytesIO(report_docx(build_report(YEAR, dataset))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert headings[-1] == "Dataset"
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "not reported" in cells and "53" in cells
    assert document.sections[-1].orientation == 1  # landscape: twelve months and a total across


def many(board, n: int) -> None:
    """n more monthly indicators with long names, a value a month this year and last."""
    for i in range(n):
        indicator = IndicatorFactory(
            board=board,
            name=f"Indicator {i:02d}: referrals to children's social care from the police and health, a long name",
            target=20,
        )
        for period in months_of(YEAR):
            IndicatorValueFactory(indicator=indicator, period=period.code, value=10 + i + period.starts_on.month)
        for period in months_of(YEAR.previous):
            IndicatorValueFactory(indicator=indicator, period=period.code, value=8 + i + period.starts_on.month)


def test_the_report_reads_the_dataset_in_a_fixed_number_of_queries(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(60) as before:
        build_report(YEAR, dataset)
    many(dataset, 5)
    with django_assert_max_num_queries(len(before.captured_queries)):
        report = build_report(YEAR, dataset)
    assert len(report.dataset) == 7


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_many_indicators_stay_readable_in_the_pdf(dataset, tmp_path):
    many(dataset, 26)
    report = build_report(YEAR, dataset)
    assert len(report.dataset) == 28
    html = report_html(report)
    assert html.count('class="indicator-year"') == 28
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(report))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Indicator 25: referrals" in text and "not reported" in text
    # Landscape pages, a few indicators each: the appendix does not run to a page per indicator.
    pages = text.split("\f")
    dataset_pages = [page for page in pages if "Indicator " in page and "Series" in page]
    assert 5 <= len(dataset_pages) <= 20


def test_many_indicators_in_word_each_with_its_table_and_chart(dataset):
    many(dataset, 26)
    document = Document(io.BytesIO(report_docx(build_report(YEAR, dataset))))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert sum(h.startswith("Indicator ") for h in headings) == 26
    dataset_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Series"]
    assert len(dataset_tables) == 28
    # Twelve months and the year total across a landscape page: no column narrower than 1.6 cm.
    widths = [cell.width.cm for cell in dataset_tables[-1].rows[0].cells]
    assert len(widths) == 14 and min(widths) >= 1.6 and sum(widths) <= 25.8
    pictures = document.inline_shapes
    assert sum(1 for shape in pictures if shape._inline.docPr.get("descr", "").startswith("Indicator ")) == 26
