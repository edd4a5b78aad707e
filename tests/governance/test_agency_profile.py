"""An agency's one profile: its seats and people, its attendance per group this year and last
(worst first), the challenges put to it and the recommendations it leads, in a fixed number of
queries however much it holds."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lscb import roles
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    BoardFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    UserFactory,
    default_board,
)

pytestmark = pytest.mark.django_db


def held(group, day: date, register: dict):
    meeting = MeetingFactory(group=group, date=day, status="held")
    for person, status in register.items():
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return meeting


def day(year: ReportingYear, n: int) -> date:
    """The n-th day of the year's first months: every meeting of these tests is in the past."""
    return year.start + timedelta(days=n)


@pytest.fixture
def police():
    """The Constabulary in the year running and the one before.

    This year: Board 2/2 = 100%; Business Committee 1/4 = 25%, below 50%; Case Review Group 0/1 = 0%.
    Last year: Board 1/2 = 50%; Training Group 0/1 = 0% (its seat ended; no meeting this year).
    Worst first: Case Review Group, Business Committee, Board, then Training Group (no figure this year).
    """
    year = ReportingYear.current()
    last = year.previous
    agency = AgencyFactory(name="Northmoor Constabulary")
    bob = PersonFactory(name="Bob Brown", agency=agency, job_title="Detective Superintendent")
    hana = PersonFactory(name="Hana Hill", agency=AgencyFactory(name="Health Trust"))
    groups = SimpleNamespace(
        board=GroupFactory(name="Safeguarding Board"),
        committee=GroupFactory(name="Business Committee"),
        review=GroupFactory(name="Case Review Group"),
        training=GroupFactory(name="Training Group"),
    )
    for group in (groups.board, groups.committee, groups.review):
        MembershipFactory(group=group, person=bob)
        MembershipFactory(group=group, person=hana)
    MembershipFactory(group=groups.training, person=bob, end=last.end)
    held(groups.board, day(last, 30), {bob: "absent", hana: "present"})
    held(groups.board, day(last, 90), {bob: "present", hana: "present"})
    held(groups.training, day(last, 60), {bob: "apologies"})
    held(groups.board, day(year, 10), {bob: "present", hana: "present"})
    held(groups.board, day(year, 70), {bob: "deputy", hana: "present"})
    for n, status in enumerate(("present", "absent", "apologies", "absent")):
        held(groups.committee, day(year, 5 + n * 20), {bob: status, hana: "present"})
    held(groups.review, day(year, 40), {bob: "apologies", hana: "present"})
    for n in range(6):
        ChallengeFactory(
            agency=agency,
            ref=f"CH-{year.first}-{n + 1:02d}",
            subject=f"Question {n + 1}",
            raised_on=day(year, n),
            status="closed" if n == 5 else "open",
        )
    ChallengeFactory(agency=hana.agency, subject="Not about the police")
    RecommendationFactory(lead_agency=agency, text="Police to train every officer in the voice of the child")
    return SimpleNamespace(agency=agency, bob=bob, groups=groups, year=year)


def profile(client, agency, board=None) -> str:
    board = board or default_board()
    response = client.get(reverse("governance:agency-detail", args=[board.slug, agency.pk]))
    assert response.status_code == 200
    return response.content.decode()


def attendance_rows(html: str) -> list[str]:
    """The rows of the attendance table as text: group, this year's figures, last year's."""
    table = re.search(r'<table class="table table-sm align-top agency-attendance">.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_the_profile_shows_attendance_per_group_worst_first_with_counts_and_last_year(client_for, board_member, police):
    html = profile(client_for(board_member), police.agency)
    assert f"Attendance in {police.year} and {police.year.previous}" in html
    assert attendance_rows(html) == [
        "Case Review Group 0% (0 / 1) below 50% no figure",
        "Business Committee 25% (1 / 4) below 50% no figure",
        "Safeguarding Board 100% (2 / 2) 50% (1 / 2)",
        "Training Group no figure 0% (0 / 1) below 50%",
    ]
    # Each group links to its figures on the attendance page.
    attendance = reverse("governance:attendance", args=["nscp", police.year.label])
    assert f'href="{attendance}#group-{police.groups.review.pk}"' in html


def test_the_profile_shows_seats_people_challenges_and_recommendations(client_for, board_member, police):
    html = profile(client_for(board_member), police.agency)
    assert "Seats held today" in html and "Detective Superintendent" in html
    # The latest five challenges, the unclosed first, and the way to the full record.
    listed = re.findall(r'<a href="/nscp/challenges/(CH-[^/]+)/">', html)
    year = police.year.first
    assert listed == [f"CH-{year}-05", f"CH-{year}-04", f"CH-{year}-03", f"CH-{year}-02", f"CH-{year}-01"]
    assert "6 challenges from this board, 5 not closed: open 5 · closed 1." in html
    assert "Not about the police" not in html
    record = reverse("challengelog:agency-record", args=["nscp", police.agency.pk])
    assert f'href="{record}">Every challenge to this agency' in html
    assert "Police to train every officer in the voice of the child" in html
    # Those who log challenges may log one to this agency from here.
    assert "Log a challenge to this agency" not in html
    chair = UserFactory(username="chair", roles=[roles.CHAIR])
    assert f"/nscp/challenges/new/?agency={police.agency.pk}" in profile(client_for(chair), police.agency)


def test_an_agency_with_nothing_yet_reads_plainly(client_for, board_member):
    agency = AgencyFactory(name="Dental Practice")
    html = profile(client_for(board_member), agency)
    assert "was not expected at, and did not attend, a held meeting with a register" in html
    assert "No challenge from this board has been put to this agency." in html
    assert "This agency leads none of this board's open recommendations" in html


def test_another_boards_groups_and_challenges_are_not_on_this_boards_profile(client_for, police):
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab")
    sar = GroupFactory(board=adults, name="SAR Sub-group")
    MembershipFactory(group=sar, person=police.bob)
    held(sar, day(police.year, 3), {police.bob: "absent"})
    ChallengeFactory(board=adults, agency=police.agency, ref="CH-A-01", subject="An adults board question")
    manager = UserFactory(username="manager", roles=[roles.BUSINESS_MANAGER])
    client = client_for(manager)
    children = profile(client, police.agency)
    assert "SAR Sub-group" not in children and "An adults board question" not in children
    adults_page = profile(client, police.agency, board=adults)
    assert attendance_rows(adults_page) == ["SAR Sub-group 0% (0 / 1) below 50% no figure"]
    assert "An adults board question" in adults_page and "Question 1" not in adults_page


def test_the_profile_costs_the_same_number_of_queries_however_much_the_agency_holds(client_for, board_member, police):
    client = client_for(board_member)
    profile(client, police.agency)  # the session and the board are read once per test client
    with CaptureQueriesContext(connection) as small:
        profile(client, police.agency)
    # More groups, seats, meetings, registers, challenges and recommendations, this year and last.
    for g in range(4):
        group = GroupFactory(name=f"Task and finish group {g}")
        people = [PersonFactory(agency=police.agency) for _ in range(3)]
        for person in people:
            MembershipFactory(group=group, person=person)
        for year in (police.year, police.year.previous):
            for m in range(3):
                held(group, day(year, 100 + m * 30), dict.fromkeys(people, ("present", "absent", "deputy")[m]))
        ChallengeFactory(agency=police.agency, ref=f"CH-X-{g}", raised_on=day(police.year, 50))
        RecommendationFactory(lead_agency=police.agency)
    with CaptureQueriesContext(connection) as large:
        html = profile(client, police.agency)
    assert "Task and finish group 3" in html
    assert len(large.captured_queries) == len(small.captured_queries)
    # Pinned: 6 to sign in and find the board, 1 the agency, 3 its seats, people and registers,
    # 12 the two years' figures (governance.statistics, 6 a year), 2 the challenges, 1 the
    # recommendations.
    assert len(small.captured_queries) == 25, "\n".join(q["sql"] for q in small.captured_queries)


def test_a_part_the_reader_may_not_see_is_left_out_and_the_parts_keep_their_order(rf, board_member, monkeypatch):
    from governance import profiles

    monkeypatch.setattr(profiles, "AGENCY_SECTIONS", dict(profiles.AGENCY_SECTIONS))
    profiles.register_agency_section("hidden", "none.html", lambda request, agency: None, 1)
    profiles.register_agency_section("first", "first.html", lambda request, agency: {"title": "First"}, 5)
    request = rf.get("/")
    request.user, request.board = board_member, default_board()
    names = [section.name for section in profiles.agency_sections(request, AgencyFactory())]
    assert names == ["first", "challenges", "recommendations"]
