"""A board member reads the dashboard, opens the year-end summary and downloads the PDF and the Word file."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def last_year():
    year = ReportingYear.current().previous
    board = GroupFactory(name="Safeguarding Board", kind="board")
    alice = PersonFactory(name="Alice Able", agency=AgencyFactory(name="Northmoor Constabulary"))
    MembershipFactory(group=board, person=alice, role="chair")
    for days in (30, 120, 250):
        meeting = MeetingFactory(group=board, date=year.start + timedelta(days=days), status="held")
        AttendanceFactory(meeting=meeting, person=alice)
    MeetingFactory(group=board, date=timezone.localdate() + timedelta(days=7))
    return year


def test_a_board_member_reads_the_dashboard_and_downloads_the_annual_report(
    page, live_server, sign_in, axe_clean, board_member, last_year
):
    sign_in(page, "member")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board dashboard")
    axe_clean(page)

    page.get_by_role("link", name="Year-end").click()
    page.get_by_role("link", name=f"Read {last_year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {last_year}")
    expect(page.get_by_role("cell", name="Northmoor Constabulary").first).to_be_visible()
    axe_clean(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download PDF").click()
    assert pdf.value.suggested_filename == f"annual-report-{last_year}.pdf"
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"

    with page.expect_download() as word:
        page.get_by_role("link", name="Download Word").click()
    document = Document(io.BytesIO(Path(word.value.path()).read_bytes()))
    assert any(p.text == "Attendance" for p in document.paragraphs)
