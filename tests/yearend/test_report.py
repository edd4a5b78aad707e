"""The annual report's figures, web page, PDF and narrative (the board of tests/yearend/conftest.py)."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from businessplan.models import Action, ProgressUpdate
from governance.models import Group
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    ChallengeFactory,
    MeetingFactory,
    default_board,
)
from tests.yearend.conftest import SLUG, get_report_file
from yearend.models import Narrative
from yearend.render import report_html, report_pdf
from yearend.report import build_report

pytestmark = pytest.mark.django_db
YEAR = ReportingYear.parse("2015-16")


def test_governance_is_the_tree_of_groups_with_chairs_and_membership_by_agency(board):
    Group.objects.filter(name="Business Committee").update(chaired_by="the police")
    report = build_report(YEAR, default_board())
    assert [(row.group.name, row.depth, row.chairs, row.vice_chairs) for row in report.structure] == [
        ("Safeguarding Board", 0, ["Bob Brown (Constabulary)"], ["Zoë Young (Children's Services)"]),
        # No person chairs the committee: the role or agency it names stands in.
        ("Business Committee", 1, ["the police"], []),
    ]
    constabulary = next(row for row in report.membership if row.agency == "Constabulary")
    # An agency's groups in the board's order (the board first), not by name.
    assert (constabulary.people, constabulary.groups) == (1, ["Safeguarding Board", "Business Committee"])


def test_groups_follow_the_boards_own_numbers_in_every_section(board):
    Group.objects.filter(name="Business Committee").update(position=1)
    report = build_report(YEAR, default_board())
    order = ["Business Committee", "Safeguarding Board"]
    assert [row.group.name for row in report.structure] == order
    assert [g.figures.group.name for g in report.attendance] == order
    page = report_html(report)
    planned = page[page.index("Meetings planned and held") :]
    assert planned.index(">Business Committee<") < planned.index(">Safeguarding Board<")


def test_planned_versus_held_has_a_totals_row(client_for, board_member, board):
    report = build_report(YEAR, default_board())
    assert (report.meetings_total.planned, report.meetings_total.held) == (7, 5)
    assert report.meetings_total.held_pct == 71.4
    page = client_for(board_member).get(reverse("yearend:report", args=[SLUG, "2015-16"])).content.decode()
    table = page[
        page.index("Meetings planned and held") : page.index("</table>", page.index("Meetings planned and held"))
    ]
    assert (
        '<th scope="row">Safeguarding Board</th><td class="num">5</td><td class="num">4</td><td class="num">80%</td>'
        in table
    )
    assert (
        '<tfoot><tr class="totals"><th scope="row">All groups</th><td class="num">7</td><td class="num">5</td>'
        '<td class="num">71%</td>' in table
    )


def test_plan_tables_show_impact_measure_the_key_and_refs_in_order(board):
    toolkit = Action.objects.get(ref="1.1")
    toolkit.intended_impact, toolkit.measure = "Neglect is found sooner", "Referrals naming neglect"
    toolkit.save()
    ActionFactory(objective=toolkit.objective, ref="1.10", text="Tenth")
    page = report_html(build_report(YEAR, default_board()))
    assert '<th scope="col">Intended impact</th><th scope="col">Measure</th>' in page
    assert (
        '<td class="text-break">Neglect is found sooner</td><td class="text-break">Referrals naming neglect</td>'
        in page
    )
    key = page[page.index("Key to the ratings") : page.index("Priority 1: Neglect")]
    assert '<th scope="row">Amber</th><td>A delay, but the action is still planned</td>' in key
    neglect = page[page.index("Priority 1: Neglect") : page.index("Priority 2: Voice")]
    assert neglect.index(">1.1<") < neglect.index(">1.2<") < neglect.index(">1.10<")


def test_undated_notes_and_challenges_read_undated(board):
    audit = Action.objects.get(ref="1.2")
    ProgressUpdate.objects.create(action=audit, date=date(2016, 3, 31), undated=True, rating="red", note="Not begun")
    ChallengeFactory(
        ref="CH-4", raised_on=date(2015, 4, 1), raised_undated=True, agency=AgencyFactory(), subject="Undated"
    )
    report = build_report(YEAR, default_board())
    [plan] = report.plans
    # It stands at 31/03/2016: 1.2 is red at the year end, and so among the areas of little progress.
    assert plan.year.totals == {"red": 1, "amber": 1, "green": 1, "unrated": 0}
    assert [a.ref for a in plan.little_progress] == ["1.2", "2.1"]
    page = report_html(report)
    assert "<p>undated (2015-16): Not begun</p>" in page
    assert '<th scope="row">CH-4</th><td>undated (2015-16)</td>' in page
    assert "01/04/2015</td><td>" not in page.split("Challenges and their outcomes")[1]


def test_attendance_names_non_attendance_and_keeps_last_years_rate(board):
    report = build_report(YEAR, default_board())
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
    [plan] = build_report(YEAR, default_board()).plans
    assert plan.year.totals == {"red": 0, "amber": 1, "green": 1, "unrated": 1}
    assert [(c.action.ref, c.before, c.after) for c in plan.moved] == [("1.1", "", "green"), ("2.1", "red", "amber")]
    assert [a.ref for a in plan.little_progress] == ["2.1"]
    assert plan.chart.table()[1] == [["1. Neglect", "0", "0", "1", "1"], ["2. Voice of the child", "0", "1", "0", "0"]]


def test_challenges_of_the_year_and_what_remains_open(board):
    report = build_report(YEAR, default_board())
    assert [c.ref for c in report.challenges] == ["CH-1", "CH-2"]
    assert [c.ref for c in report.closed_challenges] == ["CH-1"]
    assert [c.ref for c in report.open_challenges] == ["CH-2"]


def test_the_checklist_marks_sections_narrative_and_what_is_missing(board):
    statuses = {item.label: item.status for item in build_report(YEAR, default_board()).checklist}
    assert statuses["What the safeguarding partners did under the arrangements, and how effective they were"] == (
        "section"
    )
    assert statuses["Analysis of areas with little or no progress on the agreed priorities"] == "section"
    assert statuses["How feedback from children and families was sought and used"] == "narrative"
    assert statuses["The independent scrutiny of the arrangements, and its findings"] == "narrative"
    assert statuses["How the arrangements are funded"] == "missing"


def test_the_web_page_shows_every_section_and_its_data_tables(client_for, board_member, board):
    page = client_for(board_member).get(reverse("yearend:report", args=[SLUG, "2015-16"])).content.decode()
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
    pdf.write_bytes(report_pdf(build_report(YEAR, default_board())))
    assert shutil.which("pdftotext"), "poppler-utils is installed by make test"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 8
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Annual report 2015-16" in text
    assert "Page 2 of" in text
    for row in [
        ("Safeguarding Board", "5", "4", "80%", "Staff absence: 1"),
        ("All groups", "7", "5", "71%"),
        ("Constabulary", "3", "2", "67%", "100%"),
        ("2.1", "Survey", "Amber"),
        # The outcome cell now opens with its category (this one closed before categories were kept).
        ("CH-1", "01/05/2015", "Health", "Closed", "Not recorded."),
        ("Not recorded", "1"),
    ]:
        assert any(all(cell in line for cell in row) for line in text.splitlines()), row


def test_downloads_and_the_command_give_the_same_report(client_for, board_member, board, tmp_path):
    client = client_for(board_member)
    pdf = get_report_file(client, SLUG, "2015-16", "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = get_report_file(client, SLUG, "2015-16", "docx")
    assert docx.content.startswith(b"PK")
    assert client.get(reverse("yearend:report-file", args=[SLUG, "2015-16", "odt"])).status_code == 404
    from django.core.management import call_command

    call_command("yearend", "2015-16", "--format", "html", "--output", str(tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!doctype html>") and "Annual report 2015-16" in html and "data:image/svg+xml" in html


def test_the_chair_writes_narrative_and_a_stale_save_keeps_the_text(client_for, chair, manager, board_member, board):
    url = reverse("yearend:narrative", args=[SLUG, "2015-16", "introduction"])
    assert client_for(board_member).get(url).status_code == 403
    client_for(chair).post(url, {"text": "A year of progress.", "version": ""})
    narrative = Narrative.objects.get(year="2015-16", section="introduction")
    assert narrative.text == "A year of progress." and narrative.updated_by == chair
    client_for(manager).post(url, {"text": "The manager's edit.", "version": narrative.version})
    page = client_for(chair).post(url, {"text": "My long draft.", "version": narrative.version}).content.decode()
    assert "Someone else saved this text" in page and "My long draft." in page and "The manager&#x27;s edit." in page
    assert Narrative.objects.get(pk=narrative.pk).text == "The manager's edit."
    assert client_for(chair).get(reverse("yearend:narrative", args=[SLUG, "2015-16", "nonsense"])).status_code == 404


def test_the_report_costs_what_the_year_holds(client_for, board_member, board, django_assert_max_num_queries):
    client = client_for(board_member)
    # 4 of them on every signed-in request: the session, the user, their two-factor device, their roles and permissions;
    # 1 for the year's sign-offs; 1 for the years on record (a year without records has no report).
    # 4 for learning and assurance: the reviews, their recommendations, the audits, the evidence.
    # 5 for training, money and the dataset: training's totals and agencies, the budget lines, the contributions,
    # the dataset's values (3 more in a year that has them: last year's training and dataset values).
    # 2 for the charts: the year's drawings read from the store, and those it lacks kept (yearend.charts).
    with django_assert_max_num_queries(36) as before:  # the boards (lscb.boards), the joint groups' boards
        client.get(reverse("yearend:report", args=[SLUG, "2015-16"]))
    # Ten more years of history elsewhere must not add queries.
    for year in range(2000, 2010):
        meeting = MeetingFactory(date=date(year, 6, 1), status="held")
        AttendanceFactory(meeting=meeting)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("yearend:report", args=[SLUG, "2015-16"]))


Q, DASH = "\N{RIGHT SINGLE QUOTATION MARK}", "\N{EN DASH}"


def long_text(label: str, size: int = 1200) -> str:
    """Text as boards paste it: accents, curly quotes, dashes, line breaks, a long address, an end mark."""
    sentence = f"Évaluer l{Q}impact — Zoë{Q}s “naïve” café réunion; the board{Q}s façade of coöperation holds. "
    lines, line = [], ""
    while sum(map(len, lines)) < size:
        line += sentence
        if len(line) > 200:
            lines.append(line.strip())
            line = ""
    address = "https://example.org/" + "très-long-chemin-sans-espace/" * 4
    return f"{label} begins.\n" + "\n".join(lines) + f"\n{address}\n{label}-ends"


def words_off_the_page(pdf, inset: float = 48) -> list[str]:
    """Every word whose box leaves its page or runs into the side margins (`inset` points, 17 mm:
    the margins are 18 mm), read with pdftotext -bbox. Words wholly off a page are not read at all:
    the caller looks for the text's last word."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    off = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page[1]), float(page[2])
        for word in re.finditer(
            r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<', page[3]
        ):
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            if x0 < inset or y0 < 0 or x1 > width - inset or y1 > height:
                off.append(word[5])
    return off


def test_long_accented_multi_line_texts_stay_on_the_pdfs_pages(board, tmp_path):
    toolkit = Action.objects.get(ref="1.1")
    toolkit.text = long_text("ACTION")
    toolkit.intended_impact = long_text("IMPACT")
    toolkit.measure = long_text("MEASURE")
    toolkit.by_whom = f"Quality and Effectiveness Group {DASH} Sous-groupe d{Q}évaluation"
    toolkit.due_text = "By the end of the year, and reviewed by the board in the spring. If delayed, by the autumn."
    toolkit.save()
    update = toolkit.updates.get(note="Launched")
    update.note = long_text("NOTE", 2400)
    update.save()
    ChallengeFactory(ref="CH-LONG", raised_on=date(2015, 6, 1), agency=AgencyFactory(), subject=long_text("SUBJECT"))
    assert all(len(text) > 1000 for text in (toolkit.text, toolkit.intended_impact, toolkit.measure))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(report_pdf(build_report(YEAR, default_board())))
    assert words_off_the_page(pdf) == []
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for label in ("ACTION", "IMPACT", "MEASURE", "NOTE", "SUBJECT"):
        assert f"{label}-ends" in squeezed, label  # nothing cut off at a page's foot
    assert f"Zoë{Q}s“naïve”caféréunion" in squeezed
