"""A board member reads the dashboard, opens the year-end summary and downloads the PDF and the Word file."""

import io
import os
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
    BoardFactory,
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
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Northmoor Safeguarding Children Partnership: dashboard"
    )
    axe_clean(page)

    page.get_by_role("link", name="Year-end").click()
    page.get_by_role("link", name=f"Read {last_year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {last_year}")
    expect(page.get_by_role("cell", name="Northmoor Constabulary").first).to_be_visible()
    axe_clean(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download PDF").click()
    assert pdf.value.suggested_filename == f"nscp-annual-report-{last_year}.pdf"
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"

    with page.expect_download() as word:
        page.get_by_role("link", name="Download Word").click()
    document = Document(io.BytesIO(Path(word.value.path()).read_bytes()))
    assert any(p.text == "Attendance" for p in document.paragraphs)
    assert document.paragraphs[0].text == "Northmoor Safeguarding Children Partnership"


def test_the_chair_signs_off_the_annual_report_and_reads_it_as_signed(
    page, live_server, sign_in, axe_clean, chair, last_year, tmp_path
):
    """A draft with its watermark and what is missing; the chair signs it off; the page is then the
    report as signed, with who signed it and when, and nothing of the draft."""
    PersonFactory(name="Dr Zoë O\u2019Connor-Åström", user=chair, agency=AgencyFactory(name="Independent"))
    shots = Path(os.environ.get("LSCB_SCREENSHOTS", tmp_path))
    sign_in(page, "chair")
    page.goto(f"{live_server.url}/nscp/yearend/{last_year.label}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {last_year}")
    expect(page.locator("article.annual-report.is-draft")).to_be_visible()
    expect(page.get_by_text("Not written yet: the chair's introduction.")).to_be_visible()
    expect(page.get_by_text("Still missing from it:")).to_be_visible()
    watermark = page.evaluate("getComputedStyle(document.querySelector('article.is-draft')).backgroundImage")
    assert "draft-watermark.svg" in watermark
    page.screenshot(path=str(shots / "signoff-draft.png"))
    axe_clean(page)

    page.get_by_role("link", name=f"Sign off the {last_year} report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign off the annual report {last_year}")
    expect(page.get_by_text("The chair's introduction: not written yet.")).to_be_visible()
    axe_clean(page)
    page.get_by_role("button", name=f"Sign off the {last_year} report").click()
    expect(page.get_by_text("Tick the box to confirm that you sign the report off.").first).to_be_visible()
    page.get_by_label("I have read this report and sign it off").check()
    page.get_by_role("button", name=f"Sign off the {last_year} report").click()

    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(page.get_by_text(f"Signed off the {last_year} report: it is kept exactly as signed.")).to_be_visible()
    expect(page.locator("article.annual-report.is-signed")).to_be_visible()
    expect(page.locator("article .cover-signed")).to_have_text(f"Signed off by Dr Zoë O\u2019Connor-Åström on {today}.")
    expect(page.locator("article.is-draft")).to_have_count(0)
    expect(page.get_by_text("Not written yet")).to_have_count(0)
    expect(page.get_by_text("Statutory checklist")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Reopen the {last_year} report")).to_be_visible()
    page.screenshot(path=str(shots / "signoff-signed.png"), full_page=True)
    axe_clean(page)


def test_the_business_manager_of_two_boards_reads_the_adults_boards_report(
    page, live_server, sign_in, axe_clean, manager, last_year
):
    """One instance, two boards: the adults' board's report shows its own records, the joint group,
    and the Care Act's checklist."""
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    joint = GroupFactory(name="Joint Training Group")
    joint.joint_boards.add(adults)
    trainer = PersonFactory(name="Tess Trainer", agency=AgencyFactory(name="Northmoor Integrated Care Board"))
    MembershipFactory(group=joint, person=trainer)
    AttendanceFactory(
        meeting=MeetingFactory(group=joint, date=last_year.start + timedelta(days=60), status="held"), person=trainer
    )
    sab = GroupFactory(name="Adults Executive", kind="board", board=adults)
    MeetingFactory(group=sab, date=last_year.start + timedelta(days=90), status="held")

    sign_in(page, "manager")
    page.goto(f"{live_server.url}/nsab/yearend/{last_year.label}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {last_year}")
    report = page.locator("article.annual-report")
    expect(report.locator(".cover-board")).to_have_text("Northmoor Safeguarding Adults Board")
    expect(report.get_by_role("row", name="Joint Training Group").first).to_be_visible()
    expect(report.get_by_role("row", name="Adults Executive").first).to_be_visible()
    expect(report.get_by_text("Safeguarding Board", exact=True)).to_have_count(0)
    checklist = page.get_by_role("table", name="Content expected in the annual report")
    expect(checklist.get_by_role("row", name="(a) What it did to achieve its objective")).to_be_visible()
    expect(checklist.get_by_role("row", name="(g) Each decision in the year")).to_contain_text(
        "Learning from Safeguarding Adults Reviews"
    )
    expect(
        page.get_by_role("heading", name="How the views of adults at risk and their families were used")
    ).to_be_visible()
    axe_clean(page)

    with page.expect_download() as word:
        page.get_by_role("link", name="Download Word").click()
    assert word.value.suggested_filename == f"nsab-annual-report-{last_year}.docx"
    document = Document(io.BytesIO(Path(word.value.path()).read_bytes()))
    assert document.paragraphs[0].text == "Northmoor Safeguarding Adults Board"
