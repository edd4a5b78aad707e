"""A board member signs in, reads the dashboard's tiles, and follows the heat map to the attendance page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AttendanceFactory,
    BoardFactory,
    ChallengeFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
)

# serialized_rollback: the roles made by a data migration come back after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def board_year(board_member):
    today = timezone.localdate()
    year = ReportingYear.current()
    police = AgencyFactory(name="Northmoor Constabulary", short_name="Police")
    health = AgencyFactory(name="Dale Valley Hospitals", short_name="Hospitals")
    board = GroupFactory(name="Safeguarding Board", short_name="Board", kind="board")
    officer = PersonFactory(name="Alice Able", agency=police)
    nurse = PersonFactory(name="Harry Hale", agency=health)
    MembershipFactory(group=board, person=officer)
    MembershipFactory(group=board, person=nurse)
    held = MeetingFactory(group=board, date=today, status="held")
    AttendanceFactory(meeting=held, person=officer, status="present")
    AttendanceFactory(meeting=held, person=nurse, status="apologies")
    MeetingFactory(group=board, date=today + timedelta(days=14))

    plan = PlanFactory(title="Business Plan", slug="plan", start=year.start, end=year.end)
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1, title="Neglect"))
    ActionFactory(objective=objective, ref="1.1", initial_rating="green", rating="green")
    ActionFactory(
        objective=objective, ref="1.2", initial_rating="amber", rating="amber", due_date=today - timedelta(days=1)
    )
    ActionFactory(objective=objective, ref="1.3")
    ChallengeFactory(ref="CH-1", agency=health, subject="Health assessments", response_due=today - timedelta(days=1))
    return year


def test_a_board_member_reads_the_dashboard_and_opens_attendance(page, live_server, sign_in, axe_clean, board_year):
    sign_in(page, "member")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Northmoor Safeguarding Children Partnership: dashboard {board_year}"
    )
    for tile in [
        "Business plan: RAG by priority",
        "Ratings changed",
        "Overdue actions",
        "Attendance by agency and group",
        "Meetings held to date",
        "Next meetings",
        "Challenges to agencies",
        "Data gaps",
    ]:
        expect(page.get_by_role("heading", level=2, name=tile)).to_be_visible()
    expect(page.get_by_role("heading", name="Meetings to record")).to_have_count(0)
    expect(page.get_by_role("img", name="Business Plan: actions by RAG rating and priority")).to_be_visible()
    heat = page.get_by_role("table", name="Each agency's attendance rate")
    expect(heat.get_by_role("row", name="Dale Valley Hospitals")).to_contain_text("0% ▼")
    expect(heat.get_by_role("cell", name="0% below the threshold")).to_be_visible()
    axe_clean(page)

    # The chart's figures open as a table, and stay accessible.
    page.get_by_text("The chart's figures as a table").click()
    expect(page.get_by_role("table", name="Business Plan: actions by RAG rating")).to_be_visible()
    axe_clean(page)

    page.get_by_role("link", name=f"Attendance {board_year} in full").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance {board_year}")
    expect(page.get_by_text("Dale Valley Hospitals").first).to_be_visible()
    axe_clean(page)


def test_each_board_has_its_own_dashboard(page, live_server, sign_in, axe_clean, board_year):
    """Two boards: the list of boards, then the adults' board's dashboard, which shows its own
    plan and the joint group's meetings, not the children's plan or challenges."""
    today = timezone.localdate()
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")
    joint = GroupFactory(name="Joint Communications Group", short_name="Comms")
    joint.joint_boards.add(adults)
    MeetingFactory(group=joint, date=today + timedelta(days=10))
    PlanFactory(
        board=adults, title="Adults Strategic Plan", slug="sab-plan", start=board_year.start, end=board_year.end
    )

    sign_in(page, "member")
    page.goto(f"{live_server.url}/nsab/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Northmoor Safeguarding Adults Board: dashboard {board_year}"
    )
    expect(page.get_by_role("link", name="Adults Strategic Plan").first).to_be_visible()
    expect(page.get_by_text("Joint Communications Group").first).to_be_visible()
    expect(page.get_by_role("link", name="Business Plan", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="CH-1")).to_have_count(0)
    axe_clean(page)

    page.goto(f"{live_server.url}/nscp/")
    expect(page.get_by_role("link", name="CH-1")).to_be_visible()
    expect(page.get_by_text("Joint Communications Group").first).to_be_visible()
    expect(page.get_by_text("Adults Strategic Plan")).to_have_count(0)
