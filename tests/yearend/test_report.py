"""The annual report's figures, web page, PDF and narrative (the board of tests/yearend/conftest.py)."""

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from lscb.years import ReportingYear
from tests.factories import AttendanceFactory, MeetingFactory
from yearend.models import Narrative
from yearend.render import report_pdf
from yearend.report import build_report

pytestmark = pytest.mark.django_db
YEAR = ReportingYear.parse("2015-16")


def test_governance_is_the_tree_of_groups_with_chairs_and_membership_by_agency(board):
    report = build_report(YEAR)
    assert [(row.group.name, row.depth, row.chairs, row.vice_chairs) for row in report.structure] == [
        ("Safeguarding Board", 0, ["Bob Brown (Constabulary)"], ["Zoë Young (Children's Services)"]),
        ("Business Committee", 1, [], []),
    ]
    constabulary = next(row for row in report.membership if row.agency == "Constabulary")
    assert (constabulary.people, constabulary.groups) == (1, ["Business Committee", "Safeguarding Board"])


def test_attendance_names_non_attendance_and_keeps_last_years_rate(board):
    report = build_report(YEAR)
    board_group = next(g for g in report.attendance if g.figures.group.name == "Safeguarding Board")
    assert (board_group.figures.planned, board_group.figures.held, board_group.figures.cancelled) == (
        5,
        4,
        {"staff_absence": 1},
    )
    assert board_group.absent_agencies == ["National Commissioning Board"]
    rates = {row.agency.name: (row.rate, row.previous_rate) for row in board_group.figures.agencies}
    assert rates["Constabulary"] == (2 / 3, 1.0)
    assert rates["Children's Services"] == (1 / 3, 0.0)
    assert board_group.chart.table()[1][0] == ["Children's Services", "0%", "33%"]


def test_priorities_count_as_at_31_march_and_gather_little_progress(board):
    [plan] = build_report(YEAR).plans
    assert plan.year.totals == {"red": 0, "amber": 1, "green": 1, "unrated": 1}
    assert [(c.action.ref, c.before, c.after) for c in plan.moved] == [("1.1", "", "green"), ("2.1", "red", "amber")]
    assert [a.ref for a in plan.little_progress] == ["2.1"]
    assert plan.chart.table()[1] == [["1. Neglect", "0", "0", "1", "1"], ["2. Voice of the child", "0", "1", "0", "0"]]


def test_challenges_of_the_year_and_what_remains_open(board):
    report = build_report(YEAR)
    assert [c.ref for c in report.challenges] == ["CH-1", "CH-2"]
    assert [c.ref for c in report.closed_challenges] == ["CH-1"]
    assert [c.ref for c in report.open_challenges] == ["CH-2"]


def test_the_checklist_marks_sections_narrative_and_what_is_missing(board):
    statuses = {item.label: item.status for item in build_report(YEAR).checklist}
    assert statuses["Governance and accountability arrangements"] == "section"
    assert statuses["Evidence of impact: improvement through challenge"] == "section"
    assert statuses["How the views of children and families were sought and used"] == "narrative"
    assert statuses["Resources: the budget and partners' contributions"] == "missing"


def test_the_web_page_shows_every_section_and_its_data_tables(client_for, board_member, board):
    page = client_for(board_member).get(reverse("yearend:report", args=["2015-16"])).content.decode()
    for heading in [
        "Annual report 2015-16",
        "Governance",
        "Attendance",
        "Progress against priorities",
        "Improvement through challenge",
        "Statutory checklist",
        "Data appendix",
    ]:
        assert heading in page
    # Charts are images (data: URIs), so the Content Security Policy needs no inline style.
    assert 'src="data:image/svg+xml;base64,' in page and "The figures in this chart" in page
    assert "33% (below 50%)" in page
    assert "The board reviewed its terms." in page
    assert "Write the" not in page  # board members read, they do not write


def test_the_pdf_has_pages_contents_and_the_key_rows(board, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(build_report(YEAR)))
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 8
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Annual report 2015-16" in text
    assert "Page 2 of" in text
    for row in [
        ("Safeguarding Board", "5", "4", "Staff absence: 1"),
        ("Constabulary", "3", "2", "67%", "100%"),
        ("2.1", "Survey", "Amber"),
        ("CH-1", "01/05/2015", "Health", "Closed", "Compliance"),
    ]:
        assert any(all(cell in line for cell in row) for line in text.splitlines()), row


def test_downloads_and_the_command_give_the_same_report(client_for, board_member, board, tmp_path):
    client = client_for(board_member)
    pdf = client.get(reverse("yearend:report-file", args=["2015-16", "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("yearend:report-file", args=["2015-16", "docx"]))
    assert docx.content.startswith(b"PK")
    assert client.get(reverse("yearend:report-file", args=["2015-16", "odt"])).status_code == 404
    from django.core.management import call_command

    call_command("yearend", "2015-16", "--format", "html", "--output", str(tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!doctype html>") and "Annual report 2015-16" in html and "data:image/svg+xml" in html


def test_the_chair_writes_narrative_and_a_stale_save_keeps_the_text(client_for, chair, manager, board_member, board):
    url = reverse("yearend:narrative", args=["2015-16", "introduction"])
    assert client_for(board_member).get(url).status_code == 403
    client_for(chair).post(url, {"text": "A year of progress.", "version": ""})
    narrative = Narrative.objects.get(year="2015-16", section="introduction")
    assert narrative.text == "A year of progress." and narrative.updated_by == chair
    client_for(manager).post(url, {"text": "The manager's edit.", "version": narrative.version})
    page = client_for(chair).post(url, {"text": "My long draft.", "version": narrative.version}).content.decode()
    assert "Someone else saved this text" in page and "My long draft." in page and "The manager&#x27;s edit." in page
    assert Narrative.objects.get(pk=narrative.pk).text == "The manager's edit."
    assert client_for(chair).get(reverse("yearend:narrative", args=["2015-16", "nonsense"])).status_code == 404


def test_the_report_costs_what_the_year_holds(client_for, board_member, board, django_assert_max_num_queries):
    client = client_for(board_member)
    # 4 of them on every signed-in request: the session, the user, their two-factor device, their roles and permissions;
    # 1 for the year's sign-offs.
    with django_assert_max_num_queries(22) as before:
        client.get(reverse("yearend:report", args=["2015-16"]))
    # Ten more years of history elsewhere must not add queries.
    for year in range(2000, 2010):
        meeting = MeetingFactory(date=date(year, 6, 1), status="held")
        AttendanceFactory(meeting=meeting)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("yearend:report", args=["2015-16"]))
