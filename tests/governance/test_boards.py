"""Two boards in one instance: each board's governance pages show its own groups and its joint
groups (once each), a record of the other board is not found under this board's address, a group
belongs to the board it was added on, and a role held for one board does not reach the other."""

from datetime import date
from types import SimpleNamespace

import pytest

from governance.models import BoardKind, Group, Meeting
from governance.statistics import year_figures
from lscb import roles
from lscb.years import ReportingYear
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    BoardFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.governance import board_url

pytestmark = pytest.mark.django_db

YEAR = ReportingYear.parse("2025-26")


@pytest.fixture
def two(board):
    """The children's partnership (the default board) and the adults' board of the same area: each
    with its own group, and a training group of the children's partnership joint with both, one
    person on all three (held meetings with a register in 2025-26)."""
    adults = BoardFactory(
        name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind=BoardKind.ADULTS
    )
    children_group = GroupFactory(board=board, name="Case Review Group")
    adults_group = GroupFactory(board=adults, name="SAR Sub-group")
    joint = GroupFactory(board=board, name="Joint Training Group", kind="subgroup")
    joint.joint_boards.add(adults)
    police = AgencyFactory(name="Constabulary", short_name="Police")
    pat = PersonFactory(name="Pat Officer", agency=police)
    meetings = {}
    for group in (children_group, adults_group, joint):
        MembershipFactory(group=group, person=pat, start=date(2025, 4, 1))
        meeting = MeetingFactory(group=group, date=date(2025, 6, 10), status="held")
        AttendanceFactory(meeting=meeting, person=pat, status="present")
        meetings[group.pk] = meeting
    return SimpleNamespace(
        children=board,
        adults=adults,
        children_group=children_group,
        adults_group=adults_group,
        joint=joint,
        pat=pat,
        police=police,
        meetings=meetings,
    )


def page(client, name, *args, board):
    response = client.get(board_url(name, *args, board=board))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- joint groups: under both boards, once each ---------------------------------------------------


def test_a_joint_group_shows_once_on_each_boards_structure(client_for, manager, two):
    client = client_for(manager)
    children = page(client, "governance:structure", board=two.children)
    adults = page(client, "governance:structure", board=two.adults)
    assert children.count(">Joint Training Group</a>") == 1
    assert adults.count(">Joint Training Group</a>") == 1
    # Each board's own group only under its own address.
    assert "Case Review Group" in children and "Case Review Group" not in adults
    assert "SAR Sub-group" in adults and "SAR Sub-group" not in children
    # Marked as joint with the other board, each way round.
    assert "Joint with NSAB" in children
    assert "Joint with NSCP" in adults
    # Links stay under the board's own address.
    assert f'href="/nsab/groups/{two.joint.pk}/"' in adults
    assert f'href="/nscp/groups/{two.joint.pk}/"' in children


def test_a_joint_groups_meetings_show_once_on_each_boards_calendar(client_for, manager, two):
    client = client_for(manager)
    joint_meeting = two.meetings[two.joint.pk]
    for board, own, other in (
        (two.children, two.children_group, two.adults_group),
        (two.adults, two.adults_group, two.children_group),
    ):
        html = page(client, "governance:calendar", YEAR.label, board=board)
        rows = client.get(board_url("governance:calendar", YEAR.label, board=board)).context["table"].data.data
        assert sorted(meeting.group.name for meeting in rows) == sorted(["Joint Training Group", own.name])
        assert html.count(f'href="/{board.slug}/meetings/{joint_meeting.pk}/"') == 2  # the grid and the table
        assert other.name not in html
        assert "joint with" in html


def test_a_joint_groups_attendance_counts_once_under_each_board(client_for, manager, two):
    client = client_for(manager)
    for board, own, other in (
        (two.children, two.children_group, two.adults_group),
        (two.adults, two.adults_group, two.children_group),
    ):
        figures = year_figures(YEAR, board=board)
        assert sorted(row.group.name for row in figures.groups) == sorted(["Joint Training Group", own.name])
        joint = next(row for row in figures.groups if row.group.pk == two.joint.pk)
        assert (joint.planned, joint.held) == (1, 1)
        html = page(client, "governance:attendance", YEAR.label, board=board)
        assert html.count(f'id="group-{two.joint.pk}-title"') == 1
        assert other.name not in html
        assert "(joint with" in html


def test_a_joint_groups_pages_open_under_both_boards(client_for, manager, two):
    client = client_for(manager)
    meeting = two.meetings[two.joint.pk]
    for board in (two.children, two.adults):
        page(client, "governance:group-detail", two.joint.pk, board=board)
        page(client, "governance:meeting-detail", meeting.pk, board=board)
        page(client, "governance:meeting-record", meeting.pk, board=board)
    html = page(client, "governance:group-detail", two.joint.pk, board=two.adults)
    # Under the other board's address it says whose group it is.
    assert "Northmoor Safeguarding Children Partnership</a>, joint with Northmoor Safeguarding Adults Board" in html


# --- a record of the other board is not found here ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["governance:group-detail", "governance:group-edit", "governance:group-schedule"],
)
def test_a_group_of_one_board_is_not_found_under_the_others_address(client_for, manager, two, name):
    client = client_for(manager)
    assert client.get(board_url(name, two.adults_group.pk, board=two.children)).status_code == 404
    assert client.get(board_url(name, two.children_group.pk, board=two.adults)).status_code == 404
    assert client.get(board_url(name, two.adults_group.pk, board=two.adults)).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "governance:meeting-detail",
        "governance:meeting-edit",
        "governance:meeting-delete",
        "governance:meeting-record",
        "governance:meeting-cancel",
    ],
)
def test_a_meeting_follows_its_group(client_for, manager, two, name):
    client = client_for(manager)
    meeting = two.meetings[two.adults_group.pk]
    assert client.get(board_url(name, meeting.pk, board=two.children)).status_code == 404
    assert client.get(board_url(name, meeting.pk, board=two.adults)).status_code == 200


def test_reinstating_a_meeting_of_another_board_is_not_found(client_for, manager, two):
    meeting = two.meetings[two.adults_group.pk]
    response = client_for(manager).post(board_url("governance:meeting-reinstate", meeting.pk, board=two.children))
    assert response.status_code == 404


def test_a_membership_follows_its_group(client_for, manager, two):
    client = client_for(manager)
    seat = two.adults_group.memberships.get()
    assert client.get(board_url("governance:membership-edit", seat.pk, board=two.children)).status_code == 404
    assert client.get(board_url("governance:membership-edit", seat.pk, board=two.adults)).status_code == 200
    listed = client.get(board_url("governance:membership-list", board=two.children)).context["table"].data.data
    assert sorted(seat.group.name for seat in listed) == ["Case Review Group", "Joint Training Group"]


def test_people_and_agencies_are_shared_and_show_the_boards_own_seats(client_for, manager, two):
    client = client_for(manager)
    for board in (two.children, two.adults):
        assert "Pat Officer" in page(client, "governance:person-list", board=board)
        assert "Constabulary" in page(client, "governance:agency-list", board=board)
    children = page(client, "governance:person-detail", two.pat.pk, board=two.children)
    assert "Case Review Group" in children and "SAR Sub-group" not in children
    # Where they also sit: the other board's page of the same person.
    assert f'href="/nsab/people/{two.pat.pk}/">Northmoor Safeguarding Adults Board</a>' in children
    adults = page(client, "governance:agency-detail", two.police.pk, board=two.adults)
    assert "SAR Sub-group" in adults and "Case Review Group" not in adults
    assert "Joint Training Group" in adults


def test_history_links_back_to_the_board_it_came_from(client_for, manager, two):
    client = client_for(manager)
    html = page(client, "governance:group-detail", two.joint.pk, board=two.adults)
    history = f"/history/governance/group/{two.joint.pk}/?board=nsab"
    assert f'href="{history}"' in html
    back = client.get(history).content.decode()
    assert f'href="/nsab/groups/{two.joint.pk}/"' in back
    # Without the board it came from: the group's own board.
    back = client.get(f"/history/governance/group/{two.adults_group.pk}/").content.decode()
    assert f'href="/nsab/groups/{two.adults_group.pk}/"' in back


# --- adding and editing groups -------------------------------------------------------------------


def group_data(name, **extra):
    return {"name": name, "kind": "subgroup", **extra}


def test_a_group_added_under_a_boards_address_belongs_to_that_board(client_for, manager, two):
    client = client_for(manager)
    response = client.post(board_url("governance:group-create", board=two.adults), group_data("Quality Group"))
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get(name="Quality Group")
    assert group.board == two.adults
    assert response["Location"] == f"/nsab/groups/{group.pk}/"


def test_the_same_group_name_in_two_boards_but_not_twice_in_one(client_for, manager, two):
    client = client_for(manager)
    response = client.post(board_url("governance:group-create", board=two.adults), group_data("Case Review Group"))
    assert response.status_code == 302
    assert Group.objects.filter(name="Case Review Group").count() == 2
    response = client.post(board_url("governance:group-create", board=two.adults), group_data("SAR Sub-group"))
    assert response.status_code == 200
    assert (
        "Northmoor Safeguarding Adults Board already has a group named &quot;SAR Sub-group&quot;: choose another name."
        in response.content.decode()
    )
    assert Group.objects.filter(name="SAR Sub-group").count() == 1


def test_a_parent_from_another_board_is_refused(client_for, manager, two):
    client = client_for(manager)
    data = group_data("Practice Group", parent=two.children_group.pk)
    response = client.post(board_url("governance:group-create", board=two.adults), data)
    assert response.status_code == 200
    assert (
        "A group reports to a group of its own board: choose a group of Northmoor Safeguarding Adults Board."
        in response.content.decode()
    )
    assert not Group.objects.filter(name="Practice Group").exists()
    # A group of the same board is taken.
    data = group_data("Practice Group", parent=two.adults_group.pk)
    assert client.post(board_url("governance:group-create", board=two.adults), data).status_code == 302


def test_the_service_refuses_a_parent_of_another_board(manager, two):
    from django.core.exceptions import ValidationError

    from governance import services

    group = Group(name="Practice Group", kind="subgroup", parent=two.children_group)
    with pytest.raises(ValidationError, match="choose a group of Northmoor Safeguarding Adults Board"):
        services.group_save(group=group, by=manager, board=two.adults)


def test_the_joint_boards_are_chosen_among_the_other_boards(client_for, manager, two):
    client = client_for(manager)
    form = client.get(board_url("governance:group-create", board=two.adults)).content.decode()
    assert "Joint with (boards of this instance)" in form
    assert f'value="{two.children.pk}"' in form
    data = group_data("Joint Communications Group", joint_boards=[two.children.pk])
    assert client.post(board_url("governance:group-create", board=two.adults), data).status_code == 302
    group = Group.objects.get(name="Joint Communications Group")
    assert (group.board, list(group.joint_boards.all())) == (two.adults, [two.children])
    assert "Joint Communications Group" in page(client, "governance:structure", board=two.children)
    # Its own board is no choice.
    data = group_data("Joint Communications Group", joint_boards=[two.adults.pk])
    response = client.post(board_url("governance:group-edit", group.pk, board=two.adults), data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_with_one_board_the_form_has_no_joint_boards(client_for, manager, board):
    form = client_for(manager).get(board_url("governance:group-create", board=board)).content.decode()
    assert "Joint with (boards of this instance)" not in form
    assert "Joint with a board elsewhere" in form


# --- roles for one board ---------------------------------------------------------------------------


def test_a_subgroup_chair_of_one_board_records_only_that_boards_meetings(client_for, two):
    user = UserFactory(username="adults-subchair", board_roles=[(roles.SUBGROUP_CHAIR, two.adults)])
    person = PersonFactory(name="Sue Chair", user=user)
    # Chairs a group of each board; the role is held for the adults' board only.
    MembershipFactory(group=two.adults_group, person=person, role="chair")
    MembershipFactory(group=two.children_group, person=person, role="chair")
    client = client_for(user)
    theirs = two.meetings[two.adults_group.pk]
    others = two.meetings[two.children_group.pk]
    assert client.get(board_url("governance:meeting-record", theirs.pk, board=two.adults)).status_code == 200
    assert client.get(board_url("governance:meeting-cancel", theirs.pk, board=two.adults)).status_code == 200
    assert client.get(board_url("governance:meeting-record", others.pk, board=two.children)).status_code == 403
    assert client.get(board_url("governance:meeting-cancel", others.pk, board=two.children)).status_code == 403
    response = client.post(board_url("governance:meeting-reinstate", others.pk, board=two.children))
    assert response.status_code == 403
    assert Meeting.objects.get(pk=others.pk).status == "held"


# --- query budgets do not grow with the boards ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("governance:structure", []),
        ("governance:group-list", []),
        ("governance:membership-list", []),
        ("governance:person-list", []),
        ("governance:calendar", [YEAR.label]),
        ("governance:attendance", [YEAR.label]),
    ],
)
def test_a_boards_pages_cost_the_same_with_more_boards(client_for, manager, two, name, args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    url = board_url(name, *args, board=two.adults)
    # The session and the two-factor check settle on a first request (of another page: a page's
    # second request could be served from the cache of its drawn parts, lscb.freshness).
    client.get(board_url("governance:agency-list", board=two.adults))
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    # Two more boards, each with a group joint with the adults' board and a meeting held.
    for n in range(2):
        other = BoardFactory(name=f"Neighbouring board {n}", slug=f"neighbour-{n}")
        group = GroupFactory(board=other, name=f"Joint panel {n}")
        group.joint_boards.add(two.adults)
        MembershipFactory(group=group, person=two.pat, start=date(2025, 4, 1))
        meeting = MeetingFactory(group=group, date=date(2025, 7, 1 + n), status="held")
        AttendanceFactory(meeting=meeting, person=two.pat, status="present")
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert name == "governance:person-list" or "Joint panel 1" in html
    assert len(after.captured_queries) == len(before.captured_queries)


def test_a_role_for_one_board_reads_and_manages_that_board_only(client_for, two):
    user = UserFactory(username="adults-manager", board_roles=[(roles.BUSINESS_MANAGER, two.adults)])
    client = client_for(user)
    assert client.get(board_url("governance:group-create", board=two.adults)).status_code == 200
    assert client.get(board_url("governance:group-create", board=two.children)).status_code == 403
    assert client.get(board_url("governance:structure", board=two.children)).status_code == 403
    # The history of a record follows the record's board (and the boards it is joint with).
    assert client.get(f"/history/governance/group/{two.adults_group.pk}/").status_code == 200
    assert client.get(f"/history/governance/group/{two.joint.pk}/").status_code == 200
    assert client.get(f"/history/governance/group/{two.children_group.pk}/").status_code == 403
    meeting = two.meetings[two.children_group.pk]
    assert client.get(f"/history/governance/meeting/{meeting.pk}/").status_code == 403
