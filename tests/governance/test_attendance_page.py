"""The attendance page: figures, highlighting, year switch, group filter, export, permissions and query count."""

import csv
import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/nscp/attendance/2015-16/"


def held(group, day: date, register: dict | None = None):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in (register or {}).items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


@pytest.fixture
def records():
    """The Safeguarding Board's 2015-16 and the Business Committee's, worked out by hand.

    Board: M1 06/05/2015 and M2 01/07/2015 registered, M3 02/09/2015 held without a register,
    M4 04/11/2015 cancelled (inquorate), M5 06/01/2016 planned: 5 planned, 3 held.
      Constabulary (Bob)      M1 present, M2 deputy      2/2 = 100%  (2014-15: absent, 0%)
      Health Trust (Hana)     M1 apologies, M2 present  1/2 = 50%   (2014-15: present, 100%)
      National Body (Nora)    M1 absent, M2 apologies   0/2 = 0%, below 50% (2014-15: present, 100%)
      Voluntary Forum (Vic)   for items; M1 present     attended when not expected
    Business Committee: one meeting 01/06/2015, Bob present: Constabulary 1/1 = 100%, no 2014-15 figure.
    """
    board_group = GroupFactory(name="Safeguarding Board")
    committee = GroupFactory(name="Business Committee")
    bob = PersonFactory(name="Bob Brown", agency=AgencyFactory(name="Constabulary"))
    hana = PersonFactory(name="Hana Hill", agency=AgencyFactory(name="Health Trust"))
    nora = PersonFactory(name="Nora North", agency=AgencyFactory(name="National Body"))
    vic = PersonFactory(name="Vic Vale", agency=AgencyFactory(name="Voluntary Forum"))
    for person in (bob, hana, nora):
        MembershipFactory(group=board_group, person=person)
    MembershipFactory(group=board_group, person=vic, expected="for_items")
    MembershipFactory(group=committee, person=bob)
    held(board_group, date(2015, 2, 4), {bob: "absent", hana: "present", nora: "present"})
    held(board_group, date(2015, 5, 6), {bob: "present", hana: "apologies", nora: "absent", vic: "present"})
    held(board_group, date(2015, 7, 1), {bob: "deputy", hana: "present", nora: "apologies"})
    unrecorded = held(board_group, date(2015, 9, 2))
    MeetingFactory(group=board_group, date=date(2015, 11, 4), status="cancelled", cancel_reason="inquorate")
    MeetingFactory(group=board_group, date=date(2016, 1, 6), status="planned")
    held(committee, date(2015, 6, 1), {bob: "present"})
    return SimpleNamespace(board=board_group, committee=committee, unrecorded=unrecorded)


def agency_row(html: str, agency: str) -> str:
    """The grid row of one agency (the first, when it sits on several groups)."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)
    return next(row for row in rows if f'<th scope="row">{agency}</th>' in row)


def test_the_page_shows_the_year_per_group(client_for, board_member, records):
    response = client_for(board_member).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attendance 2015-16" in html
    # Groups by name, each with planned against held and its cancellations by reason.
    assert html.index("Business Committee") < html.index("Safeguarding Board")
    assert re.search(
        r"<strong>3</strong> held of <strong>5</strong> planned;\s*<strong>1</strong> cancelled\s*\(inquorate: 1\);"
        r"\s*<strong>1</strong> not yet held or recorded\.",
        html,
    )
    # Columns are the held meetings, dd/mm; each cell a symbol and a class and a spoken label.
    assert ">06/05</a></th>" in html and ">02/09</a></th>" in html
    constabulary = agency_row(html, "Constabulary")
    assert 'class="att-attended" title="Attended"><span aria-hidden="true">✓</span>' in constabulary
    assert "<caption>" in html and 'scope="col"' in html
    # This year's rate, then last year's.
    health = agency_row(html, "Health Trust")
    assert re.search(r'<td class="rate">50%</td>\s*<td class="rate">100%</td>', health)
    assert 'class="att-apologies"' in health
    voluntary = agency_row(html, "Voluntary Forum")
    assert "attended when not expected" in voluntary
    assert 'class="att-attended-not-expected"' in voluntary
    # The key explains every symbol.
    assert "Key to the grids" in html and "Not recorded: no register yet" in html


def test_meetings_without_a_register_are_listed_with_a_link(client_for, board_member, records):
    html = client_for(board_member).get(URL).content.decode()
    assert "Missing data: meetings held without a register." in html
    assert f'<a href="{records.unrecorded.get_absolute_url()}">02/09/2015</a>' in html
    assert 'class="att-not-recorded"' in agency_row(html, "National Body")


def test_agencies_below_the_threshold_are_highlighted_in_words(client_for, board_member, records):
    html = client_for(board_member).get(URL).content.decode()
    national = agency_row(html, "National Body")
    assert 'class="rate below-threshold">0% <span class="threshold-note">below 50%</span>' in national
    # 50% is at the threshold, not below it.
    assert "below-threshold" not in agency_row(html, "Health Trust")


def test_the_threshold_comes_from_settings(client_for, board_member, records, settings):
    settings.LSCB_ATTENDANCE_THRESHOLD = 0.75
    html = client_for(board_member).get(URL).content.decode()
    assert "below 75%" in agency_row(html, "Health Trust")


def test_people_are_listed_in_a_collapsible_table(client_for, board_member, records):
    html = client_for(board_member).get(URL).content.decode()
    assert "<summary>Each person's attendance (4 people)</summary>" in html
    assert re.search(r"Hana Hill</a></th>\s*<td>Health Trust</td>\s*<td>2</td>\s*<td>1</td>\s*<td>50%</td>", html)


def test_the_year_switcher(client_for, board_member, records):
    client = client_for(board_member)
    html = client.get(URL).content.decode()
    assert 'href="/nscp/attendance/2014-15/" rel="prev"' in html
    assert 'href="/nscp/attendance/2016-17/" rel="next"' in html
    last_year = client.get("/nscp/attendance/2014-15/").content.decode()
    # 2014-15 has only the Board's 04/02/2015 meeting; the rate beside it is 2013-14's: none.
    assert "Business Committee" not in last_year
    constabulary = agency_row(last_year, "Constabulary")
    assert re.search(r'0% <span class="threshold-note">below 50%</span></td>\s*<td class="rate">n/a</td>', constabulary)
    assert "No group has a meeting dated in 2016-17." in client.get("/nscp/attendance/2016-17/").content.decode()


def test_the_current_year_redirects_to_its_page(client_for, board_member, board):
    response = client_for(board_member).get("/nscp/attendance/")
    assert response.status_code == 302
    assert response["Location"] == f"/nscp/attendance/{ReportingYear.current().label}/"


def test_filter_by_group(client_for, board_member, records):
    client = client_for(board_member)
    html = client.get(URL, {"group": records.committee.pk}).content.decode()
    assert "Business Committee</a></h2>" in html and "Safeguarding Board</a></h2>" not in html
    # Anything not on the allow-list of the year's groups shows every group, with the form's error.
    for wrong in ("abc", "999999", f"{records.board.pk} OR 1=1"):
        response = client.get(URL, {"group": wrong})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Business Committee</a></h2>" in html and "Safeguarding Board</a></h2>" in html
        assert "Select a valid choice" in html


def test_export_csv(client_for, board_member, records):
    response = client_for(board_member).get(URL, {"_export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="attendance-nscp-2015-16.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Group", "Agency", "Meetings expected at", "Meetings attended", "This year", "Last year", "Note"],
        ["Business Committee", "Constabulary", "1", "1", "100%", "", ""],
        ["Safeguarding Board", "Constabulary", "2", "2", "100%", "0%", ""],
        ["Safeguarding Board", "Health Trust", "2", "1", "50%", "100%", ""],
        ["Safeguarding Board", "National Body", "2", "0", "0%", "100%", "Below 50%"],
        ["Safeguarding Board", "Voluntary Forum", "0", "1", "", "", "Attended only when not expected"],
    ]


def test_export_xlsx_of_one_group(client_for, board_member, records):
    response = client_for(board_member).get(URL, {"_export": "xlsx", "group": records.board.pk})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="attendance-nscp-2015-16.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Group", "Agency", "Meetings expected at", "Meetings attended", "This year", "Last year", "Note"],
        ["Safeguarding Board", "Constabulary", 2, 2, 1, 0, None],
        ["Safeguarding Board", "Health Trust", 2, 1, 0.5, 1, None],
        ["Safeguarding Board", "National Body", 2, 0, 0, 1, "Below 50%"],
        ["Safeguarding Board", "Voluntary Forum", 0, 1, None, None, "Attended only when not expected"],
    ]
    assert sheet["E3"].number_format == "0%"


def test_an_unknown_export_format_shows_the_page(client_for, board_member, records):
    response = client_for(board_member).get(URL, {"_export": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_anonymous_users_are_sent_to_sign_in(client_for, board):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
    assert client_for(None).get(URL + "?_export=csv").status_code == 302


@pytest.mark.parametrize("user_fixture", ["board_member", "manager", "chair", "subgroup_chair"])
def test_every_role_may_read_it(client_for, user_fixture, request, board):
    assert client_for(request.getfixturevalue(user_fixture)).get(URL).status_code == 200


def test_a_user_without_a_role_is_refused(client_for, board):
    assert client_for(UserFactory(username="norole")).get(URL).status_code == 403


def test_query_count_is_small_and_does_not_grow(client_for, board_member, records, django_assert_max_num_queries):
    client = client_for(board_member)
    # 5 of them on every signed-in page of a board: the session, the user, their two-factor device,
    # their roles and permissions, and the instance's boards (lscb.boards).
    # The first request draws the figures (a second is served from the cache: lscb.freshness).
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    # Five more groups with six agencies and eleven registered meetings each this year and last.
    for g in range(5):
        group = GroupFactory(name=f"Task and finish group {g}")
        people = [PersonFactory(agency=AgencyFactory(name=f"Agency {g}-{a}")) for a in range(6)]
        for person in people:
            MembershipFactory(group=group, person=person)
        for first in (2014, 2015):
            for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2):
                day = date(first if month >= 4 else first + 1, month, 20)
                held(
                    group,
                    day,
                    {
                        person: ("present", "apologies", "part", "not_expected")[(month + a) % 4]
                        for a, person in enumerate(people)
                    },
                )
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert "Task and finish group 4" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as export:
        client.get(URL, {"_export": "xlsx"})
    assert len(export.captured_queries) <= len(small.captured_queries)


def test_part_not_expected_and_a_representative_show_in_the_grid_and_its_key(client_for, board_member):
    group = GroupFactory(name="Joint Case Review Group (with the “Dale” adults\N{RIGHT SINGLE QUOTATION MARK} board)")
    police = AgencyFactory(name="Constabulary")
    bob = PersonFactory(name="Bob Brown", agency=police)
    hana = PersonFactory(name="Hana Hill", agency=AgencyFactory(name="Health Trust"))
    nora = PersonFactory(name="Nora North", agency=AgencyFactory(name="National Body"))
    for person in (bob, hana, nora):
        MembershipFactory(group=group, person=person)
    held(group, date(2015, 5, 6), {bob: "part", hana: "present", nora: "not_expected"})
    second = held(group, date(2015, 7, 1), {bob: "apologies", nora: "apologies"})
    AttendanceFactory(meeting=second, person=hana, status="present", on_behalf_of=bob)

    html = client_for(board_member).get(URL).content.decode()
    # Bob for part of M1, Hana present for him at M2: 2/2 for the Constabulary.
    constabulary = agency_row(html, "Constabulary")
    assert (
        '<td class="att-part" title="Part: present for part of the meeting"><span aria-hidden="true">½</span>'
        '<span class="visually-hidden">Part: present for part of the meeting</span></td>'
    ) in constabulary
    assert 'class="att-attended" title="Attended"' in constabulary
    assert re.search(r"<td>2</td>\s*<td>2</td>\s*<td class=\"rate\">100%</td>", constabulary)
    # Nora was not expected at M1: the National Body is out of that meeting, 0/1 (apologies at M2).
    national = agency_row(html, "National Body")
    assert 'class="att-not-expected" title="Not expected"' in national
    assert re.search(r"<td>1</td>\s*<td>0</td>", national)
    # The key has Part with its own symbol.
    assert '<span class="key-symbol att-part" aria-hidden="true">½</span> Part' in html
    # Each person: Bob 2 of 2 (part, and represented), Nora 0 of 1.
    assert re.search(r"Bob Brown</a></th>\s*<td>Constabulary</td>\s*<td>2</td>\s*<td>2</td>\s*<td>100%</td>", html)
    assert re.search(r"Nora North</a></th>\s*<td>National Body</td>\s*<td>1</td>\s*<td>0</td>\s*<td>0%</td>", html)


def test_agencies_are_listed_worst_first_when_asked_at_the_same_cost(client_for, board_member, records):
    client = client_for(board_member)
    client.get(URL)
    with CaptureQueriesContext(connection) as by_name:
        html = client.get(URL, {"group": records.board.pk}).content.decode()
    names = re.findall(r'<th scope="row">([^<]+)</th>', html.split("attendance-grid")[1])
    assert names == ["Constabulary", "Health Trust", "National Body", "Voluntary Forum"]
    assert f"?group={records.board.pk}&amp;sort=worst" in html
    with CaptureQueriesContext(connection) as worst:
        html = client.get(URL, {"group": records.board.pk, "sort": "worst"}).content.decode()
    # 0%, 50%, 100%, then the agency that came only when not expected (no rate).
    names = re.findall(r'<th scope="row">([^<]+)</th>', html.split("attendance-grid")[1])
    assert names == ["National Body", "Health Trust", "Constabulary", "Voluntary Forum"]
    assert '<option value="worst" selected>' in html
    assert len(worst.captured_queries) == len(by_name.captured_queries)
    # The download follows the order shown; an order the page does not offer is ignored.
    rows = list(csv.reader(io.StringIO(client.get(URL, {"sort": "worst", "_export": "csv"}).content.decode())))
    assert [row[1] for row in rows if row[0] == "Safeguarding Board"] == [
        "National Body",
        "Health Trust",
        "Constabulary",
        "Voluntary Forum",
    ]
    html = client.get(URL, {"group": records.board.pk, "sort": "best"}).content.decode()
    names = re.findall(r'<th scope="row">([^<]+)</th>', html.split("attendance-grid")[1])
    assert names == ["Constabulary", "Health Trust", "National Body", "Voluntary Forum"]
